// A tender's timeline as numbers: its steps (expected publication, bid deadline, award, contract
// start) as evenly spaced dots on a line, and where today falls. Even spacing, not a time scale:
// a step without a date still has its place, and the labels under the dots never crowd. Pure
// geometry in SVG user units; the template draws it in a viewBox.

export interface TimelineStep {
  /** 'YYYY-MM-DD' when the step has a date (a period's first day), else null. */
  date: string | null;
  done: boolean;
}

export const timelineMeasures = { width: 400, lineY: 34, radius: 8, nameY: 66, dateY: 86, height: 94 } as const;

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));
const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

export function timelineChart<S extends TimelineStep>(steps: readonly S[], today: string) {
  const { width, lineY } = timelineMeasures;
  const spacing = width / Math.max(steps.length, 1);
  const placed = steps.map((step, i) => ({ ...step, x: spacing * (i + 0.5), y: lineY }));
  return { ...timelineMeasures, line: { x1: spacing / 8, x2: width - spacing / 8 }, steps: placed, today: { x: todayX(placed, today, spacing), y1: lineY - 14, y2: lineY + 14 } };
}

/** Today sits after the last step done: before the first dot when none is, after the last when all are. */
function todayX(steps: ReadonlyArray<TimelineStep & { x: number }>, today: string, spacing: number): number {
  if (steps.length === 0) return 0;
  const last = steps.map((step) => step.done).lastIndexOf(true);
  if (last < 0) return steps[0]!.x - spacing / 4;
  if (last === steps.length - 1) return steps[last]!.x + spacing / 4;
  const [from, to] = [steps[last]!, steps[last + 1]!];
  // Between two dated steps, today's share of the days between them (kept off the dots); else halfway.
  const share = from.date && to.date && days(to.date) > days(from.date) ? (days(today) - days(from.date)) / (days(to.date) - days(from.date)) : 0.5;
  return Math.round((from.x + clamp(share, 0.2, 0.8) * (to.x - from.x)) * 100) / 100;
}

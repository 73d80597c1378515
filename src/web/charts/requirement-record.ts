// A requirement's record across contracts as numbers: per year, a bar for what the contracts
// required and one for what was delivered, both on one scale (the larger of all values fills the
// width). Pure geometry in SVG user units (the template draws it in a viewBox, so it scales to any
// width); no words here. The table beside the chart holds the same numbers.

export interface YearTotals {
  /** 'YYYY': the year the contracts were signed (a cohort). */
  year: string;
  required: number;
  delivered: number;
}

/** Required in grey, delivered in the portal's blue: each at least 4.5:1 against white. */
export const recordColours = { required: '#5c5c5c', delivered: '#0b5ca8' } as const;

export const recordMeasures = { width: 420, lineHeight: 20, barHeight: 16, barGap: 4, gap: 16, top: 4 } as const;

/** Two decimals are finer than any screen shows, and keep the markup short. */
const round = (n: number) => Math.round(n * 100) / 100;

export function requirementRecordChart<Y extends YearTotals>(years: readonly Y[]) {
  const { width, lineHeight, barHeight, barGap, gap, top } = recordMeasures;
  const max = Math.max(0, ...years.flatMap((y) => [y.required, y.delivered]));
  const scale = (value: number) => (max > 0 ? round((Math.max(0, value) / max) * width) : 0);
  const rowHeight = 2 * lineHeight + 2 * barHeight + barGap + gap;
  const rows = years.map((year, i) => {
    const rowTop = top + i * rowHeight;
    const requiredY = rowTop + 2 * lineHeight + 4;
    return {
      ...year,
      labelY: rowTop + lineHeight - 4,
      totalsY: rowTop + 2 * lineHeight - 2,
      requiredBar: { x: 0, y: requiredY, width: scale(year.required), height: barHeight, colour: recordColours.required },
      deliveredBar: { x: 0, y: requiredY + barHeight + barGap, width: scale(year.delivered), height: barHeight, colour: recordColours.delivered },
    };
  });
  return { width, height: top + years.length * rowHeight, rows };
}

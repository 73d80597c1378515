import { workTypes } from '../../domain/vocabulary.js';

// The front page's pipeline chart as numbers: one horizontal bar per expected quarter, as long as
// the quarter's estimated value, stacked by work type in a fixed order. Pure geometry in SVG user
// units (the template draws it in a viewBox, so it scales to any width); no words here.

export interface TypeTotal {
  workType: string;
  count: number;
  valueDkk: number;
}

export interface QuarterTotals {
  /** '2027-Q2', or 'unknown' for tenders without an expected time. */
  key: string;
  count: number;
  valueDkk: number;
  byType: TypeTotal[];
}

/** One colour per work type: each at least 4.5:1 against white, told apart by hue and lightness. */
export const workTypeColours: Record<string, string> = {
  renovation: '#0b5ca8',
  new_build: '#c24e16',
  maintenance: '#1f7a4d',
  climate_adaptation: '#6a3d9a',
  energy: '#9a6a00',
  demolition: '#5c5c5c',
  service: '#c2185b',
};
const otherColour = '#0e7c86';
export const colourOf = (workType: string) => workTypeColours[workType] ?? otherColour;

/** The chart's measures: two text lines (quarter, then count and value) above each bar. */
export const pipelineMeasures = { width: 420, lineHeight: 20, barHeight: 22, gap: 16, top: 4 } as const;

/** Work types in the stacking order: the vocabulary's order, anything unknown after it. */
export const workTypeRank = (workType: string) => {
  const index = (workTypes as readonly string[]).indexOf(workType);
  return index < 0 ? workTypes.length : index;
};

export function pipelineChart<Q extends QuarterTotals>(quarters: readonly Q[]) {
  const { width, lineHeight, barHeight, gap, top } = pipelineMeasures;
  const max = Math.max(0, ...quarters.map((q) => q.valueDkk));
  const scale = (value: number) => (max > 0 ? (value / max) * width : 0);
  const rowHeight = 2 * lineHeight + barHeight + gap;
  const bars = quarters.map((quarter, i) => {
    const rowTop = top + i * rowHeight;
    const y = rowTop + 2 * lineHeight + 6;
    let x = 0;
    const segments = [...quarter.byType]
      .sort((a, b) => workTypeRank(a.workType) - workTypeRank(b.workType))
      .filter((type) => type.valueDkk > 0)
      .map((type) => {
        const segment = { ...type, colour: colourOf(type.workType), x: round(x), y, width: round(scale(type.valueDkk)), height: barHeight };
        x += scale(type.valueDkk);
        return segment;
      });
    return {
      ...quarter,
      labelY: rowTop + lineHeight - 4,
      totalsY: rowTop + 2 * lineHeight - 2,
      y,
      height: barHeight,
      width: round(scale(quarter.valueDkk)),
      segments,
    };
  });
  return { width, height: top + quarters.length * rowHeight, bars };
}

/** Two decimals are finer than any screen shows, and keep the markup short. */
const round = (n: number) => Math.round(n * 100) / 100;

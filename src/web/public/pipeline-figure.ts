import { t, type Lang } from '../../i18n/index.js';
import { formatDkk } from '../../wording/format.js';
import { workTypeLabel } from '../../wording/labels.js';
import { unvaluedNote } from './overview.js';
import { colourOf, pipelineChart, workTypeRank, type QuarterTotals, type TypeTotal } from '../charts/pipeline.js';

// The front page's pipeline chart with its words: each bar's count and value, each segment's work
// type, the legend, and the table by quarter and work type that holds the segments' numbers.

type Quarter = Omit<QuarterTotals, 'byType'> & { label: string; byType: Array<TypeTotal & { unvalued: number }> };

const countAndValue = (count: number, valueDkk: number, lang: Lang) =>
  t(lang, count === 1 ? 'home.chartTotalsOne' : 'home.chartTotals', { count, value: formatDkk(valueDkk, lang) });

export function pipelineFigure(quarters: readonly Quarter[], lang: Lang) {
  const chart = pipelineChart(quarters);
  const drawn = [...new Set(chart.bars.flatMap((bar) => bar.segments.map((segment) => segment.workType)))];
  return {
    width: chart.width,
    height: chart.height,
    bars: chart.bars.map((bar) => ({
      ...bar,
      totals: countAndValue(bar.count, bar.valueDkk, lang),
      segments: bar.segments.map((segment) => ({
        ...segment,
        title: `${workTypeLabel(segment.workType, lang)}: ${countAndValue(segment.count, segment.valueDkk, lang)}`,
      })),
    })),
    // The legend names only the work types in the chart, in the stacking order.
    legend: drawn
      .sort((a, b) => workTypeRank(a) - workTypeRank(b))
      .map((workType) => ({ colour: colourOf(workType), label: workTypeLabel(workType, lang) })),
    // The table by quarter and work type: one group of rows per quarter, headed by the quarter.
    groups: quarters.map((quarter) => ({
      quarterKey: quarter.key,
      quarter: quarter.label,
      rows: quarter.byType.map((type) => ({
        workType: type.workType,
        workTypeLabel: workTypeLabel(type.workType, lang),
        count: type.count,
        valueDkk: type.valueDkk,
        value: formatDkk(type.valueDkk, lang),
        unvaluedNote: unvaluedNote(type.unvalued, lang),
      })),
    })),
  };
}

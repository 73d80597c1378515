import t from 'tap';
import { colourOf, pipelineChart, pipelineMeasures, workTypeColours, type QuarterTotals } from '../../src/web/charts/pipeline.js';
import { workTypes } from '../../src/domain/vocabulary.js';

// The pipeline chart's geometry: bars as long as their quarter's value, stacked by work type in the
// vocabulary's order, in the same order as the quarters given.

const quarter = (key: string, byType: Array<[string, number, number]>): QuarterTotals => ({
  key,
  count: byType.reduce((n, [, count]) => n + count, 0),
  valueDkk: byType.reduce((n, [, , value]) => n + value, 0),
  byType: byType.map(([workType, count, valueDkk]) => ({ workType, count, valueDkk })),
});
const { width } = pipelineMeasures;

t.test('the longest bar fills the width; the others are in proportion to their value', async (t) => {
  const chart = pipelineChart([quarter('2027-Q1', [['renovation', 2, 4_000_000]]), quarter('2027-Q2', [['energy', 1, 1_000_000]])]);
  t.same(chart.bars.map((bar) => bar.width), [width, width / 4]);
  t.same(chart.bars.map((bar) => bar.key), ['2027-Q1', '2027-Q2'], 'quarters in the order given');
  t.ok(chart.bars[1]!.y > chart.bars[0]!.y + chart.bars[0]!.height, 'each bar below the one before');
  t.ok(chart.height >= chart.bars[1]!.y + chart.bars[1]!.height, 'the picture holds every bar');
});

t.test('segments are stacked in the vocabulary order, each starting where the one before ends', async (t) => {
  const chart = pipelineChart([quarter('2027-Q1', [['service', 1, 1_000_000], ['renovation', 2, 2_000_000], ['energy', 1, 1_000_000]])]);
  const segments = chart.bars[0]!.segments;
  t.same(segments.map((s) => s.workType), ['renovation', 'energy', 'service'], 'not in the order they came');
  t.same(segments.map((s) => [s.x, s.width]), [[0, width / 2], [width / 2, width / 4], [(3 * width) / 4, width / 4]]);
  t.same(segments.map((s) => [s.count, s.valueDkk]), [[2, 2_000_000], [1, 1_000_000], [1, 1_000_000]], 'each keeps its numbers');
  t.equal(segments.at(-1)!.x + segments.at(-1)!.width, chart.bars[0]!.width, 'the segments add up to the bar');
  t.same(segments.map((s) => s.colour), [workTypeColours.renovation, workTypeColours.energy, workTypeColours.service]);
});

t.test('no quarters: no bars and no height', async (t) => {
  const chart = pipelineChart([]);
  t.same(chart.bars, []);
  t.ok(chart.height < pipelineMeasures.lineHeight);
});

t.test('a single quarter fills the width', async (t) => {
  const chart = pipelineChart([quarter('2027-Q3', [['demolition', 1, 420_000]])]);
  t.equal(chart.bars.length, 1);
  t.equal(chart.bars[0]!.width, width);
  t.same(chart.bars[0]!.segments.map((s) => [s.x, s.width]), [[0, width]]);
});

t.test('a quarter worth 0 kr. keeps its row and count but draws no segment', async (t) => {
  const chart = pipelineChart([quarter('2027-Q1', [['maintenance', 3, 0]]), quarter('2027-Q2', [['renovation', 1, 500_000], ['energy', 1, 0]])]);
  t.equal(chart.bars[0]!.width, 0);
  t.equal(chart.bars[0]!.count, 3);
  t.same(chart.bars[0]!.segments, []);
  t.same(chart.bars[1]!.segments.map((s) => s.workType), ['renovation'], 'a type worth nothing has no width to draw');
  const allZero = pipelineChart([quarter('2027-Q1', [['maintenance', 1, 0]])]);
  t.equal(allZero.bars[0]!.width, 0, 'nothing is divided by a maximum of zero');
});

t.test('the unknown quarter is a bar like the others, where it was given', async (t) => {
  const chart = pipelineChart([quarter('2027-Q1', [['renovation', 1, 1_000_000]]), quarter('unknown', [['new_build', 2, 3_000_000]])]);
  t.same(chart.bars.map((bar) => [bar.key, bar.width]), [['2027-Q1', width / 3], ['unknown', width]]);
});

t.test('every work type has its own colour, and an unknown type still gets one', async (t) => {
  const colours = workTypes.map(colourOf);
  t.equal(new Set(colours).size, workTypes.length);
  t.match(colourOf('something-new'), /^#[0-9a-f]{6}$/);
  t.notOk(colours.includes(colourOf('something-new')));
});

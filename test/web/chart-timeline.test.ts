import t from 'tap';
import { timelineChart, timelineMeasures } from '../../src/web/charts/timeline.js';

// A tender timeline's geometry: four evenly spaced dots and today after the last step done.

const step = (date: string | null, done: boolean) => ({ date, done });
const { width } = timelineMeasures;

t.test('the steps are evenly spaced across the width, dated or not', async (t) => {
  const chart = timelineChart([step('2027-01-01', true), step(null, false), step(null, false), step('2028-01-01', false)], '2027-03-01');
  t.same(chart.steps.map((s) => s.x), [width / 8, (3 * width) / 8, (5 * width) / 8, (7 * width) / 8]);
  t.ok(chart.line.x1 < chart.steps[0]!.x && chart.line.x2 > chart.steps[3]!.x, 'the line reaches past the outer dots');
  t.same(chart.steps.map((s) => s.done), [true, false, false, false], 'each step keeps what it was given');
});

t.test('today sits between the last step done and the next, by the days between them', async (t) => {
  const steps = [step('2027-01-01', true), step('2027-01-11', false), step(null, false), step(null, false)];
  const [a, b] = [width / 8, (3 * width) / 8];
  t.equal(timelineChart(steps, '2027-01-06').today.x, a + 0.5 * (b - a), 'halfway in days: halfway between the dots');
  t.equal(timelineChart(steps, '2027-01-03').today.x, a + 0.2 * (b - a), 'kept off the dot it has just passed');
  t.equal(timelineChart(steps, '2027-01-10').today.x, a + 0.8 * (b - a), 'and off the next one');
  const undated = [step(null, true), step(null, false), step(null, false), step(null, false)];
  t.equal(timelineChart(undated, '2027-01-06').today.x, a + 0.5 * (b - a), 'halfway when a date is missing');
});

t.test('today before the first step when none is done, after the last when all are', async (t) => {
  const none = timelineChart([step('2027-01-01', false), step(null, false), step(null, false), step(null, false)], '2026-12-01');
  t.ok(none.today.x < none.steps[0]!.x && none.today.x > 0);
  const all = timelineChart([step('2027-01-01', true), step('2027-02-01', true), step('2027-03-01', true), step('2027-04-01', true)], '2027-05-01');
  t.ok(all.today.x > all.steps[3]!.x && all.today.x < width);
  t.ok(all.today.y1 < all.lineY && all.today.y2 > all.lineY, 'the mark crosses the line');
});

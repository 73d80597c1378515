import t from 'tap';
import { amountIn, chartApp, chartBars, tableRows } from '../helpers/charts.js';
import { between } from '../helpers/list-status.js';

// The front page's pipeline chart in English: the same numbers, English words.

t.test('the chart and its tables in English', async (t) => {
  const { app } = await chartApp(t);
  const overview = between((await app.inject('/?lang=en')).body, 'overview-heading', 'open-heading');
  t.match(overview, '<title id="pipeline-chart-title">Upcoming contracts by quarter and type of work</title>');
  t.match(overview, /<desc id="pipeline-chart-desc">Horizontal bars, one per quarter/);
  const bars = chartBars(overview);
  t.same(bars.map((b) => b.texts), [
    ['Q1 2099', '2 contracts · DKK 1,500,000'],
    ['Q3 2099', '1 contract · DKK 0'],
    ['Date not yet scheduled', '1 contract · DKK 200,000'],
  ]);
  t.match(overview, /<title>Energy improvement: 1 contract · DKK 500,000<\/title>/);
  t.match(overview, 'aria-label="The colours in the chart"');
  t.match(overview, '<caption class="table-caption">Upcoming contracts by quarter and type of work</caption>');
  const quarters = tableRows(overview, 'quarters-table');
  t.same(quarters.map((r) => r.cells), [
    ['Q1 2099', '2', 'DKK 1,500,000 excl. VAT'],
    ['Q3 2099', '1', 'DKK 0 excl. VAT (1 without an estimate)'],
    ['Date not yet scheduled', '1', 'DKK 200,000 excl. VAT'],
  ]);
  bars.forEach((bar, i) => t.equal(amountIn(quarters[i]!.cells[2]!, 'en'), Number(bar['data-value-dkk'])));
  t.same(tableRows(overview, 'quarter-types-table').map((r) => r.cells), [
    ['Q1 2099'],
    ['Renovation', '1', 'DKK 1,000,000'],
    ['Energy improvement', '1', 'DKK 500,000'],
    ['Q3 2099'],
    ['Maintenance', '1', 'DKK 0 (1 without an estimate)'],
    ['Date not yet scheduled'],
    ['Service', '1', 'DKK 200,000'],
  ]);
  t.notMatch(overview.slice(overview.indexOf('pipeline-figure')), /opgave|kvartal|ekskl|Renovering/, 'no Danish words (the tender titles above are data)');
});

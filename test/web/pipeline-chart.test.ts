import t from 'tap';
import { amountIn, chartApp, chartBars, tableRows } from '../helpers/charts.js';
import { testApp } from '../helpers/app.js';
import { between } from '../helpers/list-status.js';

// The front page's chart of the coming pipeline, in Danish: a bar per quarter stacked by work
// type, and tables that hold every number the chart draws.

t.test('the chart draws the coming pipeline by quarter, with its title, description and words', async (t) => {
  const { app } = await chartApp(t);
  const overview = between((await app.inject('/')).body, 'overview-heading', 'open-heading');
  t.match(overview, /<svg class="pipeline-chart" id="pipeline-chart" viewBox="0 0 420 \d+" width="100%" role="img" aria-labelledby="pipeline-chart-title pipeline-chart-desc"/);
  t.match(overview, '<title id="pipeline-chart-title">Kommende opgaver pr. kvartal, fordelt på arbejdstype</title>');
  t.match(overview, /<desc id="pipeline-chart-desc">Vandrette søjler, én pr. kvartal/);
  const bars = chartBars(overview);
  t.same(bars.map((b) => [b['data-quarter'], b['data-count'], b['data-value-dkk']]), [
    ['2099-Q1', '2', '1500000'],
    ['2099-Q3', '1', '0'],
    ['unknown', '1', '200000'],
  ], 'late and open work are not coming');
  t.same(bars.map((b) => b.texts), [
    ['1. kvartal 2099', '2 opgaver · 1.500.000 kr.'],
    ['3. kvartal 2099', '1 opgave · 0 kr.'],
    ['Tidspunkt ikke fastlagt', '1 opgave · 200.000 kr.'],
  ]);
  t.same(bars[0]!.segments.map((s) => [s['data-work-type'], s['data-count'], s['data-value-dkk'], s.fill]), [
    ['renovation', '1', '1000000', '#0b5ca8'],
    ['energy', '1', '500000', '#9a6a00'],
  ]);
  t.same(bars[1]!.segments, [], 'a quarter worth nothing known draws no segment');
  t.match(overview, /<title>Renovering: 1 opgave · 1\.000\.000 kr\.<\/title>/, 'each segment names its work type');
  const legend = /<ul class="pipeline-legend[^>]*aria-label="Farverne i figuren">([\s\S]*?)<\/ul>/.exec(overview)?.[1] ?? '';
  t.same([...legend.matchAll(/<\/svg> ([^<]+)<\/li>/g)].map((m) => m[1]), ['Renovering', 'Energiforbedring', 'Service']);
  t.match(legend, /<svg class="pipeline-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill="#0b5ca8"\/><\/svg>/);
  t.notMatch(overview, /style=/, 'no style attributes (CSP)');
});

t.test('the quarters table has the numbers of the bars, and the type table those of the segments', async (t) => {
  const { app } = await chartApp(t);
  const html = (await app.inject('/')).body;
  t.match(html, '<caption class="table-caption">Kommende opgaver pr. kvartal</caption>');
  t.match(html, '<caption class="table-caption">Kommende opgaver pr. kvartal og arbejdstype</caption>');
  const bars = chartBars(html);
  const quarters = tableRows(html, 'quarters-table');
  t.same(quarters.map((r) => r.cells), [
    ['1. kvartal 2099', '2', '1.500.000 kr. ekskl. moms'],
    ['3. kvartal 2099', '1', '0 kr. ekskl. moms (1 uden anslået værdi)'],
    ['Tidspunkt ikke fastlagt', '1', '200.000 kr. ekskl. moms'],
  ]);
  t.equal(quarters.length, bars.length);
  bars.forEach((bar, i) => {
    const row = quarters[i]!;
    t.equal(row['data-quarter'], bar['data-quarter']);
    t.equal(Number(row.cells[1]), Number(bar['data-count']), `${bar['data-quarter']}: the count in the table is the bar's`);
    t.equal(amountIn(row.cells[2]!, 'da'), Number(bar['data-value-dkk']), `${bar['data-quarter']}: the value in the table is the bar's`);
  });
  const types = tableRows(html, 'quarter-types-table');
  t.same(types.map((r) => r.cells), [
    ['1. kvartal 2099'],
    ['Renovering', '1', '1.000.000 kr.'],
    ['Energiforbedring', '1', '500.000 kr.'],
    ['3. kvartal 2099'],
    ['Vedligeholdelse', '1', '0 kr. (1 uden anslået værdi)'],
    ['Tidspunkt ikke fastlagt'],
    ['Service', '1', '200.000 kr.'],
  ], 'a group of rows per quarter, headed by the quarter');
  t.match(html, '<tr class="quarter-group"><th scope="rowgroup" colspan="3">1. kvartal 2099</th></tr>');
  for (const bar of bars) {
    for (const segment of bar.segments) {
      const row = types.find((r) => r['data-quarter'] === bar['data-quarter'] && r['data-work-type'] === segment['data-work-type']);
      t.ok(row, `${bar['data-quarter']} ${segment['data-work-type']} has a row`);
      t.equal(Number(row?.cells[1]), Number(segment['data-count']));
      t.equal(amountIn(row?.cells[2] ?? '', 'da'), Number(segment['data-value-dkk']));
    }
  }
});

t.test('no coming work: neither chart nor tables', async (t) => {
  const { app } = await testApp(t);
  const body = (await app.inject('/')).body;
  t.match(body, 'Der er ingen planlagte opgaver.');
  t.notMatch(body, /pipeline-chart|quarters-table|quarter-types-table/);
});

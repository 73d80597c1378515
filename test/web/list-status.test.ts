import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { isDelayed } from '../../src/domain/period.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { between, linkedIds, statusApp, timingCell } from '../helpers/list-status.js';
import { unescaped } from '../helpers/html.js';

// What a contractor reads first, in Danish: per state what matters in the list, the late pipeline
// apart, the arrivals of an import as one line, and the overview above the lists.

t.test('the list shows per state what matters: deadline and time left, expected publication, winner and value', async (t) => {
  const { app } = await statusApp(t);
  const html = (await app.inject('/udbud')).body;
  t.match(html, '<th scope="col">Frist, forventet udbud eller vinder</th>');
  t.match(timingCell(html, 'T-OPEN6'), /^Tilbudsfrist \d+\. \w+ \d{4} kl\. 12\.00 \(om 6 dage\)$/, 'open: the deadline with its countdown');
  t.notMatch(timingCell(html, 'T-OPEN6'), /Forventet udbud/, 'an open tender does not say when it is expected');
  t.equal(timingCell(html, 'T-COMING'), 'Forventet udbud 1. kvartal 2099', 'coming: the expected publication');
  t.equal(timingCell(html, 'T-WON'), 'Vundet af Tømrerfirmaet Hansen ApS (CVR 12345678) 48.750.000 kr. ekskl. moms', 'awarded: winner and value');
  const published = (await app.inject('/udbud?status=published&sort=deadline')).body;
  t.match(timingCell(published, 'T-OPEN9'), /\(om 9 dage\)$/);
});

t.test('a planned tender whose expected time has passed is marked "Forsinket" in the list', async (t) => {
  const { app } = await statusApp(t);
  const html = (await app.inject('/udbud')).body;
  t.equal(timingCell(html, 'T-LATE'), 'Forventet udbud 3. kvartal 2025 Forsinket');
  t.notMatch(timingCell(html, 'T-COMING'), /Forsinket/);
});

t.test('delayed=true lists only the late pipeline, delayed=false all but it, in the list, API, CSV and feeds', async (t) => {
  const { app } = await statusApp(t);
  const ids = async (query: string) => linkedIds(between((await app.inject(`/udbud?${query}`)).body, 'results-heading')).sort();
  t.same(await ids('delayed=true'), ['T-LATE']);
  t.same(await ids('delayed=false'), ['T-COMING', 'T-COMING2', 'T-OPEN6', 'T-OPEN9', 'T-WON']);
  t.match(unescaped((await app.inject('/udbud?delayed=true')).body), 'href="/feeds/udbud.rss?delayed=true"', 'the feed links keep the filter');
  const api = (await app.inject('/api/v1/tenders?delayed=true')).json() as { items: Array<{ id: string }> };
  t.same(api.items.map((item) => item.id), ['T-LATE']);
  const csv = (await app.inject('/udbud.csv?delayed=true')).body;
  t.match(csv, /T-LATE/);
  t.notMatch(csv, /T-COMING/);
  t.match((await app.inject('/udbud?delayed=true')).body, '<option value="true" selected>Kun forsinkede</option>', 'the form shows the filter');
  const bad = await app.inject('/udbud?delayed=maybe');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /<code>delayed<\/code>: skal være true eller false/);
});

t.test('the SQL and the page agree on what is late, at each kind of period', async (t) => {
  const { app, database } = await testApp(t);
  const periods = ['2020-Q4', '2020-12', '2020-12-31', '2099-Q1', '2099-01', '2099-01-01'];
  await importDbdItems(
    database.db,
    periods.map((period, i) => dbdItem({ id: `T-P${i}`, timeline: { expectedTenderPublication: period } })),
  );
  const today = new Date().toISOString().slice(0, 10);
  const expected = periods.flatMap((period, i) => (isDelayed('planned', period, today) ? [`T-P${i}`] : []));
  t.same(expected, ['T-P0', 'T-P1', 'T-P2']);
  t.same(linkedIds(between((await app.inject('/udbud?delayed=true')).body, 'results-heading')).sort(), expected);
  t.notOk(isDelayed('published', '2020-Q4', today), 'only coming tenders can be late');
  t.ok(isDelayed('planned', '2026-Q3', '2026-10-01') && !isDelayed('planned', '2026-Q3', '2026-09-30'), 'late from the day after the period');
});

t.test('the front page keeps late work apart from the coming pipeline, with a link to the filter', async (t) => {
  const { app } = await statusApp(t);
  const html = unescaped((await app.inject('/')).body);
  const coming = between(html, 'pipeline-heading', 'delayed-heading');
  t.notMatch(coming, /T-LATE/, 'late work is not shown as coming');
  t.match(coming, 'Kommende opgaver (2)');
  const late = between(html, 'delayed-heading', 'changes-heading');
  t.match(late, 'Forsinkede opgaver (1)');
  t.same(linkedIds(late), ['T-LATE']);
  t.match(late, '<span class="badge badge-warning tender-delayed">Forsinket</span>');
  t.match(late, 'href="/udbud?delayed=true"');
});

t.test('the latest changes tell the tenders that arrived together as one line', async (t) => {
  const { app } = await statusApp(t);
  const changes = between((await app.inject('/')).body, 'changes-heading');
  t.match(changes, /6 opgaver kom på portalen \d+\. \w+ \d{4}/);
  t.notMatch(changes, /Nyt på portalen/, 'not one line per arrival');
  t.match(changes, /Ny skole i Ølby<\/a>: Status ændret fra Åben for tilbud til Tildelt/, 'a later change keeps its own line');
});

t.test('above the lists: open tenders and their value, the next deadline, coming work by quarter', async (t) => {
  const { app } = await statusApp(t);
  const overview = between((await app.inject('/')).body, 'overview-heading', 'open-heading');
  t.match(overview, '2 åbne udbud til i alt 4.000.000 kr. ekskl. moms');
  t.match(overview, /Næste tilbudsfrist: <a href="\/udbud\/T-OPEN6">Nye vinduer, Asgård Skole<\/a>, <time datetime="[^"]+">[^<]+<\/time> \(om 6 dage\)/);
  t.match(overview, '<caption class="table-caption">Kommende opgaver pr. kvartal</caption>');
  t.match(overview, /<th scope="row">1\. kvartal 2099<\/th><td>2<\/td><td>1\.500\.000 kr\. ekskl\. moms<\/td>/);
  t.notMatch(overview, /2025/, 'late work is not counted as coming');
});

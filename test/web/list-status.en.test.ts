import t from 'tap';
import { between, linkedIds, statusApp, timingCell } from '../helpers/list-status.js';
import { unescaped } from '../helpers/html.js';

// The same reading of the lists in English (list-status.test.ts has the Danish and the filter's SQL).

t.test('the English list shows per state what matters', async (t) => {
  const { app } = await statusApp(t);
  const html = (await app.inject('/udbud?lang=en')).body;
  t.match(html, '<th scope="col">Deadline, expected publication or winner</th>');
  t.match(timingCell(html, 'T-OPEN6'), /^Bid deadline \d+ \w+ \d{4}, 12:00 \(in 6 days\)$/);
  t.equal(timingCell(html, 'T-COMING'), 'Expected tender Q1 2099');
  t.equal(timingCell(html, 'T-LATE'), 'Expected tender Q3 2025 Delayed');
  t.match(html, '<label class="form-label" for="delayed">Delayed work</label>');
  t.equal(timingCell(html, 'T-WON'), 'Won by Tømrerfirmaet Hansen ApS (CVR no. 12345678) DKK 48,750,000 excl. VAT');
});

t.test('the English front page: overview, late work apart, arrivals as one line', async (t) => {
  const { app } = await statusApp(t);
  const html = unescaped((await app.inject('/?lang=en')).body);
  const overview = between(html, 'overview-heading', 'open-heading');
  t.match(overview, '2 open tenders worth DKK 4,000,000 excl. VAT in total');
  t.match(overview, /Next bid deadline: <a href="\/udbud\/T-OPEN6">Nye vinduer, Asgård Skole<\/a>, <time datetime="[^"]+">[^<]+<\/time> \(in 6 days\)/);
  t.match(overview, '<caption class="table-caption">Upcoming contracts by quarter</caption>');
  t.match(overview, /<th scope="row">Q1 2099<\/th><td>2<\/td><td>DKK 1,500,000 excl. VAT<\/td>/);
  const late = between(html, 'delayed-heading', 'changes-heading');
  t.match(late, 'Delayed contracts (1)');
  t.same(linkedIds(late), ['T-LATE']);
  t.notMatch(between(html, 'pipeline-heading', 'delayed-heading'), /T-LATE/);
  const changes = between(html, 'changes-heading');
  t.match(changes, /6 tenders arrived on the portal on \d+ \w+ \d{4}/);
  t.notMatch(changes, /New on the portal/);
});

t.test('the search in words names the delayed filter in both languages', async (t) => {
  const { describeSearch } = await import('../../src/wording/search.js');
  t.same(describeSearch({ delayed: true }), ['Kun forsinkede opgaver (forventet tidspunkt passeret)']);
  t.same(describeSearch({ delayed: true }, 'en'), ['Only delayed work (expected time passed)']);
  t.same(describeSearch({ delayed: false }, 'en'), ['Without delayed work']);
});

import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { COUNT_CUTOFF, PAGE_SIZE } from '../../src/tenders/search.js';
import { testApp, type Teardown } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { unescaped } from '../helpers/html.js';
import { copyTender } from '../helpers/many-tenders.js';

// More matches than the list counts (issue 18): /udbud and the embed say "more than 10.000" rather
// than counting the whole table, and the pager still leads on; a narrower search keeps its number.

const heading = (html: string) => /<h2 id="results-heading">([^<]*)<\/h2>/.exec(html)?.[1];
const pager = (html: string) => /<p class="pagination-count[^"]*">([^<]*)<\/p>/.exec(html)?.[1];
const embedSummary = (html: string) => /<p class="small-text embed-summary">([^<]*)<\/p>/.exec(html)?.[1];

async function bigApp(t: Teardown) {
  const { app, database } = await testApp(t, { config: { embedOrigins: ['https://www.koege.dk'] } });
  await importDbdItems(database.db, [
    dbdItem({ id: 'BIG', title: 'Nyt tag', status: 'planned' }),
    dbdItem({ id: 'OPEN-1', title: 'Facade', status: 'published', timeline: { tenderDeadline: '2099-01-15T11:00:00Z' } }),
    dbdItem({ id: 'OPEN-2', title: 'Vinduer', status: 'published', timeline: { tenderDeadline: '2099-02-15T11:00:00Z' } }),
  ]);
  await copyTender(database.db, 'BIG', COUNT_CUTOFF, 'BIG-');
  return app;
}

t.test('a list with more matches than the cut-off says "mere end 10.000" and pages on, in Danish and English', async (t) => {
  const app = await bigApp(t);

  const da = unescaped((await app.inject('/udbud')).body);
  t.equal(heading(da), 'Mere end 10.000 udbud fundet');
  t.equal(pager(da), `Side 1 af mere end ${COUNT_CUTOFF / PAGE_SIZE}`);
  t.match(da, 'href="/udbud?page=2" rel="next"', 'a next page');
  t.notMatch(da, 'rel="prev"');

  const en = unescaped((await app.inject('/udbud?lang=en')).body);
  t.equal(heading(en), 'More than 10,000 tenders found');
  t.equal(pager(en), `Page 1 of more than ${COUNT_CUTOFF / PAGE_SIZE}`);

  // The last page, beyond the cut-off: every match is known there, and there is no next page.
  const lastPage = Math.ceil((COUNT_CUTOFF + 3) / PAGE_SIZE);
  const last = unescaped((await app.inject(`/udbud?page=${lastPage}`)).body);
  t.equal(heading(last), `${COUNT_CUTOFF + 3} udbud fundet`);
  t.equal(pager(last), `Side ${lastPage} af ${lastPage}`);
  t.notMatch(last, 'rel="next"');
  t.match(last, `href="/udbud?page=${lastPage - 1}" rel="prev"`);
});

t.test('a search with fewer matches than the cut-off keeps its exact number and no pager', async (t) => {
  const app = await bigApp(t);
  const html = unescaped((await app.inject('/udbud?status=published')).body);
  t.equal(heading(html), '2 udbud fundet');
  t.equal(pager(html), undefined);
});

t.test('the embed says "af mere end 10.000" above the cut-off, and the exact number under it', async (t) => {
  const app = await bigApp(t);
  t.match(embedSummary(unescaped((await app.inject('/indlejr/udbud')).body)), /Viser 10 af mere end 10\.000\.$/);
  t.match(embedSummary(unescaped((await app.inject('/indlejr/udbud?lang=en')).body)), /Showing 10 of more than 10,000\.$/);
  t.match(embedSummary(unescaped((await app.inject('/indlejr/udbud?status=published')).body)), /2 i alt\.$/);
});

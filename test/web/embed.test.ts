import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp, type Teardown } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { htmlLang, unescaped } from '../helpers/html.js';
import { SCRIPT } from '../helpers/hostile.js';

// /indlejr/udbud: any /udbud search as a compact list for a frame on the municipality's own site,
// framed only by the origins in EMBED_ORIGINS; and the JSON API for sites that render it themselves.

const ORIGINS = ['https://www.koege.dk', 'http://localhost:8080'];

const items = [
  dbdItem({ id: 'E-1', title: 'Nyt tag på hallen', status: 'published', estimatedValue: { amountDkk: 2500000 }, timeline: { tenderDeadline: '2099-01-15T11:00:00Z' } }),
  dbdItem({ id: 'E-2', title: 'Rengøring af rådhuset', status: 'planned', workType: 'service', contractType: 'services', timeline: { expectedTenderPublication: '2027-Q2' } }),
  dbdItem({ id: 'E-3', title: `Maling ${SCRIPT}`, status: 'planned', estimatedValue: null, timeline: { expectedTenderPublication: '2027-08' } }),
  dbdItem({ id: 'E-4', title: 'Aflyst opgave', status: 'cancelled' }),
];

const rows = (html: string) => [...html.matchAll(/<tr>\s*<td data-title=""><a href="([^"]+)" target="_top">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, title: m[2]! }));
const cspOf = (headers: Record<string, unknown>) => String(headers['content-security-policy']);
const frameAncestors = (headers: Record<string, unknown>) => /frame-ancestors ([^;]*)/.exec(cspOf(headers))?.[1];

async function embedApp(t: Teardown, embedOrigins: string[] = ORIGINS, cache = false) {
  const { app, database, changesHeard } = await testApp(t, { config: { embedOrigins }, cache });
  await importDbdItems(database.db, items);
  // With the cache, the import's notifications must not come after a page is kept, and drop it.
  await changesHeard();
  return app;
}

t.test('the embed in Danish: the search, its rows with deadline, expected period and value, links to the portal', async (t) => {
  const app = await embedApp(t);
  const res = await app.inject('/indlejr/udbud?status=published&status=planned&sort=title');
  t.equal(res.statusCode, 200);
  const html = unescaped(res.body);
  t.equal(htmlLang(html), 'da');
  t.match(html, '<h1 class="h3 embed-heading">Udbud og kommende opgaver i Køge Kommune</h1>');
  t.same(
    rows(html).map((r) => r.href),
    ['http://udbud.test/udbud/E-3', 'http://udbud.test/udbud/E-1', 'http://udbud.test/udbud/E-2'],
    'the rows of the search in its order (title), each opening the portal in the top window',
  );
  t.match(html, '2.500.000 kr.', 'the value');
  t.match(html, '15. januar 2099', 'the bid deadline');
  t.match(html, '2. kvartal 2027', 'the expected period');
  t.match(html, 'august 2027');
  t.notMatch(html, 'Aflyst opgave', 'a tender outside the search is not shown');
  t.match(html, '3 i alt.');
  t.match(html, '<a href="http://udbud.test/udbud?status=published&amp;status=planned&amp;sort=title" target="_top">Se alle på Udbudsportal</a>');
  t.notMatch(html, /site-header|site-footer|<nav|<script/, 'no header, menu, footer or script');
  t.match(html, '/dkfds/css/dkfds-virkdk.min.css', 'the design system still');
  t.notOk(res.headers['set-cookie'], 'no cookie from a frame');
});

t.test('the embed in English with lang=en; Danish without it, whatever the reader’s browser asks', async (t) => {
  const app = await embedApp(t);
  const res = await app.inject('/indlejr/udbud?status=published&lang=en');
  const html = unescaped(res.body);
  t.equal(htmlLang(html), 'en');
  t.match(html, 'Tenders and upcoming contracts in Køge Kommune');
  t.match(html, 'DKK 2,500,000');
  t.match(html, '15 January 2099');
  t.match(html, 'Status: Open for bids.');
  t.same(rows(html), [{ href: 'http://udbud.test/udbud/E-1?lang=en', title: 'Nyt tag på hallen' }]);
  t.match(html, '<a href="http://udbud.test/udbud?status=published&amp;lang=en" target="_top">See all on the procurement portal</a>');
  t.notMatch(html, /Se alle|Udbud og kommende|kvartal/);
  t.notOk(res.headers['set-cookie'], 'lang=en is the site’s choice, not the reader’s: no cookie');

  const browser = await app.inject({ url: '/indlejr/udbud', headers: { 'accept-language': 'en', cookie: 'lang=en' } });
  t.equal(htmlLang(browser.body), 'da', 'the default is Danish');
});

t.test('limit: 10 rows by default, at most 50; a bad value, like a bad filter, gets a Danish 400 naming it', async (t) => {
  const app = await embedApp(t);
  t.equal(rows((await app.inject('/indlejr/udbud')).body).length, 4, 'all four, under the default of 10');
  const two = unescaped((await app.inject('/indlejr/udbud?limit=2')).body);
  t.equal(rows(two).length, 2);
  t.match(two, 'Viser 2 af 4.');
  t.equal((await app.inject('/indlejr/udbud?limit=50')).statusCode, 200);
  for (const bad of ['0', '51', 'abc', '2.5', '-1']) {
    const res = await app.inject(`/indlejr/udbud?limit=${bad}`);
    t.equal(res.statusCode, 400, `limit=${bad}`);
    t.match(res.body, /Parameteren <code>limit<\/code>: skal være et helt tal fra 1 til 50/);
    t.equal(htmlLang(res.body), 'da');
  }
  const status = await app.inject('/indlejr/udbud?status=open&limit=x');
  t.equal(status.statusCode, 400);
  t.match(status.body, /<code>status<\/code>: .*planned/, 'the /udbud filter’s own message');
  t.match(status.body, '<code>limit</code>', 'and every error at once');
  const english = await app.inject('/indlejr/udbud?limit=0&lang=en');
  t.match(english.body, 'must be a whole number from 1 to 50');
  t.notMatch(english.body, /<header|<footer/, 'the error in the bare layout too');
});

t.test('untrusted titles are escaped', async (t) => {
  const app = await embedApp(t);
  const res = await app.inject('/indlejr/udbud');
  t.notMatch(res.body, SCRIPT);
  t.match(res.body, 'Maling &lt;script&gt;alert(1)&lt;/script&gt;');
});

t.test('framing: only the EMBED_ORIGINS, only on the embed; X-Frame-Options gone there', async (t) => {
  const app = await embedApp(t);
  const embed = await app.inject('/indlejr/udbud?status=published');
  t.equal(frameAncestors(embed.headers), 'https://www.koege.dk http://localhost:8080');
  t.equal(embed.headers['x-frame-options'], undefined, 'no X-Frame-Options: frame-ancestors decides');
  t.match(cspOf(embed.headers), "default-src 'self';", 'the rest of the policy as strict as anywhere');
  t.match(cspOf(embed.headers), "script-src 'self';");
  const error = await app.inject('/indlejr/udbud?limit=0');
  t.equal(frameAncestors(error.headers), 'https://www.koege.dk http://localhost:8080', 'its error page shows in the frame too');
  for (const url of ['/', '/udbud', '/udbud?status=published', '/udbud/E-1', '/api/v1/tenders']) {
    const res = await app.inject(url);
    t.equal(frameAncestors(res.headers), "'none'", `${url}: frame-ancestors 'none'`);
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', `${url}: X-Frame-Options`);
  }
});

t.test('framing: with EMBED_ORIGINS empty nobody may frame the embed', async (t) => {
  const app = await embedApp(t, []);
  const res = await app.inject('/indlejr/udbud');
  t.equal(res.statusCode, 200);
  t.equal(frameAncestors(res.headers), "'none'");
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
});

t.test('the response cache keeps each address’s own headers: the embed’s policy is not another page’s', async (t) => {
  const app = await embedApp(t, ORIGINS, true);
  const answers = [];
  for (const url of ['/indlejr/udbud?status=published', '/udbud?status=published', '/indlejr/udbud?status=published', '/udbud?status=published']) {
    answers.push(await app.inject(url));
  }
  t.same(answers.map((r) => r.headers['x-cache']), ['miss', 'miss', 'hit', 'hit']);
  t.same(answers.map((r) => frameAncestors(r.headers)), [ORIGINS.join(' '), "'none'", ORIGINS.join(' '), "'none'"]);
  t.same(answers.map((r) => r.headers['x-frame-options']), [undefined, 'SAMEORIGIN', undefined, 'SAMEORIGIN']);
  const english = await app.inject({ url: '/indlejr/udbud?status=published', headers: { 'accept-language': 'en' } });
  t.equal(htmlLang(english.body), 'da', 'a reader’s Accept-Language neither changes nor splits the cached embed');
  t.equal(english.headers['x-cache'], 'hit');
});

t.test('the JSON API for sites that render the list themselves: CORS, the portal link, the period in words', async (t) => {
  const app = await embedApp(t);
  const res = await app.inject({ url: '/api/v1/tenders?status=planned', headers: { origin: 'https://www.koege.dk' } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['access-control-allow-origin'], '*', 'any origin may read it from a browser');
  const body = res.json() as { items: Array<{ id: string; links: { html: string }; expectedPublicationText: string | null }> };
  t.same(
    body.items.map((i) => [i.id, i.links.html, i.expectedPublicationText]),
    [
      ['E-2', 'http://udbud.test/udbud/E-2', '2. kvartal 2027'],
      ['E-3', 'http://udbud.test/udbud/E-3', 'august 2027'],
    ],
  );
  const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/tenders', headers: { origin: 'https://www.koege.dk', 'access-control-request-method': 'GET' } });
  t.equal(preflight.headers['access-control-allow-origin'], '*');
  t.match(String(preflight.headers['access-control-allow-methods']), 'GET');
});

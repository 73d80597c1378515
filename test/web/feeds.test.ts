import { parseFeed } from '@rowanmanning/feed-parser';
import t, { type Test } from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { unescaped } from '../helpers/html.js';

const deadline = (day: number) => `2099-01-${String(day).padStart(2, '0')}T12:00:00+01:00`;

async function appWithEvents(t: Test) {
  const { app, database } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk' } });
  await importDbdItems(database.db, [
    dbdItem({ id: 'F-ROOF', title: 'Renovering af tag, Rådhuset', status: 'planned' }),
    dbdItem({ id: 'F-CLEAN', title: 'Rengøring af skoler', workType: 'service', contractType: 'services' }),
  ]);
  await importDbdItems(database.db, [
    dbdItem({ id: 'F-ROOF', revision: 2, title: 'Renovering af tag, Rådhuset', status: 'published', timeline: { tenderDeadline: deadline(15) } }),
  ]);
  await importDbdItems(database.db, [
    dbdItem({ id: 'F-ROOF', revision: 3, title: 'Renovering af tag, Rådhuset', status: 'published', timeline: { tenderDeadline: deadline(22) } }),
    dbdItem({ id: 'F-CLEAN', revision: 2, title: 'Rengøring af skoler', workType: 'service', contractType: 'services', description: 'Kun en ny beskrivelse' }),
  ]);
  return { app, database };
}

for (const format of ['rss', 'atom'] as const) {
  t.test(`the ${format} feed parses, with one entry per event that is news and absolute links`, async (t) => {
    const { app } = await appWithEvents(t);
    const res = await app.inject(`/feeds/udbud.${format}`);
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], format === 'rss' ? /^application\/rss\+xml; charset=utf-8/ : /^application\/atom\+xml; charset=utf-8/);
    const feed = parseFeed(res.body);
    t.match(feed.title, /Udbud – Køge Kommune/);
    const titles = feed.items.map((i) => i.title);
    t.same(titles, [
      'Tilbudsfristen er ændret: Renovering af tag, Rådhuset',
      'Åben for tilbud: Renovering af tag, Rådhuset',
      'Ny opgave i planen: Rengøring af skoler',
      'Ny opgave i planen: Renovering af tag, Rådhuset',
    ], 'a new description alone is not news');
    const moved = feed.items[0]!;
    t.match(moved.description ?? moved.content, /Frist ændret fra 15\. januar 2099 kl\. 12\.00 til 22\. januar 2099 kl\. 12\.00/);
    t.equal(moved.url, 'https://udbud.koege.dk/udbud/F-ROOF');
    t.match(moved.id, /^https:\/\/udbud\.koege\.dk\/udbud\/F-ROOF#haendelse-\d+$/);
    const again = parseFeed((await app.inject(`/feeds/udbud.${format}`)).body);
    t.same(again.items.map((i) => i.id), feed.items.map((i) => i.id), 'stable ids');
  });
}

t.test('the feeds take the list’s parameters', async (t) => {
  const { app } = await appWithEvents(t);
  const services = parseFeed((await app.inject('/feeds/udbud.rss?contractType=services')).body);
  t.same(services.items.map((i) => i.title), ['Ny opgave i planen: Rengøring af skoler']);
  const search = parseFeed((await app.inject('/feeds/udbud.atom?q=tage&status=published')).body);
  t.equal(search.items.length, 3);
  t.equal(search.url, 'https://udbud.koege.dk/udbud?q=tage&status=published');
  const bad = await app.inject('/feeds/udbud.rss?status=open');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /Parameteren status: ukendt status/);
});

t.test('ETag and Last-Modified answer 304 until a new event arrives', async (t) => {
  const { app, database } = await appWithEvents(t);
  const first = await app.inject('/feeds/udbud.rss');
  const etag = first.headers.etag as string;
  t.ok(etag);
  t.ok(first.headers['last-modified']);
  t.equal((await app.inject({ url: '/feeds/udbud.rss', headers: { 'if-none-match': etag } })).statusCode, 304);
  t.equal((await app.inject({ url: '/feeds/udbud.rss', headers: { 'if-modified-since': first.headers['last-modified'] as string } })).statusCode, 304);
  t.not((await app.inject('/feeds/udbud.atom')).headers.etag, etag, 'each format has its own validator');
  await importDbdItems(database.db, [dbdItem({ id: 'F-NEW', title: 'Nyt projekt' })]);
  const changed = await app.inject({ url: '/feeds/udbud.rss', headers: { 'if-none-match': etag } });
  t.equal(changed.statusCode, 200);
  t.not(changed.headers.etag, etag);
});

t.test('a DBD title with <script> is escaped in both feeds and parses back as text', async (t) => {
  const { app, database } = await testApp(t);
  const evil = '<script>alert(1)</script> & "tag"';
  await importDbdItems(database.db, [dbdItem({ id: 'F-EVIL', title: evil })]);
  for (const format of ['rss', 'atom']) {
    const body = (await app.inject(`/feeds/udbud.${format}`)).body;
    t.notMatch(body, /<script>/, `${format}: no live markup`);
    t.equal(parseFeed(body).items[0]!.title, `Ny opgave i planen: ${evil}`, `${format}: the title survives as text`);
  }
});

t.test('the list page links to the feeds of the search on screen', async (t) => {
  const { app } = await appWithEvents(t);
  const html = unescaped((await app.inject('/udbud?q=tag&status=published')).body);
  t.match(html, /<link rel="alternate" type="application\/rss\+xml"[^>]* href="\/feeds\/udbud\.rss\?q=tag&amp;status=published"/);
  t.match(html, /href="\/feeds\/udbud\.atom\?q=tag&amp;status=published"/);
  t.match(html, /href="\/kalender\/udbud\.ics\?q=tag&amp;status=published"/);
});

t.test('a filtered feed’s title and subtitle/description reach the reader escaped once, as plain text', async (t) => {
  const { app } = await appWithEvents(t);
  const q = 'tag <b> & "x"';
  const query = `q=${encodeURIComponent(q)}&status=published`;
  const search = `https://udbud.koege.dk/udbud?${new URLSearchParams({ q, status: 'published' })}`;
  for (const format of ['rss', 'atom']) {
    const res = await app.inject(`/feeds/udbud.${format}?${query}`);
    t.equal(res.statusCode, 200);
    t.notMatch(res.body, /&amp;#x3D;|&amp;amp;|&amp;lt;/, `${format}: nothing escaped twice`);
    const feed = parseFeed(res.body);
    t.equal(feed.description, `Nye og ændrede udbud fra Køge Kommune for søgningen ${search}`, `${format}: the reader gets status=published, not &#x3D;`);
    t.equal(feed.title, `Udbud – Køge Kommune: ${q}`, `${format}: the title survives as text`);
  }
});

t.test('the English feeds name themselves with lang=en and have an id of their own', async (t) => {
  const { app } = await appWithEvents(t);
  const feedId = (body: string) => /<feed[^>]*>[\s\S]*?<id>([^<]*)<\/id>/.exec(body)?.[1];
  const danish = await app.inject('/feeds/udbud.atom?status=published');
  const english = await app.inject('/feeds/udbud.atom?status=published&lang=en');
  t.equal(parseFeed(danish.body).self, 'https://udbud.koege.dk/feeds/udbud.atom?status=published');
  t.equal(parseFeed(english.body).self, 'https://udbud.koege.dk/feeds/udbud.atom?status=published&lang=en', 'Atom rel="self" is the URL asked');
  t.ok(feedId(english.body));
  t.not(feedId(english.body), feedId(danish.body), 'the English feed’s <id> is not the Danish one’s');
  t.match(feedId(english.body), /lang=en/);
  const plainEnglish = await app.inject('/feeds/udbud.atom?lang=en');
  t.equal(parseFeed(plainEnglish.body).self, 'https://udbud.koege.dk/feeds/udbud.atom?lang=en');
  const rss = await app.inject('/feeds/udbud.rss?status=published&lang=en');
  t.equal(parseFeed(rss.body).self, 'https://udbud.koege.dk/feeds/udbud.rss?status=published&lang=en', 'RSS atom:link self too');
  t.equal(parseFeed(rss.body).url, 'https://udbud.koege.dk/udbud?status=published&lang=en');
});

t.test('If-Modified-Since answers 304 from the response cache and from the route, by RFC 9110 §13.1.3', async (t) => {
  const { app, changesHeard } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk' }, cache: true });
  await importDbdItems(app.db, [dbdItem({ id: 'F-IMS', title: 'Tag' })]);
  await changesHeard();
  for (const format of ['rss', 'atom']) {
    const url = `/feeds/udbud.${format}?lang=da`;
    app.dropResponseCache();
    const first = await app.inject(url);
    t.equal(first.statusCode, 200);
    const lastModified = first.headers['last-modified'] as string;
    const etag = first.headers.etag as string;
    t.ok(lastModified, `${format}: Last-Modified sent`);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const cases: [string, Record<string, string>, number][] = [
      ['its own Last-Modified', { 'if-modified-since': lastModified }, 304],
      ['a second earlier', { 'if-modified-since': earlier }, 200],
      ['a date in the future is ignored', { 'if-modified-since': future }, 200],
      ['an unreadable date is ignored', { 'if-modified-since': 'gårsdagen' }, 200],
      ['If-None-Match takes precedence when it does not match', { 'if-none-match': '"andet"', 'if-modified-since': lastModified }, 200],
      ['If-None-Match takes precedence when it matches', { 'if-none-match': etag, 'if-modified-since': earlier }, 304],
    ];
    for (const [what, headers, status] of cases) {
      const hit = await app.inject({ url, headers });
      t.equal(hit.headers['x-cache'], 'hit');
      t.equal(hit.statusCode, status, `${format}, cache hit: ${what}`);
      app.dropResponseCache();
      const miss = await app.inject({ url, headers });
      t.not(miss.headers['x-cache'], 'hit');
      t.equal(miss.statusCode, status, `${format}, cache miss: ${what}`);
      await app.inject(url);
    }
  }
});

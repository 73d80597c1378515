import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { htmlLang, unescaped } from '../helpers/html.js';

t.test('Danish by default, with a link to the English page', async (t) => {
  const { app } = await testApp(t);
  const page = await app.inject('/');
  t.equal(htmlLang(page.body), 'da');
  t.match(page.body, 'Udbud og kommende opgaver');
  t.match(unescaped(page.body), '<a href="/?lang=en" lang="en" hreflang="en">English</a>');
  t.notOk(page.headers['set-cookie'], 'no cookie without a choice');
});

t.test('?lang=en gives the English page and remembers the choice in a cookie', async (t) => {
  const { app } = await testApp(t);
  const page = await app.inject('/?lang=en');
  t.equal(htmlLang(page.body), 'en');
  t.match(page.body, 'Tenders and upcoming contracts');
  t.match(page.body, 'lang="da" hreflang="da">Dansk</a>');
  const cookie = [page.headers['set-cookie']].flat().find((c) => c?.startsWith('lang='));
  t.match(cookie, /^lang=en; Max-Age=31536000; Path=\/; SameSite=Lax; HttpOnly/);

  const remembered = await app.inject({ url: '/udbud', headers: { cookie: 'lang=en' } });
  t.equal(htmlLang(remembered.body), 'en');
  const back = await app.inject({ url: '/udbud?lang=da', headers: { cookie: 'lang=en' } });
  t.equal(htmlLang(back.body), 'da');
  t.match([back.headers['set-cookie']].flat().join(), 'lang=da');
});

t.test('Accept-Language chooses the first supported language; anything else is Danish', async (t) => {
  const { app } = await testApp(t);
  const lang = async (header: string, url = '/') => htmlLang((await app.inject({ url, headers: { 'accept-language': header } })).body);
  t.equal(await lang('en-GB,en;q=0.9'), 'en');
  t.equal(await lang('de-DE, en;q=0.5, da;q=0.8'), 'da');
  t.equal(await lang('fr, en;q=0.4'), 'en');
  t.equal(await lang('fr'), 'da');
  t.equal(await lang('en', '/?lang=da'), 'da', 'the query beats the header');
  t.equal(await lang('en', '/?lang=xx'), 'en', 'an unknown ?lang= is ignored');
});

t.test('every public page has the language switch and the language on <html>', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [dbdItem({ id: 'L-1', title: 'Nyt tag' })]);
  const pages = ['/', '/udbud', '/udbud/L-1', '/taerskler', '/krav', '/krav/LAB-ILO94', '/status', '/abonnement', '/tilgaengelighed', '/api/docs', '/login', '/findes-ikke'];
  for (const url of pages) {
    for (const lang of ['da', 'en'] as const) {
      const page = await app.inject(`${url}?lang=${lang}`);
      t.equal(htmlLang(page.body), lang, `${url} in ${lang}`);
      const other = lang === 'da' ? 'en' : 'da';
      t.match(unescaped(page.body), new RegExp(`<a href="${url.replace(/[/?]/g, '\\$&')}\\?lang=${other}" lang="${other}" hreflang="${other}">`), `${url}: switch to ${other}`);
    }
  }
});

t.test('English pages show English words, dates and error pages', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [dbdItem({ id: 'L-2', title: 'Nyt tag', status: 'published', timeline: { expectedTenderPublication: '2026-11', tenderDeadline: '2099-01-15T11:00:00Z' } })]);
  const list = (await app.inject('/?lang=en')).body;
  t.match(list, 'Open for bids');
  t.match(list, '15 January 2099, 12:00');
  const missing = await app.inject('/findes-ikke?lang=en');
  t.equal(missing.statusCode, 404);
  t.match(missing.body, 'Page not found');
});

t.test('the cache keeps the languages apart, and the language cookie alone does not bypass it', async (t) => {
  const { app } = await testApp(t, { cache: true });
  const danish = await app.inject('/taerskler');
  t.equal(danish.headers['x-cache'], 'miss');
  t.match(String(danish.headers.vary), /Accept-Language/);
  t.match(String(danish.headers.vary), /Cookie/);
  const english = await app.inject({ url: '/taerskler', headers: { 'accept-language': 'en' } });
  t.equal(english.headers['x-cache'], 'miss', 'English is another entry');
  t.equal(htmlLang(english.body), 'en');
  const again = await app.inject({ url: '/taerskler', headers: { cookie: 'lang=en' } });
  t.equal(again.headers['x-cache'], 'hit', 'the cookie alone is served from the cache');
  t.equal(htmlLang(again.body), 'en');
  t.equal(htmlLang((await app.inject('/taerskler')).body), 'da');
  const chosen = await app.inject('/taerskler?lang=en');
  await app.inject('/taerskler?lang=en');
  const hit = await app.inject('/taerskler?lang=en');
  t.equal(hit.headers['x-cache'], 'hit');
  t.match([hit.headers['set-cookie']].flat().join(), 'lang=en', 'a cached answer still remembers the choice');
  t.equal(htmlLang(chosen.body), 'en');
  t.notOk((await app.inject({ url: '/taerskler', headers: { cookie: 'lang=en; sid=x' } })).headers['x-cache'], 'other cookies still bypass it');
});

t.test('feeds and the calendar are titled in the language asked for', async (t) => {
  const { app } = await testApp(t);
  t.match((await app.inject('/feeds/udbud.rss')).body, '<title>Udbud – ');
  const rss = await app.inject('/feeds/udbud.rss?lang=en');
  t.match(rss.body, '<title>Tenders – ');
  t.match(rss.body, 'New and changed tenders from');
  t.not(rss.headers.etag, (await app.inject('/feeds/udbud.rss')).headers.etag, 'each language has its own validator');
  t.match((await app.inject('/feeds/udbud.atom?lang=en')).body, 'Tenders – ');
  t.match((await app.inject('/kalender/udbud.ics?lang=en')).body, 'X-WR-CALNAME:Tenders – ');
});

t.test('every page names its Danish, English and default addresses for search engines', async (t) => {
  const { app } = await testApp(t);
  const page = unescaped((await app.inject('/udbud?status=published&lang=en')).body);
  t.match(page, '<link rel="alternate" hreflang="da" href="http://udbud.test/udbud?status=published&amp;lang=da">');
  t.match(page, '<link rel="alternate" hreflang="en" href="http://udbud.test/udbud?status=published&amp;lang=en">');
  t.match(page, '<link rel="alternate" hreflang="x-default" href="http://udbud.test/udbud?status=published">');
  const home = unescaped((await app.inject('/')).body);
  t.match(home, '<link rel="alternate" hreflang="x-default" href="http://udbud.test/">');
});

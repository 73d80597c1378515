import Fastify from 'fastify';
import t from 'tap';
import { sql } from 'kysely';
import { CHANGES_CHANNEL, parseChange, responseCache } from '../../src/web/cache.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp, testConfig, testDatabase, watchedChanges } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { eventually as waitUntil } from '../helpers/eventually.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { completed, syncer } from '../helpers/sync.js';

// The response cache drops only what a change touches (migration 20261205000000, src/web/cache.ts).
// Notifications arrive in the order their transactions committed, so "B was kept" is proved by
// first seeing a later change arrive, then finding B still served from the cache.

const eventually = (check: () => Promise<boolean>) => waitUntil(check, { timeoutMs: 10_000, pollMs: 25 });
const footerLine = (body: string) => /<!--last-dbd-sync-->(.*?)<!--\/last-dbd-sync-->/.exec(body)?.[1];

t.test('a sync that changes nothing keeps every cached page: same ETag, served from the cache, with the new sync time in its footer', async (t) => {
  const { app, database } = await testApp(t, { cache: true });
  const dbd = await fakeDbd(t, [dbdItem({ id: 'SYNC-A', title: 'Tag på skolen' }), dbdItem({ id: 'SYNC-B', title: 'Vinduer i hallen' })]);
  const sync = syncer(database, sourceFor(dbd));
  t.equal(completed(await sync.run()).counts.created, 2);
  // The first sync's time reaches the footer once its notification is heard; say it ran an hour
  // ago, so the next one shows a different time.
  await eventually(async () => !footerLine((await app.inject('/udbud/SYNC-A')).body)?.includes('endnu ikke'));
  const fresh = footerLine((await app.inject('/udbud/SYNC-A')).body);
  await database.db.updateTable('sync_runs').set({ finished_at: sql<Date>`finished_at - interval '1 hour'` }).execute();
  await eventually(async () => footerLine((await app.inject('/udbud/SYNC-A')).body) !== fresh);

  const paths = ['/udbud', '/udbud/SYNC-A', '/udbud/SYNC-B', '/feeds/udbud.rss', '/api/v1/tenders', '/api/v1/tenders/SYNC-A'];
  const first = new Map<string, { etag: string; footer: string | undefined }>();
  for (const path of paths) {
    await app.inject(path);
    const kept = await app.inject(path);
    t.equal(kept.headers['x-cache'], 'hit', `${path} is kept`);
    first.set(path, { etag: String(kept.headers.etag), footer: footerLine(kept.body) });
  }
  const before = first.get('/udbud/SYNC-A')!.footer!;
  t.match(before, /^Sidst opdateret fra DBD: \d+\. \w+ \d{4} kl\. \d\d\.\d\d$/);

  // Now DBD has nothing new.
  const second = completed(await sync.run());
  t.same([second.counts.created, second.counts.updated], [0, 0], 'the sync changed nothing');
  await eventually(async () => footerLine((await app.inject('/udbud/SYNC-A')).body) !== before);

  for (const path of paths) {
    const res = await app.inject(path);
    t.equal(res.headers['x-cache'], 'hit', `${path} is still served from the cache`);
    t.equal(res.headers.etag, first.get(path)!.etag, `${path} keeps its ETag`);
    const conditional = await app.inject({ url: path, headers: { 'if-none-match': first.get(path)!.etag } });
    t.equal(conditional.statusCode, 304, `${path}: a client holding it is told it has not changed`);
  }
  const page = await app.inject('/udbud/SYNC-B');
  t.match(footerLine(page.body), /^Sidst opdateret fra DBD: /);
  t.not(footerLine(page.body), first.get('/udbud/SYNC-B')!.footer, 'the kept page says when the last sync ran');
  t.match(page.headers.etag, /^W\//, "a page's ETag is weak: the footer's time is not what the page says");
});

t.test('a change to tender A drops A’s answers, the lists and the feeds, and keeps tender B’s', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  await importDbdItems(database.db, [dbdItem({ id: 'ONE-A', title: 'Ny tagbelægning' }), dbdItem({ id: 'ONE-B', title: 'Maling af gange' })]);
  // The import's notifications are heard before anything is cached (or they would drop it).
  await changesHeard();
  const aPaths = ['/udbud/ONE-A', '/api/v1/tenders/ONE-A', '/api/v1/tenders/ONE-A/events', '/api/ocds/records/ocds-kge001-ONE-A'];
  const bPaths = ['/udbud/ONE-B', '/api/v1/tenders/ONE-B', '/api/v1/tenders/ONE-B/events', '/udbud/ONE-B?lang=en'];
  const across = ['/udbud', '/udbud?q=tagbelægning', '/feeds/udbud.rss', '/feeds/udbud.atom', '/api/v1/tenders', '/api/v1/events'];
  const etags = new Map<string, string>();
  for (const path of [...aPaths, ...bPaths, ...across]) {
    const res = await app.inject(path);
    t.equal(res.statusCode, 200, path);
    t.equal((await app.inject(path)).headers['x-cache'], 'hit', `${path} is kept`);
    etags.set(path, String(res.headers.etag));
  }

  await importDbdItems(database.db, [dbdItem({ id: 'ONE-A', revision: 2, title: 'Ny tagbelægning og solceller' })]);
  await eventually(async () => (await app.inject('/udbud/ONE-A')).body.includes('tagbelægning og solceller'));

  for (const path of [...aPaths.slice(1), ...across]) {
    const res = await app.inject(path);
    t.equal(res.headers['x-cache'], 'miss', `${path} was dropped and made again`);
    // (The feeds' own validator follows their news, and a new title is not news.)
    if (!path.startsWith('/feeds/')) t.not(res.headers.etag, etags.get(path), `${path} has a new ETag`);
  }
  for (const path of bPaths) {
    const res = await app.inject(path);
    t.equal(res.headers['x-cache'], 'hit', `${path} was kept`);
    t.equal(res.headers.etag, etags.get(path), `${path} keeps its ETag`);
  }
  t.match((await app.inject('/udbud')).body, 'tagbelægning og solceller', 'the list shows the change');

  // An officer's change to B (its summary) drops B's page and not A's.
  await app.inject('/udbud/ONE-A');
  await database.db.updateTable('tenders').set({ summary: 'Resumé fra udbudsafdelingen' }).where('id', '=', 'ONE-B').execute();
  await eventually(async () => (await app.inject('/udbud/ONE-B')).body.includes('Resumé fra udbudsafdelingen'));
  t.equal((await app.inject('/udbud/ONE-A')).headers['x-cache'], 'hit', 'A was kept');
});

t.test('a write that changes no row drops nothing; a change across tenders drops everything', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  await importDbdItems(database.db, [dbdItem({ id: 'SAME-A', title: 'Ventilation' }), dbdItem({ id: 'SAME-B', title: 'Belysning' })]);
  await changesHeard();
  const kept = ['/taerskler', '/krav', '/udbud', '/udbud/SAME-A'];
  for (const path of kept) {
    await app.inject(path);
    t.equal((await app.inject(path)).headers['x-cache'], 'hit', `${path} is kept`);
  }
  // Saving what is already there, and changing rows that do not exist.
  await sql`update threshold_rules set legal_basis = legal_basis`.execute(database.db);
  await sql`update requirements set title = title`.execute(database.db);
  await database.db.updateTable('tenders').set({ summary: null }).where('id', '=', 'SAME-A').execute();
  await database.db.deleteFrom('tender_interests').where('tender_id', '=', 'SAME-A').execute();
  // Then a sync run, whose notification comes after theirs and only moves the footers' time.
  const footer = footerLine((await app.inject('/udbud/SAME-A')).body);
  await database.db.insertInto('sync_runs').values({ source: 'file', mode: 'full', outcome: 'succeeded', finished_at: new Date() }).execute();
  await eventually(async () => footerLine((await app.inject('/udbud/SAME-A')).body) !== footer);
  for (const path of kept) t.equal((await app.inject(path)).headers['x-cache'], 'hit', `${path} was kept`);

  // A change to B drops B's page and the lists, and keeps A's. (B's page was not cached: that it
  // shows the change says nothing about the notification; changesHeard does.)
  await database.db.updateTable('tenders').set({ summary: 'Nyt resumé' }).where('id', '=', 'SAME-B').execute();
  await changesHeard();
  t.match((await app.inject('/udbud/SAME-B')).body, 'Nyt resumé');
  t.equal((await app.inject('/udbud/SAME-A')).headers['x-cache'], 'hit', 'tender A was kept');
  t.equal((await app.inject('/udbud')).headers['x-cache'], 'miss', 'the list was dropped by B’s change');

  // A change to a rule shows on every tender's page (its procedure): everything goes. Every page is
  // cached first, /taerskler too (B's change dropped it), so that /taerskler showing the change
  // means the rule's notification has come: the same notification drops the others.
  for (const path of ['/taerskler', '/udbud']) await app.inject(path);
  await sql`update threshold_rules set legal_basis = legal_basis || ' (rettet)'`.execute(database.db);
  await eventually(async () => (await app.inject('/taerskler')).body.includes('(rettet)'));
  for (const path of ['/udbud', '/udbud/SAME-A', '/krav']) t.equal((await app.inject(path)).headers['x-cache'], 'miss', `${path} was dropped`);
});

t.test('notifications name their table and tenders; anything else drops everything', async (t) => {
  t.same(parseChange('{"table":"tenders","tenders":["A","B"]}'), { table: 'tenders', tenders: ['A', 'B'] });
  t.same(parseChange('{"table":"firms","tenders":null}'), { table: 'firms', tenders: null });
  t.same(parseChange('{"table":"tenders","tenders":[1]}'), { table: 'tenders', tenders: null });
  t.same(parseChange('tenders'), { table: 'tenders', tenders: null }, 'an older trigger’s table name');
  t.same(parseChange('*'), { table: '*', tenders: null }, 'a listener that lost its connection');

  // What the triggers send, heard on the channel itself.
  const { database } = await testApp(t);
  const heard: string[] = [];
  const stop = await database.listen('udbud_changes', (payload) => void heard.push(payload));
  t.teardown(stop);
  await importDbdItems(database.db, [dbdItem({ id: 'N-1' }), dbdItem({ id: 'N-2' })]);
  await database.db.updateTable('tenders').set({ summary: 'x' }).where('id', '=', 'N-2').execute();
  await database.db.updateTable('tenders').set({ summary: 'x' }).where('id', '=', 'N-2').execute();
  await sql`update trades set name_da = name_da || ''`.execute(database.db);
  await sql`update trades set name_da = name_da || '!' where code = (select min(code) from trades)`.execute(database.db);
  await eventually(async () => heard.some((p) => p.includes('"trades"')));
  const changes = heard.map(parseChange);
  t.ok(changes.some((c) => c.table === 'tenders' && c.tenders?.length === 2 && c.tenders.includes('N-1')), 'the import names both tenders');
  t.ok(changes.some((c) => c.table === 'tender_events' && c.tenders?.includes('N-2')));
  t.equal(changes.filter((c) => c.table === 'tenders' && c.tenders?.join() === 'N-2').length, 1, 'the second, identical update sent nothing');
  t.same(changes.filter((c) => c.table === 'trades'), [{ table: 'trades', tenders: null }], 'one trade renamed: everything, once');
});

t.test('an answer made while a change was heard is not kept: it may have read what was there before', async (t) => {
  // The cache on its own, in front of a route that reads its data, then waits until it is let go:
  // the change commits and is heard in between, as with a render that read a tender just before
  // an officer's change and ends just after its notification.
  const database = await testDatabase(t);
  const { changes, changesHeard } = watchedChanges(database);
  const app = Fastify({ logger: false });
  app.decorate('db', database.db);
  app.decorate('config', testConfig());
  app.decorateRequest('lang', 'da');
  await app.register(responseCache, { changes });
  let title = 'Før ændringen';
  let reading: Promise<void> = Promise.resolve();
  let read = () => {};
  app.get('/side/:id', { config: { cacheable: true, cacheTender: (params) => params.id } }, async () => {
    const seen = title;
    read();
    await reading;
    return `<p>${seen}</p>`;
  });
  await app.ready();
  t.teardown(() => app.close());

  let letGo = () => {};
  reading = new Promise((resolve) => (letGo = resolve));
  const hasRead = new Promise<void>((resolve) => (read = resolve));
  const slow = app.inject('/side/A');
  await hasRead;
  title = 'Efter ændringen';
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ table: 'tenders', tenders: ['A'] })})`.execute(database.db);
  await changesHeard();
  letGo();
  const first = await slow;
  t.equal(first.body, '<p>Før ændringen</p>', 'the answer made before the change');
  t.equal(first.headers['x-cache'], 'miss');
  const next = await app.inject('/side/A');
  t.equal(next.body, '<p>Efter ændringen</p>', 'was not kept: the next reader gets the change');
  t.equal(next.headers['x-cache'], 'miss');
  const kept = await app.inject('/side/A');
  t.equal(kept.headers['x-cache'], 'hit', 'an answer made with no change heard meanwhile is kept');
  t.equal(kept.body, '<p>Efter ændringen</p>');
});

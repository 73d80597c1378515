import t from 'tap';
import { runItems } from '../../src/sync/repository.js';
import { eventsOf } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { completed, syncer } from '../helpers/sync.js';

const items = (n: number, lastModified = '2026-11-01T08:00:00Z') =>
  Array.from({ length: n }, (_, i) => dbdItem({ id: `H-${i + 1}`, title: `Opgave ${i + 1}`, lastModified }));

t.test('a full sync follows nextCursor to the end with the bearer token', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(5));
  const result = completed(await syncer(database, sourceFor(dbd)).run());
  t.equal(result.outcome, 'succeeded');
  t.equal(result.mode, 'full');
  t.match(result.counts, { pages: 3, created: 5, updated: 0, unchanged: 0, rejected: 0 });
  t.same(dbd.requests.map((r) => r.url.search), ['?limit=2', '?limit=2&cursor=2', '?limit=2&cursor=4']);
  t.ok(dbd.requests.every((r) => r.authorization === 'Bearer test-token'));
  const run = await database.db.selectFrom('sync_runs').selectAll().where('id', '=', result.runId).executeTakeFirstOrThrow();
  t.match(run, { outcome: 'succeeded', mode: 'full', pages: 3, created: 5, error: null });
  t.ok(run.finished_at, 'the run has an end');
});

t.test('the next run asks for changes since the serverTime of the last complete run', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(3));
  const sync = syncer(database, sourceFor(dbd));
  completed(await sync.run());
  dbd.serverTime = '2026-11-21T06:00:00.000Z';
  dbd.items[1] = dbdItem({ id: 'H-2', revision: 2, title: 'Opgave 2, ny titel', lastModified: '2026-11-20T10:00:00Z' });
  dbd.requests.length = 0;
  const second = completed(await sync.run());
  t.equal(second.mode, 'incremental');
  t.equal(dbd.requests[0]!.url.searchParams.get('changedSince'), '2026-11-20T06:00:00.000Z');
  t.match(second.counts, { created: 0, updated: 1, unchanged: 0 });
  dbd.requests.length = 0;
  completed(await sync.run());
  t.equal(dbd.requests[0]!.url.searchParams.get('changedSince'), '2026-11-21T06:00:00.000Z', 'moves on after each complete run');
});

t.test('401 and 403 fail the run at once and change nothing', async (t) => {
  for (const status of [401, 403]) {
    const database = await testDatabase(t);
    const dbd = await fakeDbd(t, items(3));
    dbd.faults = [{ kind: 'status', status }];
    const result = completed(await syncer(database, sourceFor(dbd)).run());
    t.equal(result.outcome, 'failed');
    t.match(result.error, /^DBD afviste adgangsnøglen/);
    t.equal(dbd.requests.length, 1, 'no retry with a bad token');
    t.equal((await database.db.selectFrom('tenders').select('id').execute()).length, 0);
  }
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(1));
  const wrongToken = completed(await syncer(database, sourceFor(dbd, { token: 'wrong' })).run());
  t.match(wrongToken.error, /DBD afviste adgangsnøglen \(HTTP 401\)/, 'a wrong token, as the server itself refuses it');
});

t.test('429 with Retry-After: waits as asked, then goes on', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(3));
  dbd.faults = [null, { kind: 'status', status: 429, retryAfter: '1' }];
  const started = Date.now();
  const result = completed(await syncer(database, sourceFor(dbd, { maxWaitMs: 5000 })).run());
  t.equal(result.outcome, 'succeeded');
  t.ok(Date.now() - started >= 950, `waited the second DBD asked for (${Date.now() - started} ms)`);
  t.equal(result.counts.created, 3);
});

t.test('a Retry-After longer than the bound waits only the bound', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(1));
  dbd.faults = [{ kind: 'status', status: 429, retryAfter: '3600' }];
  const started = Date.now();
  const result = completed(await syncer(database, sourceFor(dbd, { maxWaitMs: 300 })).run());
  t.equal(result.outcome, 'succeeded');
  t.ok(Date.now() - started < 3000, 'did not wait an hour');
});

t.test('5xx, reset and a hanging response are retried with backoff', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(2));
  dbd.faults = [{ kind: 'status', status: 503 }, { kind: 'reset' }];
  const result = completed(await syncer(database, sourceFor(dbd)).run());
  t.equal(result.outcome, 'succeeded');
  t.equal(dbd.requests.length, 3);

  const database2 = await testDatabase(t);
  const hanging = await fakeDbd(t, items(2));
  hanging.faults = [{ kind: 'hang' }];
  const afterHang = completed(await syncer(database2, sourceFor(hanging, { timeoutMs: 200 })).run());
  t.equal(afterHang.outcome, 'succeeded', 'the hanging request timed out and the retry succeeded');
  t.equal(afterHang.counts.created, 2);
});

t.test('a bounded number of retries, then the run fails with the reason', async (t) => {
  const cases = [
    { fault: { kind: 'status', status: 500 } as const, reason: /DBD svarede med en serverfejl \(HTTP 500\); opgivet efter 3 forsøg/ },
    { fault: { kind: 'hang' } as const, reason: /DBD svarede ikke inden for tidsgrænsen; opgivet efter 3 forsøg/ },
    { fault: { kind: 'reset' } as const, reason: /forbindelsen til DBD blev afbrudt; opgivet efter 3 forsøg/ },
  ];
  for (const { fault, reason } of cases) {
    const database = await testDatabase(t);
    const dbd = await fakeDbd(t, items(2));
    dbd.faults = [fault, fault, fault, fault];
    const result = completed(await syncer(database, sourceFor(dbd, { timeoutMs: 150 })).run());
    t.equal(result.outcome, 'failed', fault.kind);
    t.match(result.error, reason);
    t.equal(dbd.requests.length, 3, 'first try plus maxRetries');
  }
});

t.test('connection refused is retried and then fails the run', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(1));
  await dbd.close();
  const result = completed(await syncer(database, sourceFor(dbd)).run());
  t.equal(result.outcome, 'failed');
  t.match(result.error, /DBD afviste forbindelsen \(ECONNREFUSED\); opgivet efter 3 forsøg/);
});

t.test('malformed JSON or an unexpected shape fails the run with a clear reason', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['{"items": [', /DBD-svaret er ikke gyldig JSON/],
    ['[1,2,3]', /ikke et JSON-objekt/],
    ['{"data": []}', /listen "items" mangler/],
    ['{"items": [], "nextCursor": 5, "serverTime": "2026-11-20T06:00:00Z"}', /"nextCursor" skal være tekst eller null/],
    ['{"items": [], "nextCursor": null}', /"serverTime" skal være et tidspunkt/],
  ];
  for (const [body, reason] of cases) {
    const database = await testDatabase(t);
    const dbd = await fakeDbd(t, items(1));
    dbd.faults = [{ kind: 'body', body }];
    const result = completed(await syncer(database, sourceFor(dbd)).run());
    t.equal(result.outcome, 'failed', body);
    t.match(result.error, reason);
    t.equal(dbd.requests.length, 1, 'not retried: DBD answered, wrongly');
  }
});

t.test('a failure on page 3 keeps pages 1–2, and the next run picks up the rest', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(6));
  dbd.faults = [null, null, { kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 }];
  const sync = syncer(database, sourceFor(dbd));
  const failed = completed(await sync.run());
  t.equal(failed.outcome, 'failed');
  t.match(failed.counts, { pages: 2, created: 4 });
  t.equal((await database.db.selectFrom('tenders').select('id').execute()).length, 4, 'pages 1–2 are committed');

  dbd.requests.length = 0;
  const resumed = completed(await sync.run());
  t.equal(resumed.outcome, 'succeeded');
  t.equal(dbd.requests[0]!.url.searchParams.get('cursor'), '4', 'resumes at page 3, not past it and not from the start');
  t.equal(dbd.requests[0]!.url.searchParams.get('changedSince'), null, 'with the same question as the interrupted run');
  t.match(resumed.counts, { pages: 1, created: 2 });
  const events = await database.db.selectFrom('tender_events').select('tender_id').execute();
  t.equal(events.length, 6, 'every item once: nothing lost, nothing doubled');

  dbd.requests.length = 0;
  completed(await sync.run());
  t.equal(dbd.requests[0]!.url.searchParams.get('changedSince'), '2026-11-20T06:00:00.000Z', 'then incremental from the interrupted run’s server time');
});

t.test('a bad item is rejected alone, stored with its reason and the raw item', async (t) => {
  const database = await testDatabase(t);
  const bad = dbdItem({ id: 'H-BAD', estimatedValue: { amountDkk: -10 } });
  const dbd = await fakeDbd(t, [...items(2), bad, dbdItem({ id: 'H-LAST' })]);
  const result = completed(await syncer(database, sourceFor(dbd)).run());
  t.equal(result.outcome, 'succeeded');
  t.match(result.counts, { created: 3, rejected: 1 });
  const stored = await runItems(database.db, result.runId);
  t.equal(stored.length, 1);
  t.match(stored[0], { kind: 'rejected', dbd_id: 'H-BAD', message: /må ikke være negativ/ });
  t.same(stored[0]!.raw, bad, 'the raw item as DBD sent it');
});

t.test('an item missing from a full export is flagged, never deleted, and unflagged when it returns', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(3));
  const sync = syncer(database, sourceFor(dbd));
  completed(await sync.run());
  const dropped = dbd.items.splice(1, 1)[0]!;
  const full = completed(await sync.run({ full: true }));
  t.same(full.flaggedIds, ['H-2']);
  t.equal(full.counts.flagged, 1);
  const tender = await findTender(database.db, 'H-2');
  t.ok(tender, 'its page stays');
  t.ok(tender!.row.missing_from_dbd_at, 'flagged for officers');

  const incremental = completed(await sync.run());
  t.equal(incremental.mode, 'incremental');
  t.equal(incremental.counts.flagged, 0, 'an incremental run cannot tell what is missing');

  dbd.items.push(dropped);
  completed(await sync.run({ full: true }));
  t.equal((await findTender(database.db, 'H-2'))!.row.missing_from_dbd_at, null, 'back in DBD: no longer flagged');
});

t.test('DBD cannot overwrite a state officers own: the change is recorded as a conflict', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'H-OWNED', status: 'published' })]);
  const sync = syncer(database, sourceFor(dbd));
  completed(await sync.run());
  // An officer has awarded the tender (decisions arrive with the officers' back office).
  await database.db.updateTable('tenders').set({ status: 'awarded' }).where('id', '=', 'H-OWNED').execute();
  dbd.items[0] = dbdItem({ id: 'H-OWNED', revision: 2, status: 'in_preparation', title: 'Ny titel fra DBD', lastModified: '2026-11-25T08:00:00Z' });
  const result = completed(await sync.run());
  t.match(result.conflicts, [{ tenderId: 'H-OWNED', field: 'status', portalValue: 'awarded', dbdValue: 'in_preparation' }]);
  t.equal(result.counts.conflicts, 1);
  const stored = await findTender(database.db, 'H-OWNED');
  t.equal(stored!.row.status, 'awarded', 'not applied silently');
  t.equal(stored!.row.title, 'Ny titel fra DBD', 'the fields DBD owns still apply');
  const conflicts = await database.db.selectFrom('sync_conflicts').selectAll().execute();
  t.match(conflicts, [{ tender_id: 'H-OWNED', field: 'status', portal_value: 'awarded', dbd_value: 'in_preparation', resolved_at: null }]);
  const [latest] = await eventsOf(database.db, 'H-OWNED');
  t.same(latest!.changes.map((c) => c.field), ['title']);
});

t.test('an item whose revision is not newer changes nothing', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'H-R', revision: 5, title: 'Revision fem' })]);
  const sync = syncer(database, sourceFor(dbd));
  completed(await sync.run());
  dbd.items[0] = dbdItem({ id: 'H-R', revision: 4, title: 'Ældre', lastModified: '2026-11-25T08:00:00Z' });
  const result = completed(await sync.run({ full: true }));
  t.match(result.counts, { unchanged: 1, updated: 0 });
  t.equal((await findTender(database.db, 'H-R'))!.row.title, 'Revision fem');
});

t.test('a saved cursor DBD refuses (expired) fails that run, and the next run starts the pass over', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, items(4));
  dbd.faults = [null, { kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 }];
  const sync = syncer(database, sourceFor(dbd));
  t.equal(completed(await sync.run()).outcome, 'failed', 'interrupted after page 1');
  dbd.faults = [{ kind: 'status', status: 400 }];
  const refused = completed(await sync.run());
  t.equal(refused.outcome, 'failed');
  t.match(refused.error, /DBD svarede HTTP 400/);
  dbd.requests.length = 0;
  const fresh = completed(await sync.run());
  t.equal(fresh.outcome, 'succeeded');
  t.equal(dbd.requests[0]!.url.searchParams.get('cursor'), null, 'from the first page again');
  t.match(fresh.counts, { created: 2, unchanged: 2 });
});

import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../src/db/database.js';
import { createSyncLock } from '../../src/sync/lock.js';
import { scheduleSync } from '../../src/sync/scheduler.js';
import { testDatabase } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { memoryLogger, syncer } from '../helpers/sync.js';

t.test(`two concurrent runs: exactly one syncs, the other skips and says so (${testDatabaseKind})`, async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'L-1' }), dbdItem({ id: 'L-2' })]);
  dbd.delayMs = 300;
  let lockB = createSyncLock(database);
  if (database.url) {
    // A second app instance: its own connection pool to the same PostgreSQL database.
    const second = await openDatabase({ databaseUrl: database.url, onIdleConnectionError: () => {} });
    t.teardown(() => second.close());
    lockB = createSyncLock(second);
    const a = syncer(database, sourceFor(dbd, { timeoutMs: 3000 }));
    const b = syncer(database, sourceFor(dbd, { timeoutMs: 3000 }), lockB);
    const outcomes = await Promise.all([a.run(), b.run()]);
    t.same(outcomes.map((o) => o.outcome).sort(), ['skipped', 'succeeded'], 'across instances, via the advisory lock');
    const skipper = outcomes[0]!.outcome === 'skipped' ? a : b;
    t.match(skipper.log.lines, [{ level: 'info', msg: /skipped: another run holds the sync lock/ }]);
  } else {
    // PGlite is one session in one process: the lock is the process's own.
    const lock = createSyncLock(database);
    const a = syncer(database, sourceFor(dbd, { timeoutMs: 3000 }), lock);
    const b = syncer(database, sourceFor(dbd, { timeoutMs: 3000 }), lock);
    const outcomes = await Promise.all([a.run(), b.run()]);
    t.same(outcomes.map((o) => o.outcome).sort(), ['skipped', 'succeeded']);
    t.match(b.log.lines, [{ level: 'info', msg: /skipped: another run holds the sync lock/ }]);
  }
  const runs = await database.db.selectFrom('sync_runs').selectAll().execute();
  t.equal(runs.length, 1, 'one run recorded');
  t.equal((await database.db.selectFrom('tender_events').select('id').execute()).length, 2, 'nothing doubled');
});

t.test('after a run the lock is free again', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem()]);
  const sync = syncer(database, sourceFor(dbd));
  t.equal((await sync.run()).outcome, 'succeeded');
  t.equal((await sync.run()).outcome, 'succeeded');
  dbd.faults = [{ kind: 'status', status: 401 }];
  t.equal((await sync.run()).outcome, 'failed');
  t.equal((await sync.run()).outcome, 'succeeded', 'a failed run releases the lock too');
});

t.test('the scheduler runs the sync on its cron expression and stops cleanly', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem()]);
  const scheduler = scheduleSync(
    { db: database.db, source: sourceFor(dbd), lock: createSyncLock(database), log: memoryLogger() },
    '* * * * * *',
  );
  for (let i = 0; i < 40 && dbd.requests.length === 0; i++) await sleep(100);
  await scheduler.stop();
  t.ok(dbd.requests.length >= 1, 'ran on schedule (every second)');
  const seen = dbd.requests.length;
  await sleep(1500);
  t.equal(dbd.requests.length, seen, 'no runs after stop');
});

t.test('without a schedule the sync runs only when asked, and concurrent asks share one run', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem()]);
  dbd.delayMs = 100;
  const scheduler = scheduleSync({ db: database.db, source: sourceFor(dbd), lock: createSyncLock(database), log: memoryLogger() }, null);
  t.teardown(() => scheduler.stop());
  await sleep(300);
  t.equal(dbd.requests.length, 0);
  const [a, b] = await Promise.all([scheduler.runNow(), scheduler.runNow()]);
  t.equal(a, b, 'the same run');
  t.equal(a.outcome, 'succeeded');
});

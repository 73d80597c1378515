// npm run bench:sync: how fast a DBD sync is, in figures (never a timed unit test).
// Generates 10.000 DBD items, serves them from a local HTTP server in pages of 500, and times
// a full first sync, a no-change re-sync and a re-sync where 1 % of the items changed.
// Runs on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, else on PGlite.
import { performance } from 'node:perf_hooks';
import { createSyncLock } from '../../src/sync/lock.js';
import { runSync, type SyncResult } from '../../src/sync/service.js';
import { createTestDatabase } from '../helpers/database.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { memoryLogger } from '../helpers/sync.js';

const COUNT = Number(process.env.BENCH_ITEMS ?? 10_000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl) process.env.TEST_DATABASE_URL = serverUrl;

const cleanups: Array<() => unknown> = [];
const teardown = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

const workTypes = ['renovation', 'new_build', 'maintenance', 'energy', 'demolition'] as const;
const item = (i: number, revision = 1, lastModified = '2026-11-01T08:00:00Z') =>
  dbdItem({
    id: `BENCH-${String(i).padStart(6, '0')}`,
    revision,
    title: `${revision > 1 ? 'Revideret: ' : ''}Renovering af bygning ${i}, Køge`,
    description: `Projekt ${i}. Udskiftning af tag, vinduer og tekniske installationer i drift.`,
    workType: workTypes[i % workTypes.length],
    estimatedValue: i % 17 === 0 ? null : { amountDkk: 250_000 + ((i * 7919) % 60_000_000) },
    requirements: i % 3 === 0 ? ['LAB-ILO94', 'SOC-APPRENTICE', 'ENV-CO2-LCA'] : ['LAB-ILO94'],
    lastModified,
  });

const format = (n: number, digits = 0) => new Intl.NumberFormat('da-DK', { maximumFractionDigits: digits }).format(n);
const mb = (bytes: number) => `${format(bytes / 1024 / 1024, 1)} MB`;

async function main() {
  const database = await createTestDatabase();
  cleanups.push(() => database.close());
  const dbd = await fakeDbd(teardown, Array.from({ length: COUNT }, (_, i) => item(i)));
  const source = sourceFor(dbd, { pageSize: 500, timeoutMs: 60_000 });
  const deps = { db: database.db, source, lock: createSyncLock(database), log: memoryLogger() };

  console.log(`bench:sync: ${format(COUNT)} DBD items in pages of 500 on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

  const timed = async (label: string, options: { full?: boolean } = {}) => {
    const started = performance.now();
    const result: SyncResult = await runSync(deps, options);
    const seconds = (performance.now() - started) / 1000;
    if (result.outcome !== 'succeeded') throw new Error(`${label}: ${result.outcome} ${'error' in result ? result.error : ''}`);
    const { counts } = result;
    const items = counts.created + counts.updated + counts.unchanged + counts.rejected;
    console.log(
      `${label.padEnd(34)} ${format(seconds, 2).padStart(7)} s  ${format(items / seconds).padStart(7)} items/s  ` +
        `(created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, pages ${counts.pages})`,
    );
    return seconds;
  };

  await timed('full first sync');
  // DBD resends everything (a full run): every item must be recognised as unchanged.
  await timed('no-change re-sync (all resent)', { full: true });
  for (let i = 0; i < COUNT; i += 100) dbd.items[i] = item(i, 2, '2026-11-22T08:00:00Z');
  await timed('1 % changed, all resent', { full: true });
  for (let i = 50; i < COUNT; i += 100) dbd.items[i] = item(i, 2, '2026-11-23T08:00:00Z');
  dbd.serverTime = '2026-11-23T09:00:00.000Z';
  await timed('1 % changed, incremental');

  clearInterval(sampler);
  console.log(`peak RSS ${mb(peakRss)}, heap used now ${mb(process.memoryUsage().heapUsed)}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

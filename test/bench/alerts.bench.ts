// npm run bench:alerts: how fast e-mail alerts are matched and built, in figures (never a timed
// unit test). With 10.000 confirmed subscriptions of mixed searches it times
//   1. matching one changed tender against all of them, and queueing the instant messages;
//   2. building 10.000 daily digests: gathering and queueing them, then composing every mail
//      (events read per message, text + HTML from the templates), as the workers would.
// Targets: 1 under 2 s, 2 under 20 s, on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL);
// without one it runs on PGlite.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { composeMail, messageEvents } from '../../src/subscriptions/compose.js';
import { buildDigests } from '../../src/subscriptions/delivery.js';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { importDbdItems } from '../../src/sync/import.js';
import { createTestDatabase } from '../helpers/database.js';
import { dbdItem } from '../helpers/dbd.js';

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const TENDERS = 200;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl) process.env.TEST_DATABASE_URL = serverUrl;

const format = (n: number, digits = 0) => new Intl.NumberFormat('da-DK', { maximumFractionDigits: digits }).format(n);
const workTypes = ['renovation', 'new_build', 'maintenance', 'energy', 'demolition'] as const;
const tender = (i: number, revision = 1, overrides: Record<string, unknown> = {}) =>
  dbdItem({
    id: `ALERT-${String(i).padStart(4, '0')}`,
    revision,
    title: `Renovering af tag og facade, bygning ${i}`,
    workType: workTypes[i % workTypes.length],
    estimatedValue: { amountDkk: 250_000 + ((i * 7919) % 30_000_000) },
    ...overrides,
  });

/** A realistic spread of saved searches: everything, words, types, values, requirements, CPV. */
function search(i: number): Record<string, unknown> {
  switch (i % 6) {
    case 0:
      return {};
    case 1:
      return { q: ['tag', 'facade', 'skole', 'vinduer'][i % 4] };
    case 2:
      return { workType: [workTypes[i % workTypes.length]] };
    case 3:
      return { minValue: (i % 10) * 500_000, includeUnvalued: false };
    case 4:
      return { requirement: ['LAB-ILO94'], status: ['planned', 'published'] };
    default:
      return { cpv: '45', contractType: ['works'] };
  }
}

async function time<T>(label: string, target: number | null, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const verdict = target === null ? '' : seconds < target ? `  (target < ${target} s: met)` : `  (target < ${target} s: MISSED)`;
  console.log(`${label.padEnd(58)} ${format(seconds, 2).padStart(6)} s${verdict}`);
  return result;
}

async function main() {
  const database = await createTestDatabase();
  const { db } = database;
  try {
    console.log(`bench:alerts: ${format(SUBSCRIPTIONS)} subscriptions, ${TENDERS} tenders, on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`);
    await importDbdItems(db, Array.from({ length: TENDERS }, (_, i) => tender(i)));
    await matchPendingEvents(db); // the creation events, before anyone subscribed
    for (let start = 0; start < SUBSCRIPTIONS; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, SUBSCRIPTIONS - start) }, (_, k) => {
        const i = start + k;
        return { email: `abonnent${i}@example.dk`, filter: JSON.stringify(search(i)), frequency: 'instant' as const, confirmed_at: new Date() };
      });
      await db.insertInto('subscriptions').values(rows).execute();
    }

    await importDbdItems(db, [tender(7, 2, { status: 'published', timeline: { tenderDeadline: '2099-02-01T12:00:00+01:00' } })]);
    const instant = await time(`1. match 1 event against ${format(SUBSCRIPTIONS)} subscriptions + queue`, 2, () => matchPendingEvents(db));
    console.log(`   ${format(instant.items)} subscriptions matched, ${format(instant.messages)} messages queued`);

    // Everyone on a daily digest with three of the day's events each.
    await sql`update subscriptions set frequency = 'daily', filter = '{}'::jsonb`.execute(db);
    await sql`update alert_items set message_id = null`.execute(db);
    await importDbdItems(db, [1, 2, 3].map((i) => tender(i, 2, { estimatedValue: { amountDkk: 9_999_000 + i } })));
    await matchPendingEvents(db);
    const total = performance.now();
    const digests = await time(`2a. gather + queue ${format(SUBSCRIPTIONS)} daily digests`, null, () => buildDigests(db, 'daily', new Date('2026-11-24T06:00:00Z')));
    const context = { publicUrl: 'https://udbud.koege.dk', municipality: 'Køge Kommune', signer: await loadLinkSigner(db) };
    const bytes = await time(`2b. compose all ${format(digests)} digest mails (text + HTML)`, null, async () => {
      const messages = await db
        .selectFrom('alert_messages as m')
        .innerJoin('subscriptions as s', 's.id', 'm.subscription_id')
        .select(['m.id', 'm.kind', 's.id as subscription_id', 's.email', 's.filter', 's.frequency'])
        .where('m.kind', '=', 'daily')
        .execute();
      let size = 0;
      for (const m of messages) {
        const mail = composeMail(context, { id: m.id, kind: m.kind }, { id: m.subscription_id, email: m.email, filter: m.filter, frequency: m.frequency }, await messageEvents(db, m.id));
        size += mail.text.length + mail.html.length;
      }
      return size;
    });
    const seconds = (performance.now() - total) / 1000;
    console.log(`${`2. build ${format(digests)} daily digests in all`.padEnd(58)} ${format(seconds, 2).padStart(6)} s  (target < 20 s: ${seconds < 20 ? 'met' : 'MISSED'})`);
    console.log(`   ${format(bytes / 1024 / 1024, 1)} MB of mail text and HTML; peak RSS ${format(process.memoryUsage().rss / 1024 / 1024, 0)} MB`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

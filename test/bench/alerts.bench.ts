// npm run bench:alerts: how fast e-mail alerts are matched and built, in figures (never a timed
// unit test). With 10.000 confirmed subscriptions of mixed searches it times
//   1a. matching one changed tender against all of them: the matching query alone (which
//       subscriptions the tender now meets), as matchPendingEvents runs it, median of 5 runs;
//   1.  the whole matcher run for it: taking the event, matching and recording the alert items,
//       then creating and queueing the instant messages (each part printed);
//   2a. gathering and queueing 10.000 daily digests;
//   2b. composing every digest mail (text + HTML from the templates), their events read a thousand
//       messages at a time (messagesEvents); 2c the same with the events read SEND_BATCH messages
//       at a time, as a send worker reads its batch of jobs.
// Targets (issue 18): 1a under 0,1 s, 2b under 2 s, on PostgreSQL (BENCH_DATABASE_URL or
// TEST_DATABASE_URL); without one it runs on PGlite.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { composeMail, messagesEvents } from '../../src/subscriptions/compose.js';
import { buildDigests } from '../../src/subscriptions/delivery.js';
import { eventsToMatch, matchingPairs, matchPendingEvents, type MatchTimings } from '../../src/subscriptions/matching.js';
import { eventsWithIds } from '../../src/tenders/events.js';
import { SEND_BATCH } from '../../src/subscriptions/runtime.js';
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

function figure(label: string, seconds: number, target: number | null) {
  const verdict = target === null ? '' : `  (target < ${format(target, 2)} s: ${seconds < target ? 'met' : 'MISSED'})`;
  console.log(`${label.padEnd(62)} ${format(seconds, seconds < 1 ? 3 : 2).padStart(6)} s${verdict}`);
}

async function time<T>(label: string, target: number | null, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  figure(label, (performance.now() - started) / 1000, target);
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
    // 1a: the matching query alone, counted (matchPendingEvents inserts its pairs as alert items).
    const pending = await db.selectFrom('alert_pending_events').select('event_id').execute();
    const events = eventsToMatch(await eventsWithIds(db, pending.map((p) => p.event_id)));
    const runs: number[] = [];
    let decided = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${matchingPairs(events)}) pairs`.execute(db);
      runs.push((performance.now() - started) / 1000);
      decided = rows[0]!.n;
    }
    figure(`1a. match 1 event against ${format(SUBSCRIPTIONS)} subscriptions`, runs.sort((a, b) => a - b)[2]!, 0.1);
    console.log(`    (the matching query: ${format(decided)} subscriptions meet it; median of 5 runs)`);
    const timings: MatchTimings = { match: 0, messages: 0 };
    const instant = await time('1. match it, record its items and queue its mails, in all', null, () => matchPendingEvents(db, timings));
    figure(`    of which: take the event, match, record ${format(instant.items)} alert items`, timings.match / 1000, null);
    figure(`    of which: create + queue ${format(instant.messages)} instant messages`, timings.messages / 1000, null);
    if (instant.items !== decided) throw new Error(`the matching query counted ${decided}, the run recorded ${instant.items}`);

    // Everyone on a daily digest with three of the day's events each.
    await sql`update subscriptions set frequency = 'daily', filter = '{}'::jsonb`.execute(db);
    await sql`update alert_items set message_id = null`.execute(db);
    await importDbdItems(db, [1, 2, 3].map((i) => tender(i, 2, { estimatedValue: { amountDkk: 9_999_000 + i } })));
    await matchPendingEvents(db);
    const total = performance.now();
    const digests = await time(`2a. gather + queue ${format(SUBSCRIPTIONS)} daily digests`, null, () => buildDigests(db, 'daily', new Date('2026-11-24T06:00:00Z')));
    const context = { publicUrl: 'https://udbud.koege.dk', municipality: 'Køge Kommune', signer: await loadLinkSigner(db) };
    /** Every digest mail, the events read `batch` messages at a time; the mails' size in characters. */
    const composeAll = async (batch: number) => {
      const messages = await db
        .selectFrom('alert_messages as m')
        .innerJoin('subscriptions as s', 's.id', 'm.subscription_id')
        .select(['m.id', 'm.kind', 's.id as subscription_id', 's.email', 's.filter', 's.frequency'])
        .where('m.kind', '=', 'daily')
        .execute();
      let size = 0;
      for (let start = 0; start < messages.length; start += batch) {
        const chunk = messages.slice(start, start + batch);
        const events = await messagesEvents(db, chunk.map((m) => m.id));
        for (const m of chunk) {
          const mail = composeMail(context, { id: m.id, kind: m.kind }, { id: m.subscription_id, email: m.email, filter: m.filter, frequency: m.frequency }, events.get(m.id) ?? []);
          size += mail.text.length + mail.html.length;
        }
      }
      return size;
    };
    const bytes = await time(`2b. compose all ${format(digests)} digest mails (text + HTML)`, 2, () => composeAll(1000));
    console.log('    (their events read 1.000 messages at a time)');
    figure(`2. build ${format(digests)} daily digests in all (2a + 2b)`, (performance.now() - total) / 1000, null);
    await time(`2c. 2b with the events read ${SEND_BATCH} at a time, as a send worker does`, null, () => composeAll(SEND_BATCH));
    console.log(`   ${format(bytes / 1024 / 1024, 1)} MB of mail text and HTML; peak RSS ${format(process.memoryUsage().rss / 1024 / 1024, 0)} MB`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

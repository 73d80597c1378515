import { sql } from 'kysely';
import client from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import type { MessageKind } from '../db/types.js';
import { lastSuccessfulSync } from '../sync/repository.js';

// Two registries, merged at each scrape:
// - one per process (module level, created once), for what the process does: its counters of sync
//   runs and mails, and Node's own metrics. Tests build many apps in one process, so these must be
//   registered exactly once; they count for the process, which in production is one instance.
// - one per app, for the request durations and the gauges read from that app's database.

const processRegistry = new client.Registry();

const syncRuns = new client.Counter({
  name: 'udbud_sync_runs_total',
  help: 'DBD sync runs in this instance, by outcome (skipped: another instance held the sync lock)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

const mailSent = new client.Counter({
  name: 'udbud_mail_sent_total',
  help: 'Mails the mail transport accepted, by kind of message',
  labelNames: ['kind'] as const,
  registers: [processRegistry],
});

const mailFailed = new client.Counter({
  name: 'udbud_mail_failed_total',
  help: 'Mail deliveries the mail transport refused (each is retried by the job queue), by kind of message',
  labelNames: ['kind'] as const,
  registers: [processRegistry],
});

// Every series exists from the start at 0, so rate() and absent-alerts work before the first event.
const syncOutcomes = ['succeeded', 'failed', 'skipped'] as const;
const messageKinds: readonly MessageKind[] = ['confirm', 'already_subscribed', 'instant', 'daily', 'weekly'];
for (const outcome of syncOutcomes) syncRuns.inc({ outcome }, 0);
for (const kind of messageKinds) {
  mailSent.inc({ kind }, 0);
  mailFailed.inc({ kind }, 0);
}

export type SyncRunOutcome = (typeof syncOutcomes)[number];

export function recordSyncRun(outcome: SyncRunOutcome): void {
  syncRuns.inc({ outcome });
}

export function recordMail(kind: MessageKind, outcome: 'sent' | 'failed'): void {
  (outcome === 'sent' ? mailSent : mailFailed).inc({ kind });
}

let processMetricsStarted = false;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC), started on the first app that serves
 * /metrics, not at import: the CLI tools import the counters but never export them.
 */
function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  client.collectDefaultMetrics({ register: processRegistry });
}

/**
 * The registry of one app: the gauges read from its database when scraped (so every instance
 * reports the shared state, also after a restart). fastify-metrics adds its request histogram here.
 */
export function createAppRegistry(db: Db, log: FastifyBaseLogger): client.Registry {
  startProcessMetrics();
  const registry = new client.Registry();
  // Set on each scrape from the database. A failed read keeps the last value: the scrape still
  // answers, and /readyz is where a database outage shows.
  const dbGauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: (gauge: client.Gauge<L>) => Promise<void>) =>
    new client.Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        try {
          await read(this);
        } catch (error) {
          log.warn({ err: error, metric: name }, 'could not read a metric from the database');
        }
      },
    });

  dbGauge('udbud_sync_last_success_timestamp_seconds', 'End of the last successful DBD sync by any instance, in Unix seconds (0: none yet)', [], async (gauge) => {
    const last = await lastSuccessfulSync(db);
    gauge.set(last ? last.getTime() / 1000 : 0);
  });

  dbGauge('udbud_alert_queue_depth', 'Alert messages not yet sent (waiting for delivery or retrying)', [], async (gauge) => {
    const row = await db.selectFrom('alert_messages').select(sql<number>`count(*)::int`.as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow();
    gauge.set(row.n);
  });

  dbGauge('udbud_job_queue_size', 'pg-boss jobs waiting to run (created or retrying), by queue', ['queue'], async (gauge) => {
    const { rows } = await sql<{ name: string; n: number }>`
      select name, count(*)::int as n from pgboss.job where state in ('created', 'retry') group by name`.execute(db);
    gauge.reset();
    for (const row of rows) gauge.set({ queue: row.name }, row.n);
  });

  dbGauge('udbud_subscriptions', 'E-mail alert subscriptions, by state (pending: awaiting the confirmation link)', ['state'], async (gauge) => {
    const row = await db
      .selectFrom('subscriptions')
      .select([
        sql<number>`count(*) filter (where confirmed_at is null)::int`.as('pending'),
        sql<number>`count(*) filter (where confirmed_at is not null)::int`.as('confirmed'),
      ])
      .executeTakeFirstOrThrow();
    gauge.set({ state: 'pending' }, row.pending);
    gauge.set({ state: 'confirmed' }, row.confirmed);
  });

  return registry;
}

/** The Prometheus text of this process and this app together. */
export async function scrape(appRegistry: client.Registry): Promise<{ contentType: string; body: string }> {
  const merged = client.Registry.merge([processRegistry, appRegistry]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}

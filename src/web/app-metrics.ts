import client from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { startProcessMetrics } from '../observability/counters.js';
import { subscriptionsByState, unsentMessageCount } from '../subscriptions/health.js';
import { waitingJobsByQueue } from '../subscriptions/queue.js';
import { lastSuccessfulSync } from '../sync/repository.js';

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
    gauge.set(await unsentMessageCount(db));
  });

  dbGauge('udbud_job_queue_size', 'pg-boss jobs waiting to run (created or retrying), by queue', ['queue'], async (gauge) => {
    const rows = await waitingJobsByQueue(db);
    gauge.reset();
    for (const row of rows) gauge.set({ queue: row.name }, row.n);
  });

  dbGauge('udbud_subscriptions', 'E-mail alert subscriptions, by state (pending: awaiting the confirmation link)', ['state'], async (gauge) => {
    const counts = await subscriptionsByState(db);
    gauge.set({ state: 'pending' }, counts.pending);
    gauge.set({ state: 'confirmed' }, counts.confirmed);
  });

  return registry;
}

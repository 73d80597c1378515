import client from 'prom-client';
import type { MessageKind } from '../db/types.js';

// The registry of the process (module level, created once), for what the process does: its
// counters of sync runs and mails, and Node's own metrics. Tests build many apps in one process, so
// these must be registered exactly once; they count for the process, which in production is one
// instance. Each app keeps a registry of its own beside it (web/app-metrics.ts), merged at scrape.
// A leaf: the sync and the mail delivery call it, so it imports nothing above db/.

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
export function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  client.collectDefaultMetrics({ register: processRegistry });
}

/** The Prometheus text of this process and the given app's registry together. */
export async function scrape(appRegistry: client.Registry): Promise<{ contentType: string; body: string }> {
  const merged = client.Registry.merge([processRegistry, appRegistry]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}

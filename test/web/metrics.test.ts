import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import t from 'tap';
import { loadConfig, ConfigError } from '../../src/config.js';
import { deliverMessage } from '../../src/subscriptions/delivery.js';
import { createMailTransport, type MailTransport } from '../../src/subscriptions/mailer.js';
import { subscribe } from '../../src/subscriptions/service.js';
import { loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { createSyncLock } from '../../src/sync/lock.js';
import { scheduleSync } from '../../src/sync/scheduler.js';
import { parseTenderFilter } from '../../src/tenders/filter.js';
import { testApp, testConfig } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { memoryLogger } from '../helpers/sync.js';
import type { TestDatabase } from '../helpers/database.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Reads Prometheus text exposition format 0.0.4 strictly enough to catch a malformed line:
 * every line is a HELP or TYPE comment or `name{label="value",…} number` (prom-client writes NaN as
 * `Nan`; Prometheus reads NaN and Inf in any case, as Go's ParseFloat does).
 */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|nan|[+-]?inf)$/i.exec(line);
    if (!match) throw new Error(`not a Prometheus line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(app: FastifyInstance, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await app.inject({ url: '/metrics', headers });
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
  return parseMetrics(res.body);
}

/** The value of one series (0 when absent), matching the given labels. */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;

t.test('/metrics answers Prometheus text with the portal metrics', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/metrics');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const samples = parseMetrics(res.body);
  const names = new Set(samples.map((s) => s.name));
  for (const name of ['udbud_sync_runs_total', 'udbud_sync_last_success_timestamp_seconds', 'udbud_mail_sent_total', 'udbud_mail_failed_total', 'udbud_alert_queue_depth', 'udbud_subscriptions', 'process_cpu_user_seconds_total']) {
    t.ok(names.has(name), name);
  }
  t.equal(valueOf(samples, 'udbud_sync_last_success_timestamp_seconds'), 0, 'no sync yet');
  t.notOk(names.has('http_request_summary_seconds'), 'no summaries: they do not add up across instances');
});

t.test('requests are timed per route template, never per raw URL; health, metrics and assets are not', async (t) => {
  const { app } = await testApp(t);
  t.equal((await app.inject('/udbud?q=tag&page=1')).statusCode, 200);
  await app.inject('/udbud/NO-SUCH-TENDER');
  await app.inject('/healthz');
  await app.inject('/dkfds/css/dkfds-virkdk.min.css');
  await app.inject('/findes/ikke');
  await app.inject('/metrics');

  const samples = await scrape(app);
  const requests = samples.filter((s) => s.name === 'http_request_duration_seconds_count');
  t.equal(valueOf(requests, 'http_request_duration_seconds_count', { method: 'GET', route: '/udbud', status_code: '200' }), 1);
  t.equal(valueOf(requests, 'http_request_duration_seconds_count', { route: '/udbud/:id', status_code: '404' }), 1);
  t.same(new Set(requests.map((s) => s.labels.route)), new Set(['/udbud', '/udbud/:id']), 'no health, metrics, static or unknown routes');
  t.notOk(samples.some((s) => Object.values(s.labels).some((v) => v.includes('?') || v.includes('NO-SUCH'))), 'no raw URLs');
});

t.test('a sync run counts by outcome, and the last success time comes from the database', async (t) => {
  const { app, database } = await testApp(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'M-1' })]);
  const scheduler = scheduleSync({ db: database.db, source: sourceFor(dbd), lock: createSyncLock(database), log: memoryLogger() }, null);
  t.teardown(() => scheduler.stop());

  const before = await scrape(app);
  t.equal((await scheduler.runNow()).outcome, 'succeeded');
  dbd.faults = [{ kind: 'status', status: 401 }];
  t.equal((await scheduler.runNow()).outcome, 'failed');

  const after = await scrape(app);
  const delta = (outcome: string) =>
    valueOf(after, 'udbud_sync_runs_total', { outcome }) - valueOf(before, 'udbud_sync_runs_total', { outcome });
  t.equal(delta('succeeded'), 1);
  t.equal(delta('failed'), 1);
  t.equal(delta('skipped'), 0);
  const last = valueOf(after, 'udbud_sync_last_success_timestamp_seconds');
  t.ok(Math.abs(last - Date.now() / 1000) < 60, 'the last success is about now');
});

/** A pending sign-up with its confirmation mail queued; returns the message's id. */
async function queuedConfirmation(database: TestDatabase, email: string): Promise<string> {
  const parsed = parseTenderFilter({ q: 'tag' });
  if (!parsed.ok) throw new Error('bad filter');
  await subscribe(database.db, { email, filter: parsed.filter, frequency: 'daily' });
  const message = await database.db
    .selectFrom('alert_messages as m')
    .innerJoin('subscriptions as s', 's.id', 'm.subscription_id')
    .select('m.id')
    .where('s.email', '=', email)
    .executeTakeFirstOrThrow();
  return message.id;
}

t.test('sent and refused mails are counted by kind; the unsent queue and subscriptions are gauged', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'udbud-metrics-'));
  const config = testConfig();
  const { app, database } = await testApp(t, { config: { mail: { ...config.mail, outboxDir: path.join(dataDir, 'outbox') } } });
  const outbox = createMailTransport({ ...config.mail, outboxDir: path.join(dataDir, 'outbox') }, pino({ level: 'silent' }));
  t.teardown(() => outbox.close());
  const refusing: MailTransport = { send: () => Promise.reject(new Error('450 try later')), close: () => {} };
  const context = { publicUrl: config.publicUrl, municipality: config.municipalityName, signer: await loadLinkSigner(database.db) };

  const sentId = await queuedConfirmation(database, 'sendt@example.dk');
  const refusedId = await queuedConfirmation(database, 'afvist@example.dk');
  const before = await scrape(app);
  t.equal(valueOf(before, 'udbud_alert_queue_depth'), 2);
  t.equal(valueOf(before, 'udbud_subscriptions', { state: 'pending' }), 2);
  t.equal(valueOf(before, 'udbud_subscriptions', { state: 'confirmed' }), 0);
  t.ok(valueOf(before, 'udbud_job_queue_size', { queue: 'alerts-send' }) >= 2, 'the delivery jobs wait in pg-boss');

  t.equal(await deliverMessage(database.db, context, outbox, sentId), 'sent');
  await t.rejects(deliverMessage(database.db, context, refusing, refusedId));

  const after = await scrape(app);
  const delta = (name: string) => valueOf(after, name, { kind: 'confirm' }) - valueOf(before, name, { kind: 'confirm' });
  t.equal(delta('udbud_mail_sent_total'), 1);
  t.equal(delta('udbud_mail_failed_total'), 1);
  t.equal(valueOf(after, 'udbud_alert_queue_depth'), 1, 'the refused mail still waits');
});

t.test('with METRICS_TOKEN, /metrics wants the bearer token', async (t) => {
  const token = 'a-long-scrape-token-1234';
  const { app } = await testApp(t, { config: { metrics: { enabled: true, token } } });
  for (const authorization of [undefined, 'Bearer wrong-token', token]) {
    const res = await app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
    t.equal(res.statusCode, 401, String(authorization));
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    t.equal(res.json().error.code, 'unauthorized');
  }
  const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  t.equal(ok.statusCode, 200);
  t.match(ok.body, /^# HELP /m);
});

t.test('METRICS=off: no /metrics at all', async (t) => {
  const { app } = await testApp(t, { config: { metrics: { enabled: false, token: undefined } } });
  t.equal((await app.inject('/metrics')).statusCode, 404);
  t.equal((await app.inject('/udbud')).statusCode, 200, 'the portal works as before');
});

t.test('METRICS and METRICS_TOKEN are read from the environment, with Danish errors', async (t) => {
  t.same(loadConfig({}).metrics, { enabled: true, token: undefined });
  t.same(loadConfig({ METRICS: 'off', METRICS_TOKEN: 'x'.repeat(16) }).metrics, { enabled: false, token: 'x'.repeat(16) });
  t.throws(() => loadConfig({ METRICS: 'ja' }), new ConfigError('Ugyldig konfiguration: METRICS skal være on eller off'));
  t.throws(() => loadConfig({ METRICS_TOKEN: 'kort' }), new ConfigError('Ugyldig konfiguration: METRICS_TOKEN skal være mindst 16 tegn'));
});

t.test('two apps in one process each serve their own request metrics', async (t) => {
  const first = await testApp(t);
  const second = await testApp(t);
  await first.app.inject('/udbud');
  await second.app.inject('/taerskler');
  const a = (await scrape(first.app)).filter((s) => s.name === 'http_request_duration_seconds_count');
  const b = (await scrape(second.app)).filter((s) => s.name === 'http_request_duration_seconds_count');
  t.same(a.map((s) => s.labels.route), ['/udbud']);
  t.same(b.map((s) => s.labels.route), ['/taerskler']);
});

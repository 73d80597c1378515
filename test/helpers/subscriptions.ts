import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Frequency } from '../../src/db/types.js';
import { startAlerts, type AlertRuntime } from '../../src/subscriptions/runtime.js';
import { parseTenderFilter, savedSearch } from '../../src/tenders/filter.js';
import { testConfig, type Teardown } from './app.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { eventually } from './eventually.js';
import { mailbox, type Mailbox } from './mail.js';

export const PUBLIC_URL = 'https://udbud.koege.dk';

export interface AlertSetup {
  app: FastifyInstance;
  database: TestDatabase;
  box: Mailbox;
  alerts: AlertRuntime;
  config: Config;
}

/**
 * The app, the alert workers (polling every half second) and a real SMTP server, on a database of
 * the test's own; torn down in order: workers, app, database.
 */
export async function alertSetup(t: Teardown, options: { start?: boolean } = {}): Promise<AlertSetup> {
  const box = await mailbox(t);
  const base = testConfig({ publicUrl: PUBLIC_URL });
  const config = testConfig({ publicUrl: PUBLIC_URL, mail: { ...base.mail, smtpUrl: box.url, from: 'Køge Kommune <udbud@koege.dk>', retryDelaySeconds: 1 } });
  const database = await createTestDatabase();
  const app = await buildApp({ config, db: database.db, logger: false });
  const alerts = options.start === false ? null : await startAlerts(config, database, pino({ level: 'silent' }), { pollingIntervalSeconds: 0.5 });
  t.teardown(async () => {
    await alerts?.stop();
    await app.close();
    await database.close();
  });
  return { app, database, box, alerts: alerts!, config };
}

/** A confirmed subscription, straight in the database (no confirmation mail). */
export async function confirmedSubscriber(database: TestDatabase, email: string, query: Record<string, unknown>, frequency: Frequency = 'instant'): Promise<string> {
  const parsed = parseTenderFilter(query);
  if (!parsed.ok) throw new Error('bad filter in test');
  const { id } = await database.db
    .insertInto('subscriptions')
    .values({ email, filter: JSON.stringify(savedSearch(parsed.filter)), frequency, confirmed_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export { eventually } from './eventually.js';

export const pathOf = (url: string) => url.slice(PUBLIC_URL.length);

/**
 * Opens the sign-up form from an address and sends it, as a browser there would: with the token
 * the form gives (unless told not to) and the browser's own headers, such as Accept-Language.
 */
export async function signUpFrom(app: FastifyInstance, remoteAddress: string, email: string, options: { csrf?: boolean; headers?: Record<string, string> } = {}) {
  const headers = options.headers ?? {};
  const page = await app.inject({ url: '/abonnement?q=tag', remoteAddress, headers });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const fields = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: token }), email, frequency: 'daily', soegning: 'q=tag' });
  return app.inject({
    method: 'POST',
    url: '/abonnement',
    remoteAddress,
    headers: {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [headers.cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].filter(Boolean).join('; '),
    },
    payload: fields.toString(),
  });
}

/**
 * Waits until the job queue has nothing left to do: no job waiting, retrying (however far off its
 * next try) or running. What the workers were going to send has then been sent, and received by
 * the test's SMTP server, so a count of the mails is final: a check that nothing more comes,
 * without waiting a fixed time and hoping it was long enough.
 */
export async function queueSettled(database: Pick<TestDatabase, 'db'>): Promise<void> {
  await eventually(
    async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active')`.execute(database.db);
      return rows[0]!.n === 0;
    },
    { what: 'the job queue has nothing left to do' },
  );
}

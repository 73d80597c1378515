// Two portal processes against one PostgreSQL, as behind a load balancer. Runs with
// `npm run test:instances` (TEST_DATABASE_URL must name a PostgreSQL server: two processes cannot
// share an embedded PGlite, which is why this is not part of `npm test`).
import t from 'tap';
import { sql } from 'kysely';
import { createUser } from '../../src/auth/users.js';
import { installJobQueue } from '../../src/subscriptions/queue.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { eventually } from '../helpers/eventually.js';
import { fakeDbd } from '../helpers/fake-dbd.js';
import { mailbox } from '../helpers/mail.js';
import { startServer } from '../helpers/process.js';
import { queueSettled } from '../helpers/subscriptions.js';

if (!process.env.TEST_DATABASE_URL) {
  throw new Error('npm run test:instances needs TEST_DATABASE_URL=postgres://… (a PostgreSQL server; see README)');
}


/** Signs in through one instance's login form, returning the session cookie. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  if (res.status !== 303) throw new Error(`login answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

t.test('two instances on one PostgreSQL: one sync at a time, each mail once, shared sessions and caches', async (t) => {
  const database = await testDatabase(t);
  await installJobQueue(database);
  const box = await mailbox(t);
  const items = (revision: number, extra: Record<string, unknown> = {}) =>
    Array.from({ length: 8 }, (_, i) => dbdItem({ id: `INST-${i}`, revision, lastModified: revision === 1 ? '2026-11-01T08:00:00Z' : '2026-11-21T08:00:00Z', ...extra }));
  const dbd = await fakeDbd(t, items(1));
  dbd.delayMs = 150;
  const env = {
    DATABASE_URL: database.url,
    PUBLIC_URL: 'https://udbud.koege.dk',
    DBD_URL: dbd.url,
    DBD_TOKEN: dbd.token,
    DBD_PAGE_SIZE: '2',
    DBD_SYNC_CRON: '*/2 * * * * *',
    SMTP_URL: box.url,
    MAIL_FROM: 'Udbud <udbud@koege.dk>',
    MAIL_RETRY_DELAY_SECONDS: '1',
  };
  const a = await startServer(env);
  const b = await startServer(env);
  t.teardown(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  // Sessions live in PostgreSQL: signed in through A, known to B.
  await createUser(database.db, { email: 'otto@koege.test', name: 'Otto', role: 'officer', password: 'en-lang-adgangskode' }, null);
  const cookie = await signIn(a.base, 'otto@koege.test', 'en-lang-adgangskode');
  const admin = await fetch(`${b.base}/admin`, { headers: { cookie }, redirect: 'manual' });
  t.equal(admin.status, 200, 'the session from A is valid on B');

  // A subscriber, before the change that concerns them.
  await eventually(async () => (await database.db.selectFrom('tenders').select('id').execute()).length === 8, { timeoutMs: 30_000, what: 'first sync' });
  await database.db.insertInto('subscriptions').values({ email: 'once@example.dk', filter: '{}', frequency: 'instant', confirmed_at: new Date() }).execute();

  // Both instances cache the page.
  for (const server of [a, b]) {
    await fetch(`${server.base}/udbud/INST-3`);
    t.equal((await fetch(`${server.base}/udbud/INST-3`)).headers.get('x-cache'), 'hit');
  }

  dbd.items = items(2, { status: 'published', title: 'Nu åben for tilbud' });
  for (const server of [a, b]) {
    await eventually(async () => (await (await fetch(`${server.base}/udbud/INST-3`)).text()).includes('Nu åben for tilbud'), { timeoutMs: 30_000, what: 'fresh page' });
  }
  t.pass('a change synced by one instance dropped both caches');

  // The eight changes in instant messages, each delivered once though both instances run workers.
  // Usually one message; two when the matcher's minute schedule falls between two of the sync's
  // pages (the run commits page by page): each change is still in exactly one of them.
  await box.waitFor(1, 30_000);
  // Whatever else either instance's workers had to send, they have sent.
  await queueSettled(database);
  const messages = await database.db.selectFrom('alert_messages').select(['id', 'kind', 'sent_at']).execute();
  t.ok(messages.length >= 1 && messages.length <= 2, `${messages.length} message(s)`);
  t.equal(box.received.length, messages.length, 'exactly one mail per message');
  t.ok(messages.every((m) => m.sent_at !== null), 'every message sent');
  if (messages.length === 1) t.match(box.received[0]!.subject, /8 ændringer i 8 udbud|Åben for tilbud/);
  const alerted = await database.db.selectFrom('alert_items').select(['event_id', 'message_id']).where('message_id', 'is not', null).execute();
  t.equal(alerted.length, 8, 'each of the eight changes in a message');
  t.equal(new Set(alerted.map((i) => i.event_id)).size, 8, 'none in two');

  // Runs never overlapped: the advisory lock let one instance sync at a time.
  const runs = await database.db.selectFrom('sync_runs').select(['started_at', 'finished_at']).where('finished_at', 'is not', null).orderBy('started_at').execute();
  t.ok(runs.length >= 2, `${runs.length} runs`);
  for (let i = 1; i < runs.length; i++) {
    t.ok(runs[i]!.started_at >= runs[i - 1]!.finished_at!, `run ${i + 1} started after run ${i} ended`);
  }
  const { n } = await database.db.selectFrom('sync_runs').select(sql<number>`count(*)::int`.as('n')).where('finished_at', 'is', null).executeTakeFirstOrThrow();
  t.ok(n <= 1, 'at most one run in progress');
});

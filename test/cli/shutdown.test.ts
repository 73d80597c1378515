import { request } from 'node:http';
import t from 'tap';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd } from '../helpers/fake-dbd.js';
import { cliDatabaseEnv, startServer } from '../helpers/process.js';

const openAfterwards = (env: NodeJS.ProcessEnv) =>
  openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, onIdleConnectionError: () => {} } : { dataDir: env.DATA_DIR! });

t.test('SIGTERM during a sync: the run finishes and is stored, the lock is released, the process exits 0', async (t) => {
  const env = await cliDatabaseEnv(t);
  const dbd = await fakeDbd(t, Array.from({ length: 10 }, (_, i) => dbdItem({ id: `SIG-${i}` })));
  dbd.delayMs = 300;
  const server = await startServer({ ...env, DBD_URL: dbd.url, DBD_TOKEN: dbd.token, DBD_PAGE_SIZE: '2', DBD_SYNC_CRON: '0 3 * * *', ALERTS: 'off' });
  // The first page is on its way: the sync is running.
  while (dbd.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  server.terminate();
  t.equal(await server.exited, 0, 'exit code 0');

  const database = await openAfterwards(env);
  t.teardown(() => database.close());
  const run = await database.db.selectFrom('sync_runs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  t.equal(run.outcome, 'succeeded', 'the running sync finished');
  t.equal(run.pages, 5);
  t.ok(run.finished_at);
  const { n } = await database.db.selectFrom('tenders').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  t.equal(n, 10);
  if (database.kind === 'postgres') {
    const { rows } = await sql<{ free: boolean }>`select pg_try_advisory_lock(4600259) as free`.execute(database.db);
    t.equal(rows[0]!.free, true, 'the sync lock is free for another instance');
  }
});

t.test('SIGTERM during a request: it is answered in full, new connections are refused, exit 0', async (t) => {
  const env = await cliDatabaseEnv(t);
  const server = await startServer({ ...env, DBD_SYNC_CRON: 'off', ALERTS: 'off' });
  const url = new URL(`${server.base}/abonnement`);
  const body = 'email=langsom%40example.dk&frequency=daily&soegning=';
  // A client still sending its form when the signal comes.
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 10));
    setTimeout(() => {
      server.terminate();
      setTimeout(async () => {
        const refused = await fetch(`${server.base}/healthz`).then(() => false, () => true);
        t.ok(refused, 'a new connection is refused while it finishes');
        req.end(body.slice(10));
      }, 400);
    }, 200);
  });
  const response = await answered;
  t.equal(response.status, 403, 'answered in full (the form had no CSRF token)');
  t.match(response.body, 'Formularen er udløbet');
  t.equal(await server.exited, 0);
});

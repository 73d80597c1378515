import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t from 'tap';
import { dbdExport, dbdItem, writeTempFile } from '../helpers/dbd.js';
import { fakeDbd } from '../helpers/fake-dbd.js';
import { createTestDataDir } from '../helpers/database.js';
import { freePort, run, startServer } from '../helpers/process.js';

// About a minute of real portals and tools starting one after another: the suite's 120 s per file
// is too tight when the machine is busy, so this file has ten minutes.
t.setTimeout(600_000);

// The embedded database has one owner: the portal holds DATA_DIR's lock and the command-line tools
// work through its socket. Real processes throughout; the portals are slow to start, so one folder
// goes through the whole story: serve, tools while serving, restart, crash, restart.

const PASSWORD = 'en-meget-hemmelig-kode';

/** Signs in through the real login form; the session cookie, or null when refused. */
async function login(base: string, email: string): Promise<string | null> {
  const form = await fetch(`${base}/login`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  if (res.status !== 303) return null;
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const adminPage = async (base: string, session: string) => (await fetch(`${base}/admin`, { headers: { cookie: session }, redirect: 'manual' })).status;
const page = async (url: string) => (await fetch(url)).text();
const lockOf = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'portal.lock'), 'utf8')) as { pid: number; host: string; startedAt: string };
const exists = (file: string) => stat(file).then(() => true, () => false);

t.test('one owner of DATA_DIR: the tools go through the running portal, a second portal refuses, a crash is taken over', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'udbud-owner-'));
  const env = { DATABASE_URL: '', DATA_DIR: dir, DBD_SYNC_CRON: 'off', ALERTS: 'off' };
  const first = await startServer(env);
  t.teardown(() => void first.kill('SIGKILL'));

  const lock = await lockOf(dir);
  t.equal(lock.pid, first.pid, 'the portal holds the lock: its pid, host and start time');
  t.ok(lock.host && !Number.isNaN(Date.parse(lock.startedAt)));
  const socketDir = path.join(dir, 'socket');
  t.equal((await stat(socketDir)).mode & 0o777, 0o700, 'the socket folder is the owner\'s only');
  t.equal((await stat(path.join(socketDir, '.s.PGSQL.5432'))).mode & 0o777, 0o600, 'and so is the socket');

  await t.test('a second npm start on the folder stops at once with one Danish line and exit 2', async (t) => {
    const second = await run('src/server.ts', [], { ...env, PORT: String(await freePort()) });
    t.equal(second.code, 2);
    t.equal(second.stderr.trim(), `DATA_DIR ${dir} bruges allerede af en kørende proces (pid ${first.pid}); stop den først, eller brug en anden DATA_DIR.`);
    t.equal((await lockOf(dir)).pid, first.pid, 'the lock is still the first portal\'s');
  });

  await t.test('user:create while the portal runs: the login works at once', async (t) => {
    const created = await run('src/cli/user-create.ts', ['--email', 'ny@koege.test', '--role', 'admin'], env, `${PASSWORD}\n`);
    t.equal(created.code, 0, created.stderr);
    t.match(created.stdout, /^Oprettede admin ny@koege.test \(id \d+\)$/m);
    const session = await login(first.base, 'ny@koege.test');
    t.ok(session, 'the running portal knows the user');
    t.equal(await adminPage(first.base, session!), 200);
  });

  await t.test('import while the portal serves: the tenders are on its pages at once', async (t) => {
    const search = `${first.base}/udbud?q=Fjordskolen`;
    t.notMatch(await page(search), 'Nyt tag, Fjordskolen', 'not there yet');
    t.equal((await fetch(search)).headers.get('x-cache'), 'hit', 'and the answer is cached');
    const file = await writeTempFile(dbdExport([dbdItem({ id: 'H6-1', title: 'Nyt tag, Fjordskolen' }), dbdItem({ id: 'H6-2', title: 'Nye vinduer, Fjordskolen' })]));
    const imported = await run('src/cli/import.ts', [file], env);
    t.equal(imported.code, 0, imported.stderr);
    t.match(imported.stdout, /^created 2, updated 0, unchanged 0, rejected 0/);
    const list = await page(search);
    t.match(list, 'Nyt tag, Fjordskolen', 'the cached list was dropped: the import is on it');
    t.match(list, 'Nye vinduer, Fjordskolen');
    t.equal((await fetch(`${first.base}/udbud/H6-1`)).status, 200);
  });

  await t.test('migrate while the portal serves goes through it too', async (t) => {
    const migrated = await run('src/cli/migrate.ts', [], env);
    t.equal(migrated.code, 0, migrated.stderr);
    t.match(migrated.stdout, /database is up to date/);
  });

  await t.test("a tool's transaction and the portal's writes take turns on the one session", async (t) => {
    const client = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
    await client.connect();
    t.teardown(() => client.end().catch(() => {}));
    await client.query('begin');
    await client.query(`update tenders set title = 'Rullet tilbage' where id = 'H6-2'`);
    // The portal writes a session row meanwhile; it must wait for the tool's transaction, not
    // land inside it (the rollback would then take the login with it).
    let settled = false;
    const racing = login(first.base, 'ny@koege.test').finally(() => (settled = true));
    await sleep(700);
    t.notOk(settled, "the portal's login waits for the tool's open transaction");
    await client.query('rollback');
    const session = await racing;
    t.ok(session, 'the login went through after the rollback');
    t.equal(await adminPage(first.base, session!), 200, 'and its session survived the rollback');
    t.match(await page(`${first.base}/udbud/H6-2`), 'Nye vinduer, Fjordskolen', "the tool's rolled back change is gone");
  });

  await t.test('a tool that dies inside its transaction does not hold the portal up', async (t) => {
    const client = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    await client.connect();
    await client.query('begin');
    await client.query(`update tenders set title = 'Aldrig gemt' where id = 'H6-1'`);
    // Gone without a word, as a killed process is.
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    t.ok(await login(first.base, 'ny@koege.test'), 'the portal writes again');
    t.match(await page(`${first.base}/udbud/H6-1`), 'Nyt tag, Fjordskolen', 'and the dead tool\'s change was rolled back');
  });

  await t.test('after a restart, the user and the tenders are still there', async (t) => {
    t.equal(await first.stop(), 0);
    t.notOk(await exists(path.join(dir, 'portal.lock')), 'a graceful stop removes the lock');
    const again = await startServer(env);
    t.teardown(() => void again.kill('SIGKILL'));
    const session = await login(again.base, 'ny@koege.test');
    t.ok(session, 'the user made through the portal was kept');
    t.match(await page(`${again.base}/udbud?q=Fjordskolen`), 'Nyt tag, Fjordskolen');

    // Something committed just before a crash.
    const late = await run('src/cli/user-create.ts', ['--email', 'sen@koege.test', '--role', 'officer'], env, `${PASSWORD}\n`);
    t.equal(late.code, 0, late.stderr);
    again.kill('SIGKILL');
    await again.exited;
    t.equal((await lockOf(dir)).pid, again.pid, 'kill -9 leaves its lock behind');

    const third = await startServer(env);
    t.teardown(() => third.stop());
    t.equal((await lockOf(dir)).pid, third.pid, 'the stale lock was taken over');
    t.ok(await login(third.base, 'sen@koege.test'), 'nothing committed before the crash was lost');
    t.ok(await login(third.base, 'ny@koege.test'));
    t.match(await page(`${third.base}/udbud?q=Fjordskolen`), 'Nye vinduer, Fjordskolen');
  });
});

t.test('a tool that finds a live owner it cannot reach stops with one Danish line and exit 2', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'udbud-owner-'));
  // This test process is alive and serves no socket.
  const lock = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  await writeFile(path.join(dir, 'portal.lock'), JSON.stringify(lock));
  const env = { DATABASE_URL: '', DATA_DIR: dir };
  const tool = await run('src/cli/user-create.ts', ['--email', 'x@koege.test'], env, `${PASSWORD}\n`);
  t.equal(tool.code, 2);
  t.equal(tool.stderr.trim(), `DATA_DIR ${dir} ejes af en kørende proces (pid ${process.pid}), men den svarer ikke på sin socket; prøv igen, eller stop den først.`);
  const other = { ...lock, host: 'en-anden-vaert' };
  await writeFile(path.join(dir, 'portal.lock'), JSON.stringify(other));
  const server = await run('src/server.ts', [], { ...env, PORT: String(await freePort()) });
  t.equal(server.code, 2);
  t.match(server.stderr.trim(), `er låst af pid ${process.pid} på værten en-anden-vaert; en lås fra en anden vært overtages aldrig automatisk`);
});

t.test('with no portal running, a tool owns the folder while it runs and lets go at the end', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'udbud-owner-'));
  // A database there already (a copy of the migrated template): the first start on a new folder is the first test's.
  await createTestDataDir(dir);
  const env = { DATABASE_URL: '', DATA_DIR: dir };
  const created = await run('src/cli/user-create.ts', ['--email', 'alene@koege.test', '--role', 'admin'], env, `${PASSWORD}\n`);
  t.equal(created.code, 0, created.stderr);
  t.notOk(await exists(path.join(dir, 'portal.lock')), 'the lock is gone after a normal exit');
  const server = await startServer({ ...env, DBD_SYNC_CRON: 'off', ALERTS: 'off' });
  t.teardown(() => server.stop());
  t.ok(await login(server.base, 'alene@koege.test'), 'the portal started after it finds its user');
});

t.test("npm run sync while the portal's own sync runs: one at a time, across the two processes", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'udbud-owner-'));
  await createTestDataDir(dir);
  const dbd = await fakeDbd(t, Array.from({ length: 10 }, (_, i) => dbdItem({ id: `EN-${i}` })));
  // DBD holds the portal's first request unanswered until the tool has tried, however long the
  // tool takes to start (a fixed delay lost that race on a loaded machine).
  dbd.paused = true;
  const env = { DATABASE_URL: '', DATA_DIR: dir, DBD_URL: dbd.url, DBD_TOKEN: dbd.token, DBD_PAGE_SIZE: '2', DBD_SYNC_CRON: '0 3 * * *', ALERTS: 'off', DBD_TIMEOUT_MS: '120000' };
  const server = await startServer(env);
  t.teardown(() => server.stop());
  // The portal's first run is under way, its first request held.
  while (dbd.holding() === 0) await sleep(20);
  const during = await run('src/cli/sync.ts', [], env);
  t.equal(during.code, 1, during.stdout);
  t.equal(during.stderr.trim(), 'En anden synkronisering kører allerede; prøv igen om lidt.');
  dbd.resume();
  while (await exists(path.join(dir, 'sync.lock'))) await sleep(100);
  const after = await run('src/cli/sync.ts', [], env);
  t.equal(after.code, 0, after.stderr);
  t.match(after.stdout, /^created 0, updated 0, unchanged 0, rejected 0$/m, "then it runs, after the portal's run");
});

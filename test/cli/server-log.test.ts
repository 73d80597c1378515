import t from 'tap';
import { cliDatabaseEnv, startServer } from '../helpers/process.js';

// `npm start` with stdout not a terminal (a pipe here; a container or systemd in production).
const lines = (out: string) => out.split('\n').filter((line) => line.trim() !== '');

t.test('npm start logs JSON lines when stdout is not a terminal, and no per-request lines at info', async (t) => {
  const env = await cliDatabaseEnv(t);
  const server = await startServer({ ...env, LOG_LEVEL: 'info' });
  t.equal((await fetch(`${server.base}/udbud`)).status, 200);
  t.equal((await fetch(`${server.base}/findes-ikke`)).status, 404);
  t.equal(await server.stop(), 0);

  const logged = lines(server.stdout());
  const records = logged.map((line) => JSON.parse(line) as { level: number; msg: string });
  t.equal(records.length, logged.length, 'every line is one JSON object');
  t.ok(records.some((r) => r.level === 30 && /^Udbudsportal kører på/.test(r.msg)), 'the start line, at info');
  t.ok(records.some((r) => r.msg === 'stopped'), 'the stop line');
  t.same(
    records.filter((r) => ['incoming request', 'request completed'].includes(r.msg)),
    [],
    'no line per request at info',
  );
});

t.test('with LOG_LEVEL=debug the per-request lines are there, at debug', async (t) => {
  const env = await cliDatabaseEnv(t);
  const server = await startServer({ ...env, LOG_LEVEL: 'debug' });
  t.equal((await fetch(`${server.base}/udbud?q=tag`)).status, 200);
  t.equal(await server.stop(), 0);

  const records = lines(server.stdout()).map((line) => JSON.parse(line) as { level: number; msg: string; req?: { url: string } });
  const incoming = records.filter((r) => r.msg === 'incoming request' && r.req?.url === '/udbud?q=tag');
  t.equal(incoming.length, 1);
  t.equal(incoming[0]?.level, 20, 'debug');
  const completed = records.filter((r) => r.msg === 'request completed');
  t.ok(completed.length >= 1);
  t.ok(completed.every((r) => r.level === 20), 'debug');
});

import { Writable } from 'node:stream';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loggerOptions } from '../../src/web/logging.js';
import { testConfig, testDatabase } from '../helpers/app.js';

t.test('readable lines (pino-pretty) only when stdout is a terminal, JSON otherwise', async (t) => {
  t.same(loggerOptions('info', false), { level: 'info' }, 'JSON: no transport');
  const pretty = loggerOptions('debug', true);
  t.match(pretty, { level: 'debug', transport: { target: 'pino-pretty' } });
});

t.test('request lines at debug; a failing request is still logged as an error', async (t) => {
  const database = await testDatabase(t);
  const written: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written.push(JSON.parse(String(chunk)) as { level: number; msg: string });
      done();
    },
  });
  const app = await buildApp({ config: testConfig(), db: database.db, logger: { level: 'info', stream } });
  app.get('/kaster', async () => {
    throw new Error('noget gik galt');
  });
  t.teardown(() => app.close());

  t.equal((await app.inject('/udbud')).statusCode, 200);
  t.equal((await app.inject('/kaster')).statusCode, 500);
  t.same(written.filter((r) => r.level <= 30 && /request/.test(r.msg)), [], 'no request line at info');
  t.ok(written.some((r) => r.level === 50 && r.msg.includes('failed')), 'the failure at error');
});

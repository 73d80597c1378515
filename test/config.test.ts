import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults give the embedded database on port 3000', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 3000);
  t.equal(config.databaseUrl, undefined);
  t.equal(config.dataDir, './data');
  t.equal(config.publicUrl, 'http://localhost:3000');
  t.equal(config.logLevel, 'info');
  t.same(config.dbd.source, { kind: 'file', path: undefined });
  t.equal(config.dbd.syncCron, '*/5 * * * *');
});

t.test('values from the environment', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u@db:5432/udbud',
    PUBLIC_URL: 'https://udbud.koege.dk/',
    DBD_URL: '/srv/dbd/export.json',
    LOG_LEVEL: 'warn',
  });
  t.equal(config.port, 8080);
  t.equal(config.databaseUrl, 'postgres://u@db:5432/udbud');
  t.equal(config.publicUrl, 'https://udbud.koege.dk');
  t.same(config.dbd.source, { kind: 'file', path: '/srv/dbd/export.json' });
});

t.test('a wrong value stops the start with one line naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Ugyldig konfiguration: PORT/],
    [{ PORT: '70000' }, /^Ugyldig konfiguration: PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /^Ugyldig konfiguration: DATABASE_URL/],
    [{ PUBLIC_URL: 'not a url' }, /^Ugyldig konfiguration: PUBLIC_URL/],
    [{ LOG_LEVEL: 'loud' }, /^Ugyldig konfiguration: LOG_LEVEL/],
  ];
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), ConfigError, JSON.stringify(env));
    try {
      loadConfig(env);
    } catch (error) {
      t.match((error as Error).message, message);
      t.notMatch((error as Error).message, /\n/, 'one line');
    }
  }
});

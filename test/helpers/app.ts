import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { CHANGES_CHANNEL, type ChangeFeed } from '../../src/web/cache.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { eventually } from './eventually.js';

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...loadConfig({ PUBLIC_URL: 'http://udbud.test', LOG_LEVEL: 'silent' }),
  ...overrides,
});

/** A fresh database of the test's own, closed (and dropped, on a server) when the test ends. */
export async function testDatabase(t: Teardown, options: { migrate?: boolean; seed?: boolean } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase(options);
  t.teardown(() => database.close());
  return database;
}

const MARKER = 'test: heard ';
let markers = 0;

/**
 * The database's change notifications for the response cache, and `changesHeard()`, which
 * resolves once every portal listening through `changes` has heard every change committed before
 * the call. A write's notification arrives on its own time (on a PostgreSQL server, a moment after
 * the commit): a test that caches a page right after a write, and then expects a hit, must first
 * know that the write's notification will not come in between and drop it. PostgreSQL delivers
 * notifications in the order their transactions committed, so a marker sent now and heard means
 * everything before it was heard (and acted on: the cache handles each as it comes). The marker
 * itself is kept from the cache.
 */
export function watchedChanges(database: TestDatabase): { changes: ChangeFeed; changesHeard: () => Promise<void> } {
  const listeners = new Set<Set<string>>();
  const changes: ChangeFeed = {
    async listen(channel, onNotify) {
      const heard = new Set<string>();
      const stop = await database.listen(channel, (payload) => (payload.startsWith(MARKER) ? void heard.add(payload) : onNotify(payload)));
      listeners.add(heard);
      return async () => {
        listeners.delete(heard);
        await stop();
      };
    },
  };
  const changesHeard = async () => {
    const marker = `${MARKER}${process.pid} ${++markers}`;
    await sql`select pg_notify(${CHANGES_CHANNEL}, ${marker})`.execute(database.db);
    await eventually(async () => [...listeners].every((heard) => heard.has(marker)), { timeoutMs: 10_000, pollMs: 5, what: 'every change so far heard' });
  };
  return { changes, changesHeard };
}

/**
 * The whole app on a fresh database, for `app.inject` requests. With `cache`, its answers are
 * cached as in production and dropped by the database's change notifications; `changesHeard()`
 * waits until the app has heard every change so far (see watchedChanges).
 */
export async function testApp(
  t: Teardown,
  options: { database?: TestDatabase; config?: Partial<Config>; cache?: boolean } = {},
): Promise<{ app: FastifyInstance; database: TestDatabase; changesHeard: () => Promise<void> }> {
  const database = options.database ?? (await testDatabase(t));
  const { changes, changesHeard } = watchedChanges(database);
  // Public answers are cached only where a test asks: most tests write and read back at once.
  const app = await buildApp({ config: testConfig(options.config), db: database.db, logger: false, ...(options.cache ? { changes } : {}) });
  t.teardown(() => app.close());
  return { app, database, changesHeard };
}

import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

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

/** The whole app on a fresh database, for `app.inject` requests. */
export async function testApp(
  t: Teardown,
  options: { database?: TestDatabase; config?: Partial<Config>; cache?: boolean } = {},
): Promise<{ app: FastifyInstance; database: TestDatabase }> {
  const database = options.database ?? (await testDatabase(t));
  // Public answers are cached only where a test asks: most tests write and read back at once.
  const app = await buildApp({ config: testConfig(options.config), db: database.db, logger: false, ...(options.cache ? { changes: database } : {}) });
  t.teardown(() => app.close());
  return { app, database };
}

import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/db/database.js';
import { startPgliteFromTemplate } from '../helpers/database.js';
import { withTenders } from '../helpers/decisions.js';
import { eventually } from '../helpers/eventually.js';
import { PglitePool } from '../helpers/pglite-pool.js';
import { collect } from '../helpers/process.js';

// On PGlite a test's database is an instance reused from the one before, reset to the template
// (helpers/pglite-pool.ts): a test must not be able to tell it from a new one. This file runs on
// PGlite whatever database the suite runs on: the pool is PGlite's.

const pool = new PglitePool(startPgliteFromTemplate);
const take = async () => {
  const pglite = await pool.take();
  return { pglite, database: await openDatabase({ dataDir: 'memory', pglite }) };
};

/** What a test can read of its database: every table's rows, every sequence, the session's state. */
async function contents(pglite: PGlite) {
  const rows = async (text: string) => (await pglite.query<Record<string, unknown>>(text)).rows;
  const tables = await rows(`
    select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'udbud_test_pool') and n.nspname not like 'pg\\_%' order by 1`);
  const tableRows: Record<string, unknown> = {};
  for (const { name } of tables) tableRows[String(name)] = (await rows(`select coalesce(json_agg(t order by t::text), '[]') as rows from ${String(name)} t`))[0]!.rows;
  return {
    tableRows,
    sequences: await rows('select schemaname, sequencename, last_value from pg_sequences order by 1, 2'),
    settings: await rows(`select name, setting from pg_settings where source = 'session' order by 1`),
    listening: await rows('select pg_listening_channels() as channel'),
    locks: await rows(`select objid from pg_locks where locktype = 'advisory'`),
    inTransaction: pglite.isInTransaction(),
  };
}

const first = await take();
const template = await contents(first.pglite);

t.test('an instance handed back is reset: the next test reads exactly what a new one holds', async (t) => {
  const { pglite, database } = first;
  t.ok(Object.keys(template.tableRows).length > 50, 'every table is compared');
  t.ok((template.tableRows['threshold_rules'] as unknown[]).length > 0, 'the template has rows of its own');
  // A test that writes everywhere it can.
  await withTenders(database.db);
  await pglite.exec(`
    update threshold_sets set name = 'ændret';
    delete from requirements where code like 'LAB%';
    insert into trades (code, name_da, name_en) values ('ZZ', 'Prøve', 'Test');
    select nextval(pg_get_serial_sequence('audit_log', 'id'));
    set timezone = 'America/New_York';
    select pg_advisory_lock(42);
  `);
  await database.listen('test_channel', () => {});
  await pglite.exec('begin; insert into sync_state (source) values (\'left open\')');
  t.not(JSON.stringify(await contents(pglite)), JSON.stringify(template), 'the test changed its database');
  await database.close();
  t.ok(pglite.closed, 'the handed-back instance is closed to its test');
  await t.rejects(pglite.query('select 1'), /closed/, 'a late query of the ended test fails');
  await t.rejects(database.db.selectFrom('tenders').selectAll().execute(), /destroyed|closed/, 'so does one through its Kysely');

  const next = await take();
  t.equal(pool.counts.reused, 1, 'the next test got the same instance');
  t.same(await contents(next.pglite), template, 'rows, sequences, settings, listeners, locks and transaction as the template');
  await next.database.close();
});

t.test('a listener a test left does not hear the next test', async (t) => {
  const one = await take();
  const heardByOne: string[] = [];
  await one.database.listen('shared_channel', (payload) => heardByOne.push(payload));
  await one.database.close();
  const two = await take();
  const heardByTwo: string[] = [];
  await two.database.listen('shared_channel', (payload) => heardByTwo.push(payload));
  await two.pglite.exec(`select pg_notify('shared_channel', 'hello')`);
  await eventually(async () => heardByTwo.length > 0, { what: 'the notification', pollMs: 5 });
  t.same(heardByTwo, ['hello']);
  t.same(heardByOne, [], 'the ended test heard nothing');
  await two.database.close();
});

/** A test that runs `statements` and closes its database; the pool's counts from before it. */
async function testThatRuns(statements: string) {
  const before = { ...pool.counts };
  const { pglite, database } = await take();
  await pglite.exec(statements);
  await database.close();
  return before;
}

t.test('an instance whose schema a test changed is closed, never reused', async (t) => {
  const before = await testThatRuns('create table left_behind (id int); alter table tenders add column extra text');
  t.equal(pool.counts.closed, before.closed + 1, 'closed');
  const next = await take();
  const [{ tables }] = (await next.pglite.query<{ tables: number }>(`select count(*)::int as tables from pg_class where relname = 'left_behind'`)).rows as [{ tables: number }];
  t.equal(tables, 0, 'the next test does not see the table');
  const columns = await next.pglite.query(`select 1 from information_schema.columns where table_name = 'tenders' and column_name = 'extra'`);
  t.equal(columns.rows.length, 0, 'nor the column');
  t.same(await contents(next.pglite), template, 'and reads the template');
  await next.database.close();
});

t.test('a DDL rolled back leaves the instance reusable', async (t) => {
  const before = await testThatRuns('begin; create table never_made (id int); rollback');
  t.equal(pool.counts.closed, before.closed, 'not closed');
  const { reused } = pool.counts;
  const next = await take();
  t.equal(pool.counts.reused, reused + 1, 'reused');
  await next.database.close();
});

t.test('an instance waiting in the pool does not keep its process alive', async (t) => {
  // PostgreSQL's idle timer re-arms itself every ten seconds; the process must end at once.
  const helpers = fileURLToPath(new URL('../helpers/database.js', import.meta.url));
  const script = `
    const { createTestDatabase } = await import(${JSON.stringify(helpers)});
    const database = await createTestDatabase();
    await database.db.selectFrom('tenders').selectAll().execute();
    await database.close();
    globalThis.started = Date.now();
    process.on('exit', () => console.log('ended after ' + (Date.now() - globalThis.started) + ' ms'));
  `;
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  const run = await collect(process.execPath, [...process.execArgv, '--input-type=module', '--eval', script], { env, timeout: 60_000 });
  t.equal(run.code, 0, run.stderr);
  const ms = Number(/ended after (\d+) ms/.exec(run.stdout)?.[1]);
  t.ok(ms < 5_000, `ended ${ms} ms after its last test (an idle timer would hold it 10 s and more)`);
});

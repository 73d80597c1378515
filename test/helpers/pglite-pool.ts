import { promisify } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';

// Tests on PGlite reuse their in-memory PostgreSQL instead of starting one per test: starting one
// (the WebAssembly module, the template's files, PostgreSQL's own start) costs about half a second
// of CPU, and the suite starts hundreds. When a test closes its database, the instance is put back
// as the template left it, in a tenth of that:
// - every table the test wrote to is emptied (with the tables whose foreign keys point at it) and
//   the template's own rows put back as they were; every sequence back where it stood;
// - the session forgotten (DISCARD ALL: settings, listeners, prepared statements, advisory locks,
//   temporary tables), and any transaction left open rolled back.
// A test that changed the schema (any DDL: an event trigger notices) gets no reuse: its instance
// is closed, as before. Nothing a test can see tells a reused instance from a new one; a
// late query from a test that has ended fails, as it did on a closed instance.

/** The template's contents, read once per process from an instance no test has touched. */
interface TemplateState {
  /** Every table (partitions included), as a quoted, qualified name. */
  tables: string[];
  /** The tables the template has rows in: their insertable columns, rows as JSON, and a checksum. */
  filled: Map<string, { columns: string; rows: string; sum: string }>;
  /** For each table, the tables whose foreign keys point at it (TRUNCATE takes them along). */
  referencedBy: Map<string, string[]>;
  /** Each sequence's state: name, last value (null before the first nextval) and start value. */
  sequences: Array<{ name: string; last: number | null; start: number }>;
}

const DDL_FLAG = 'udbud_test.ddl';

/** Makes an instance notice DDL: a session setting that only an event trigger sets. */
const WATCH_DDL = `
create schema udbud_test_pool;
create function udbud_test_pool.ddl_seen() returns event_trigger language plpgsql
  as $$ begin perform set_config('${DDL_FLAG}', 'yes', false); end $$;
create event trigger udbud_test_pool_ddl on ddl_command_end execute function udbud_test_pool.ddl_seen();
reset ${DDL_FLAG};
`;

const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A table's rows in a fixed text, to tell whether a test changed them (heap order: a reset keeps it). */
const checksumOf = (table: string) => `(select md5(coalesce(string_agg(t::text, E'\\n'), '')) from ${table} t)`;

async function readTemplate(pglite: PGlite): Promise<TemplateState> {
  const rows = async <T>(text: string) => (await pglite.query<T>(text)).rows;
  const tables = (
    await rows<{ name: string }>(`
      select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'udbud_test_pool') and n.nspname not like 'pg\\_%'
       order by 1`)
  ).map((r) => r.name);
  const filled: TemplateState['filled'] = new Map();
  for (const table of tables) {
    const [content] = await rows<{ rows: string | null; sum: string }>(`select (select json_agg(t)::text from ${table} t) as rows, ${checksumOf(table)} as sum`);
    if (!content?.rows) continue;
    const [{ columns }] = (await rows<{ columns: string }>(`
      select string_agg(quote_ident(attname), ', ' order by attnum) as columns from pg_attribute
       where attrelid = ${quoteLiteral(table)}::regclass and attnum > 0 and not attisdropped and attgenerated = ''`)) as [{ columns: string }];
    filled.set(table, { columns, rows: content.rows, sum: content.sum });
  }
  const referencedBy: TemplateState['referencedBy'] = new Map();
  for (const { referenced, referencing } of await rows<{ referenced: string; referencing: string }>(
    `select distinct confrelid::regclass::text as referenced, conrelid::regclass::text as referencing from pg_constraint where contype = 'f'`,
  )) {
    referencedBy.set(referenced, [...(referencedBy.get(referenced) ?? []), referencing]);
  }
  const sequences = (
    await rows<{ name: string; last: number | null; start: number }>(
      `select format('%I.%I', schemaname, sequencename) as name, last_value as last, start_value as start from pg_sequences`,
    )
  ).map((s) => ({ ...s, last: s.last === null ? null : Number(s.last), start: Number(s.start) }));
  return { tables, filled, referencedBy, sequences };
}

/** The tables a test changed: written to since the template (emptied ones have no pages), or other rows than the template's. */
async function changedTables(pglite: PGlite, template: TemplateState): Promise<Set<string>> {
  const empty = template.tables.filter((table) => !template.filled.has(table));
  const checks = [
    `select c.oid::regclass::text as name from pg_class c
      where c.oid = any(array[${empty.map((table) => `${quoteLiteral(table)}::regclass`).join(', ')}]::regclass[]) and pg_relation_size(c.oid) > 0`,
    ...[...template.filled].map(([table, { sum }]) => `select ${quoteLiteral(table)} where ${checksumOf(table)} <> ${quoteLiteral(sum)}`),
  ];
  const changed = new Set((await pglite.query<{ name: string }>(checks.join('\nunion all\n'))).rows.map((r) => Object.values(r)[0] as string));
  // TRUNCATE refuses a table that other tables' foreign keys point at, unless they go too.
  for (const table of changed) for (const referencing of template.referencedBy.get(table) ?? []) changed.add(referencing);
  return changed;
}

/** Puts the instance back as the template left it; false when it cannot be (the schema changed). */
async function reset(pglite: PGlite, template: TemplateState): Promise<boolean> {
  if (pglite.isInTransaction()) await pglite.exec('rollback');
  const [flag] = (await pglite.query<{ ddl: string | null }>(`select current_setting('${DDL_FLAG}', true) as ddl`)).rows;
  if (flag?.ddl === 'yes') return false;
  const changed = await changedTables(pglite, template);
  const statements = ['begin', 'set local session_replication_role = replica'];
  if (changed.size) statements.push(`truncate ${[...changed].join(', ')}`);
  for (const table of changed) {
    const filled = template.filled.get(table);
    if (filled) {
      statements.push(
        `insert into ${table} (${filled.columns}) overriding system value select ${filled.columns} from json_populate_recordset(null::${table}, ${quoteLiteral(filled.rows)})`,
      );
    }
  }
  const values = template.sequences.map((s) => `(${quoteLiteral(s.name)}, ${s.last ?? 'null'}::bigint, ${s.start}::bigint)`).join(', ');
  statements.push(
    `select setval(t.name::regclass, coalesce(t.last, t.start), t.last is not null)
       from (values ${values}) as t(name, last, start) join pg_sequences s on format('%I.%I', s.schemaname, s.sequencename) = t.name
      where s.last_value is distinct from t.last`,
    'commit',
  );
  await pglite.exec(statements.join(';\n'));
  await pglite.exec('discard all');
  return true;
}

/**
 * PostgreSQL arms its timers (the one that flushes statistics when idle, every ten seconds, which
 * arms the next when it fires) through Emscripten's setitimer: a `setTimeout` made while the
 * instance runs a message, or while one of its timers fires. A test's instance was closed at its
 * end, and its timers with it; one waiting in the pool would keep the process alive. So those
 * timers, and only those, are unref'd: they fire while the process has work, never keep it.
 */
let insidePglite = 0;
/** Instances being started: PostgreSQL's start arms the first timer (told apart by where it comes from). */
let starting = 0;
let timersPatched = false;

const fromPglite = () => insidePglite > 0 || (starting > 0 && new Error().stack!.includes('__setitimer_js'));

/** Runs `work` as the instance's own: the timers it arms are unref'd. */
function asPglite<T>(work: () => T): T {
  insidePglite++;
  try {
    return work();
  } finally {
    insidePglite--;
  }
}

function patchTimers(): void {
  if (!timersPatched) {
    timersPatched = true;
    const setTimer = globalThis.setTimeout;
    const patched = (callback: unknown, ms?: number, ...args: unknown[]) => {
      if (typeof callback !== 'function' || !fromPglite()) return setTimer(callback as () => void, ms, ...args);
      const fire = (...given: unknown[]) => asPglite(() => (callback as (...a: unknown[]) => void)(...given));
      return setTimer(fire, ms, ...args).unref();
    };
    // util.promisify(setTimeout) keeps working.
    globalThis.setTimeout = Object.assign(patched, { [promisify.custom]: (setTimer as unknown as Record<symbol, unknown>)[promisify.custom] }) as unknown as typeof setTimeout;
  }
}

/** An instance's own timers, armed while it runs a message, are unref'd too. */
function letTimersGo(pglite: PGlite): void {
  const execute = pglite.execProtocolRawSync.bind(pglite);
  pglite.execProtocolRawSync = (message) => asPglite(() => execute(message));
}

/** At most this many instances wait for a test (a test that holds several at once gets new ones for the rest). */
const IDLE_LIMIT = 2;

export class PglitePool {
  private readonly idle: PGlite[] = [];
  /** How many instances were started, handed out again after a reset, and closed instead. */
  readonly counts = { started: 0, reused: 0, closed: 0 };
  private template: Promise<TemplateState> | undefined;

  /** `start` makes a new instance holding the template. */
  constructor(private readonly start: () => Promise<PGlite>) {}

  /** An instance holding the template, for one test: closing it hands it back. */
  async take(): Promise<PGlite> {
    let pglite = this.idle.pop();
    if (pglite) this.counts.reused++;
    else {
      patchTimers();
      starting++;
      try {
        pglite = await this.start();
      } finally {
        starting--;
      }
      this.counts.started++;
      letTimersGo(pglite);
      // The first instance of the process is read before any test writes to it.
      this.template ??= readTemplate(pglite);
      await this.template;
      await pglite.exec(WATCH_DDL);
    }
    return this.lease(pglite);
  }

  private async giveBack(pglite: PGlite): Promise<void> {
    let reusable = false;
    try {
      reusable = this.idle.length < IDLE_LIMIT && (await reset(pglite, await this.template!));
    } catch {
      // Whatever went wrong, the instance is not trusted again.
    }
    if (reusable) this.idle.push(pglite);
    else {
      this.counts.closed++;
      if (!pglite.closed) await pglite.close();
    }
  }

  /**
   * The instance as one test sees it: `close()` hands it back (after the test's listeners are
   * stopped) and `closed` is then true; any later use fails as on a closed instance.
   */
  private lease(pglite: PGlite): PGlite {
    let released = false;
    const listening = new Set<() => Promise<void>>();
    const closed = () => Promise.reject(new Error('PGlite is closed'));
    return new Proxy(pglite, {
      get: (target, property) => {
        if (property === 'closed') return released || target.closed;
        if (property === 'close') {
          return async () => {
            if (released) return;
            for (const stop of [...listening]) await stop().catch(() => {});
            released = true;
            await this.giveBack(target);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (released) return closed;
        if (property === 'listen') {
          return async (...args: Parameters<PGlite['listen']>) => {
            const stop = await target.listen(...args);
            const tracked = async () => {
              listening.delete(tracked);
              await stop();
            };
            listening.add(tracked);
            return tracked;
          };
        }
        return (value as (...args: unknown[]) => unknown).bind(target);
      },
    });
  }
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './types.js';

export type Db = Kysely<Database>;
/** What a repository function runs on: the database, or a transaction a service opened around several writes. */
export type Executor = Db | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /**
   * Raw SQL for libraries that bring their own (pg-boss): parameters as $1…, and without
   * parameters several statements at once. On PGlite it waits its turn with Kysely's queries, so
   * it never lands inside another caller's transaction on the one session.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  /**
   * Calls `onNotify` with each NOTIFY payload on `channel`, and with '*' whenever notifications may
   * have been missed (after a lost connection is re-established). Returns a function that stops.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** PGlite only: a tarball of the data directory, to start other instances from (tests). */
  dumpDataDir?: () => Promise<Blob>;
}

// Both drivers must hand the app the same JavaScript types: numbers for bigint/numeric,
// and `date` as its 'YYYY-MM-DD' text (pg would otherwise shift it through the local time zone).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (value: string) => Number(value);
const asText = (value: string) => value;

export interface DatabaseOptions {
  /** postgres:// URL; unset: embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; 'memory' for an in-memory database. */
  dataDir?: string;
  /** Start PGlite from a dump made with `dumpDataDir()` (tests use it to skip migrations). */
  loadDataDir?: Blob;
  /** Told when the server drops an idle pooled connection (a restart, a network fault). */
  onIdleConnectionError?: (error: Error) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8 || oid === NUMERIC) return toNumber;
          if (oid === DATE) return asText;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // Without a listener, a dropped idle connection is an uncaught error that ends the process;
    // the pool replaces the connection by itself, so a warning is all it takes.
    pool.on('error', options.onIdleConnectionError ?? ((error) => console.warn(`PostgreSQL lukkede en ledig forbindelse: ${error.message}`)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      close: () => db.destroy(),
      executeSql: async (text, values) => ({ rows: (await pool.query(text, values?.length ? values : undefined)).rows }),
      listen: (channel, onNotify) => listenOnServer(options.databaseUrl!, channel, onNotify),
    };
  }

  let dataDir: string | undefined;
  if (options.dataDir && options.dataDir !== 'memory') {
    dataDir = path.resolve(options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    dumpDataDir: () => pglite.dumpDataDir('none'),
    listen: async (channel, onNotify) => {
      const stop = await pglite.listen(channel, (payload) => onNotify(payload));
      return async () => {
        if (!pglite.closed) await stop();
      };
    },
    executeSql: (text, values) =>
      db.connection().execute(async () => {
        if (values?.length) return { rows: (await pglite.query<Record<string, unknown>>(text, values)).rows };
        const results = await pglite.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as Array<Record<string, unknown>> };
      }),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). A lost
 * connection is re-opened with backoff; the caller hears '*' then, as notifications sent meanwhile
 * are gone.
 */
async function listenOnServer(url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (delayMs: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => onNotify(message.payload ?? ''));
    next.on('error', () => reopen(delayMs));
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch {
      await next.end().catch(() => {});
      return reopen(delayMs);
    }
    if (stopped) return void (await next.end().catch(() => {}));
    client = next;
  };
  const reopen = (delayMs: number) => {
    const lost = client;
    client = null;
    void lost?.end().catch(() => {});
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect(Math.min(delayMs * 2, 30_000)).then(() => client && onNotify('*'));
    }, delayMs);
  };
  await connect(250);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

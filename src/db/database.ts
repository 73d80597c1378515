import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './types.js';
import { serveOnSocket, socketDirOf, SOCKET_PORT } from './embedded.js';
import { claimDataDir, DataDirOwnedError, ownedMessage, type DataDirLock } from './ownership.js';
import { makePgliteFolder, pgliteStartParams } from './pglite-start.js';

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
  /**
   * The folder of an embedded database (owned, or reached through its owner): processes sharing
   * it take cross-process locks there, as they share one PGlite session where advisory locks are
   * no use (a session always gets its own lock again).
   */
  embeddedDir?: string;
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
  /**
   * For tests: PGlite's in-memory file system and its bundle of PostgreSQL's own files, when the
   * caller has them ready (a file system that starts out holding the template's files).
   */
  pgliteOptions?: Pick<PGliteOptions, 'fs' | 'fsBundle'>;
  /**
   * For tests: a PGlite started with `startPglite`, used as it is (no folder, no dump). Closing
   * the handle calls its `close()`; a test's pool passes a stand-in whose `close()` hands the
   * instance back instead, to be reset for the next test.
   */
  pglite?: PGlite;
  /** Told when the server drops an idle pooled connection (a restart, a network fault). */
  onIdleConnectionError?: (error: Error) => void;
  /**
   * What to do when a live process already owns `dataDir`: 'refuse' (the default; the portal) or
   * 'through-owner' (the command-line tools: work through the owner's socket).
   */
  whenOwned?: 'refuse' | 'through-owner';
  /** Serve the embedded database to the command-line tools on a socket in `dataDir` (the portal). */
  serveTools?: boolean;
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    if (oid === DATE) return asText;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Idle connections are kept (pg's default closes them after 10 s): a render after a quiet
    // moment would otherwise open new ones, each a connection start and a new server process's
    // empty catalogue cache: the first detail page after 12 s idle took 26-30 ms instead of 8-11.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, idleTimeoutMillis: 0, types: typeParsers });
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
  let lock: DataDirLock | undefined;
  if (options.dataDir && options.dataDir !== 'memory') {
    await mkdir(options.dataDir, { recursive: true });
    const claim = await claimDataDir(options.dataDir);
    if (!claim.claimed) {
      if (options.whenOwned !== 'through-owner') throw new DataDirOwnedError(options.dataDir, claim.owner, ownedMessage(options.dataDir, claim.owner, 'owned'));
      return openThroughOwner(options.dataDir, claim.owner);
    }
    lock = claim.lock;
    dataDir = path.resolve(options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
  }
  try {
    return await openPglite(options, dataDir, lock);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/** A PGlite with the portal's settings and type parsers: on a folder, from a dump, or in memory. */
export function startPglite(options: Pick<DatabaseOptions, 'loadDataDir' | 'pgliteOptions'> & { dataDir?: string | undefined } = {}): Promise<PGlite> {
  return PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...options.pgliteOptions,
    startParams: pgliteStartParams,
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
}

async function openPglite(options: DatabaseOptions, dataDir: string | undefined, lock: DataDirLock | undefined): Promise<DatabaseHandle> {
  if (dataDir && !options.loadDataDir) await makePgliteFolder(dataDir);
  const pglite = options.pglite ?? (await startPglite({ ...options, dataDir }));
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  const tools =
    options.serveTools && options.dataDir && options.dataDir !== 'memory'
      ? await serveOnSocket(
          pglite,
          options.dataDir,
          // The turn is Kysely's one PGlite connection, held until the tool's session is idle again.
          () => new Promise((gotTurn) => void db.connection().execute(() => new Promise<void>((release) => gotTurn(release)))),
        ).catch((error: Error) => {
          // E.g. a DATA_DIR path too long for a Unix socket: the portal still serves, and a tool
          // then stops with "svarer ikke" instead of opening a copy of the files.
          console.warn(`Kommandolinjeværktøjerne kan ikke nå databasen (${error.message}); de afvises, mens portalen kører.`);
          return null;
        })
      : null;
  return {
    db,
    kind: 'pglite',
    ...(lock && options.dataDir ? { embeddedDir: path.resolve(options.dataDir) } : {}),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    listen: async (channel, onNotify) => {
      // PGlite also hands these listeners the NOTIFYs a tool's commit raises on the socket (the
      // change triggers'), so the page cache drops what a command-line import changed.
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
      // The tools go first: a transaction one left open is rolled back before the files are written.
      await tools?.stop();
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      await lock?.release();
    },
  };
}

/** A command-line tool while the portal owns DATA_DIR: `pg` on the portal's socket, the same types as the other paths. */
async function openThroughOwner(dataDir: string, owner: { pid: number; host: string; startedAt: string }): Promise<DatabaseHandle> {
  // Several connections: the sync's lock holds one for the whole run while the work uses others.
  const pool = new pg.Pool({ host: socketDirOf(dataDir), port: SOCKET_PORT, user: 'postgres', database: 'postgres', max: 4, types: typeParsers });
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch {
    await pool.end().catch(() => {});
    throw new DataDirOwnedError(dataDir, owner, ownedMessage(dataDir, owner, 'unreachable'));
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    embeddedDir: path.resolve(dataDir),
    close: () => db.destroy(),
    executeSql: async (text, values) => ({ rows: (await pool.query(text, values?.length ? values : undefined)).rows }),
    // A LISTEN would be the owner's session's, its notifications the owner's; no tool needs one.
    listen: () => Promise.reject(new Error('LISTEN is not available through the portal\'s socket')),
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

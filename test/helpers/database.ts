import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryFS, type PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, startPglite, type DatabaseHandle } from '../../src/db/database.js';
import { PglitePool } from './pglite-pool.js';
import { projectRoot } from '../../src/paths.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedTrades } from '../../src/firms/seed.js';
import { seedReferenceData } from '../../src/rules/seed.js';
import { installJobQueue } from '../../src/subscriptions/queue.js';

// Every test gets a database of its own, copied from a migrated and seeded template (migrating
// costs seconds, copying well under one):
// - on PGlite an in-memory database loaded from a dump of the template. The dump is kept on disk
//   between test processes, under a key that changes with everything that shapes it;
// - on PostgreSQL (TEST_DATABASE_URL) a database created from a template database on the server,
//   built once per key by whichever test process comes first.
// Tests that run the migrations themselves ({ migrate: false } or { seed: false }) get an empty
// database as before.

export const testDatabaseKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

const root = projectRoot;

/** Builds the template's contents on an open, empty database. */
async function fillTemplate(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  await seedReferenceData(handle.db);
  await seedTrades(handle.db);
  await installJobQueue(handle);
}

let key: string | undefined;

/**
 * A hash of what shapes the template: the migrations, the source tree (the seed functions, their
 * data files and the job queue's setup live there), this file, and the locked dependency versions
 * (PGlite's and pg-boss's among them). Contents only, never times.
 */
function templateKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  const files = ['package-lock.json', 'test/helpers/database.ts'];
  for (const dir of ['migrations', 'src']) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  key = hash.digest('hex');
  return key;
}

// ---- PGlite: the template's dump, cached on disk ----

const cacheDir = path.join(os.tmpdir(), 'udbudsportal-test-templates');
/** Files of other keys (and unfinished writes) older than this are deleted when a new dump is stored. */
const STALE_MS = 60 * 60 * 1000;
const CHECKSUM_BYTES = 32;

/** The cached file: the tar, then the SHA-256 of the tar, so a truncated or damaged file is never loaded. */
async function readCachedDump(file: string): Promise<Blob | undefined> {
  try {
    const bytes = await readFile(file);
    if (bytes.length <= CHECKSUM_BYTES) return undefined;
    const tar = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
    const sum = createHash('sha256').update(tar).digest();
    if (!sum.equals(bytes.subarray(bytes.length - CHECKSUM_BYTES))) return undefined;
    // A tar at all (PGlite would otherwise try to unzip it, and fail outside the promise it returns).
    if (tar.subarray(257, 262).toString('latin1') !== 'ustar') return undefined;
    return new Blob([tar]);
  } catch {
    return undefined;
  }
}

async function storeDump(file: string, dump: Blob): Promise<void> {
  const tar = Buffer.from(await dump.arrayBuffer());
  await mkdir(cacheDir, { recursive: true });
  // Written under a name of its own and renamed: a reader sees the whole file or none.
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, Buffer.concat([tar, createHash('sha256').update(tar).digest()]));
  await rename(temporary, file);
  for (const name of await readdir(cacheDir)) {
    const other = path.join(cacheDir, name);
    if (other === file) continue;
    try {
      if (Date.now() - (await stat(other)).mtimeMs > STALE_MS) await unlink(other);
    } catch {
      // Another process removed it first.
    }
  }
}

/** A tar entry's path: its name, after the ustar prefix when there is one. */
function tarPath(header: Uint8Array): string {
  const field = (from: number, to: number) => Buffer.from(header.subarray(from, to)).toString('latin1').replace(/\0.*$/s, '');
  const prefix = field(345, 500);
  return prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
}

/** The tar without the entries `drop` names (headers and data), ending in the two empty blocks. */
function withoutTarEntries(tar: Uint8Array, drop: (path: string) => boolean): Uint8Array<ArrayBuffer> {
  const kept: Uint8Array[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(Buffer.from(header.subarray(124, 136)).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    const length = 512 + Math.ceil(size / 512) * 512;
    if (!drop(tarPath(header))) kept.push(tar.subarray(offset, offset + length));
    offset += length;
  }
  kept.push(new Uint8Array(1024));
  return Buffer.concat(kept);
}

/**
 * What each test's PGlite has to load and start from, kept small, as every test pays for it:
 * - a CHECKPOINT first: a dump of a running instance starts with crash recovery, which would
 *   otherwise replay every migration's WAL (since initdb's checkpoint) in each test;
 * - without template0 and template1 (base/1, base/4: two thirds of the files): PGlite serves one
 *   database and never copies them (no CREATE DATABASE on PGlite); their pg_database rows stay.
 */
async function buildPgliteDump(): Promise<Blob> {
  const handle = await openDatabase({ dataDir: 'memory' });
  try {
    await fillTemplate(handle);
    await handle.executeSql('checkpoint');
    const tar = new Uint8Array(await (await handle.dumpDataDir!()).arrayBuffer());
    return new Blob([withoutTarEntries(tar, (entry) => /^\/?base\/(1|4)(\/|$)/.test(entry))]);
  } finally {
    await handle.close();
  }
}

let pgliteTemplate: Promise<{ dump: Blob; cached: boolean }> | undefined;

/** The template's dump: from the cache when a good one is there, else built (and stored). */
function pgliteTemplateDump(useCache = true): Promise<{ dump: Blob; cached: boolean }> {
  pgliteTemplate ??= (async () => {
    const file = path.join(cacheDir, `${templateKey()}.tar`);
    const cached = useCache ? await readCachedDump(file) : undefined;
    if (cached) return { dump: cached, cached: true };
    const dump = await buildPgliteDump();
    // Without a cache (a read-only temp folder, a full disk) each process builds its own, as before.
    await storeDump(file, dump).catch(() => {});
    return { dump, cached: false };
  })();
  return pgliteTemplate;
}

/** The template's folders and files, read out of its dump once per process. */
interface TemplateFiles {
  folders: string[];
  files: Array<{ path: string; data: Uint8Array; mtime: number }>;
}

function templateFiles(tar: Uint8Array): TemplateFiles {
  const folders = new Set<string>();
  const files: TemplateFiles['files'] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (from: number, to: number) => Buffer.from(header.subarray(from, to)).toString('latin1').replace(/\0.*$/s, '').trim();
    const size = parseInt(field(124, 136) || '0', 8);
    const name = `${PGLITE_DATA}/${tarPath(header).replace(/^\/+|\/+$/g, '')}`;
    const parts = name.split('/');
    for (let end = 4; end < parts.length; end++) folders.add(parts.slice(0, end).join('/'));
    if (header[156] === 53 /* '5': a folder */) {
      if (name !== PGLITE_DATA) folders.add(name);
    }
    else files.push({ path: name, data: tar.subarray(offset + 512, offset + 512 + size), mtime: parseInt(field(136, 148) || '0', 8) * 1000 });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { folders: [...folders].sort(), files };
}

/** Where PGlite keeps its data folder in its file system. */
const PGLITE_DATA = '/pglite/data';

/**
 * PGlite's in-memory file system, holding the template's files before PostgreSQL starts: what
 * PGlite's own `loadDataDir` does (every file written, with its time), without unpacking the tar
 * again and looking up every folder on the way for each file. A test's database starts in about
 * half the time.
 */
class TemplateFs extends MemoryFS {
  constructor(private readonly template: TemplateFiles) {
    super();
  }

  override async init(pg: PGlite, emscriptenOptions: Parameters<MemoryFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, emscriptenOptions);
    const write = (module: { FS: EmscriptenFs }) => {
      const { FS } = module;
      FS.mkdirTree(PGLITE_DATA);
      for (const folder of this.template.folders) FS.mkdir(folder);
      for (const file of this.template.files) {
        FS.writeFile(file.path, file.data);
        FS.utime(file.path, file.mtime, file.mtime);
      }
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), write] } };
  }
}

interface EmscriptenFs {
  mkdirTree(path: string): void;
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  utime(path: string, atime: number, mtime: number): void;
}

/** The template's files, and PGlite's bundle of PostgreSQL's own files, read once per process. */
let pgliteStart: Promise<{ template: TemplateFiles; fsBundle: Blob }> | undefined;

function pgliteStartFiles(dump: Blob) {
  pgliteStart ??= (async () => ({
    template: templateFiles(new Uint8Array(await dump.arrayBuffer())),
    fsBundle: new Blob([await readFile(new URL('pglite.data', import.meta.resolve('@electric-sql/pglite')))]),
  }))();
  return pgliteStart;
}

/** A new PGlite holding the template. */
export async function startPgliteFromTemplate(): Promise<PGlite> {
  const { dump, cached } = await pgliteTemplateDump();
  try {
    const { template, fsBundle } = await pgliteStartFiles(dump);
    return await startPglite({ pgliteOptions: { fs: new TemplateFs(template), fsBundle } });
  } catch (error) {
    if (!cached) throw error;
    // A cached dump that PGlite cannot load: build this process's own (it replaces the file).
    pgliteTemplate = undefined;
    pgliteStart = undefined;
    const fresh = await pgliteTemplateDump(false);
    return startPglite({ loadDataDir: fresh.dump });
  }
}

/** The process's instances, put back as the template left them when a test is done (see pglite-pool.ts). */
const pglitePool = new PglitePool(startPgliteFromTemplate);

async function openPgliteFromTemplate(): Promise<DatabaseHandle> {
  return openDatabase({ dataDir: 'memory', pglite: await pglitePool.take() });
}

/**
 * A PGlite DATA_DIR as `npm start` keeps it (the cluster in DATA_DIR/pglite), holding a copy of the
 * template: for tests that run the portal or a tool as a process, without initdb and every
 * migration in each.
 */
export async function createTestDataDir(dir: string): Promise<void> {
  const { dump } = await pgliteTemplateDump();
  const handle = await openDatabase({ dataDir: dir, loadDataDir: dump });
  await handle.close();
}

// ---- PostgreSQL: a template database on the server ----

const TEMPLATE_PREFIX = 'udbud_tpl_';
/** Advisory-lock key under which a template is built (and stale ones dropped). */
const TEMPLATE_LOCK = 0x75646275; // 'udbu'

/** The same server's address for another database. */
export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `work` on a connection of its own to the server (to create or drop databases). */
export async function withAdmin<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

const templateExists = async (admin: pg.Client, name: string) =>
  (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;

/**
 * Builds the template database under a name of its own and renames it when complete, so nobody
 * clones a half-built one. Runs under an advisory lock: the first process builds, the others wait
 * and then find it there.
 */
async function ensurePgTemplate(serverUrl: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${templateKey().slice(0, 12)}`;
  return withAdmin(serverUrl, async (admin) => {
    if (await templateExists(admin, name)) return name;
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (await templateExists(admin, name)) return name;
      // Templates (or unfinished builds) of other keys, built over an hour ago: older code's.
      const { rows: stale } = await admin.query<{ datname: string }>(
        `select datname from pg_database
          where datname like 'udbud\\_tpl%' and datname <> $1
            and coalesce(shobj_description(oid, 'pg_database'), '') < $2`,
        [name, new Date(Date.now() - STALE_MS).toISOString()],
      );
      for (const { datname } of stale) await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)}`).catch(() => {});
      const building = `udbud_tplb_${templateKey().slice(0, 12)}_${process.pid}_${randomBytes(3).toString('hex')}`;
      await admin.query(`create database ${building}`);
      await admin.query(`comment on database ${building} is '${new Date().toISOString()}'`);
      try {
        const handle = await openDatabase({ databaseUrl: withDatabase(serverUrl, building) });
        try {
          await fillTemplate(handle);
        } finally {
          // Every connection to it closed: a database with sessions can be neither renamed nor cloned.
          await handle.close();
        }
        await admin.query(`alter database ${building} rename to ${name}`);
      } catch (error) {
        await admin.query(`drop database if exists ${building} with (force)`).catch(() => {});
        // Another server-side build (a test run on another admin database) may have finished first.
        if (await templateExists(admin, name)) return name;
        throw error;
      }
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    }
  });
}

let pgTemplate: Promise<string> | undefined;

/** A new database copied from the template; the template is (re)built when it is not there. */
async function createFromTemplate(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    pgTemplate ??= ensurePgTemplate(serverUrl).catch((error: unknown) => {
      pgTemplate = undefined;
      throw error;
    });
    const template = await pgTemplate;
    try {
      await withAdmin(serverUrl, (admin) => admin.query(`create database ${name} template ${template}`));
      return;
    } catch (error) {
      // 3D000: the template is gone (dropped as stale by a run of other code): build it again.
      if ((error as { code?: string }).code !== '3D000' || attempt >= 3) throw error;
      pgTemplate = undefined;
    }
  }
}

export interface TestDatabase extends DatabaseHandle {
  /** postgres:// URL of the database when on a server (for CLI tests); undefined on PGlite. */
  url: string | undefined;
}

export async function createTestDatabase(options: { migrate?: boolean; seed?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const seed = migrate && (options.seed ?? true);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `udbud_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    if (seed) await createFromTemplate(serverUrl, name);
    else await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`));
    const url = withDatabase(serverUrl, name);
    // The database is dropped with (force) at the end: its last connections may be cut mid-close.
    const handle = await openDatabase({ databaseUrl: url, onIdleConnectionError: () => {} });
    if (migrate && !seed) await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
      },
    };
  }
  if (!seed) {
    const handle = await openDatabase({ dataDir: 'memory' });
    if (migrate) await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
  return { ...(await openPgliteFromTemplate()), url: undefined };
}

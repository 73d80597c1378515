import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

// PGlite keeps the database in memory and writes it back to DATA_DIR: two processes on one folder
// each work on their own copy and the last to close overwrites the other's work. So exactly one
// process owns a folder, recorded in DATA_DIR/portal.lock; the others go through it (see embedded.ts).

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** The folder belongs to another live process (or one on another host, which we cannot check). */
export class DataDirOwnedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirOwnedError';
  }
}

export const lockFileOf = (dataDir: string) => path.join(path.resolve(dataDir), 'portal.lock');

export interface DataDirLock {
  release(): Promise<void>;
}

export type ClaimResult = { claimed: true; lock: DataDirLock } | { claimed: false; owner: LockOwner };

/**
 * Takes the folder's lock, or says who holds it. A lock left by a crashed process on this host
 * (its pid is gone) is taken over; a lock from another host never is, as its pid means nothing here.
 */
export const claimDataDir = (dataDir: string) => claimLockFile(lockFileOf(dataDir));

/** The same for any lock file: one live process at a time, a dead one's lock taken over. */
export async function claimLockFile(file: string): Promise<ClaimResult> {
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole to a file of our own, then linked into place: link() fails if the lock exists,
    // so two starting processes can never both win, and nobody reads a half-written lock.
    const draft = `${file}.${process.pid}.${attempt}`;
    await writeFile(draft, JSON.stringify(me), { mode: 0o600 });
    try {
      await link(draft, file);
      return { claimed: true, lock: { release: () => releaseIfOurs(file) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(draft, { force: true });
    }
    const owner = await readOwner(file);
    if (owner && !isStale(owner)) return { claimed: false, owner };
    // Stale (or unreadable): remove it and try again; a racing process that removed it first and
    // linked its own wins the next round, and we then see a live owner.
    await rm(file, { force: true });
  }
  const owner = await readOwner(file);
  return { claimed: false, owner: owner ?? { pid: 0, host: '?', startedAt: '?' } };
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt) } : null;
  } catch {
    return null;
  }
}

function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  // Our own pid in a lock we did not just take: a previous life of this process (a container
  // restarted with pid 1 again), gone.
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function releaseIfOurs(file: string): Promise<void> {
  const owner = await readOwner(file);
  if (owner?.pid === process.pid && owner.host === hostname()) await rm(file, { force: true });
}

/** The one Danish line for a folder another process owns. */
export function ownedMessage(dataDir: string, owner: LockOwner, problem: 'owned' | 'unreachable'): string {
  const dir = path.resolve(dataDir);
  if (owner.host !== hostname()) {
    return `DATA_DIR ${dir} er låst af pid ${owner.pid} på værten ${owner.host}; en lås fra en anden vært overtages aldrig automatisk. Slet ${lockFileOf(dataDir)}, når den proces er stoppet.`;
  }
  if (problem === 'unreachable') {
    return `DATA_DIR ${dir} ejes af en kørende proces (pid ${owner.pid}), men den svarer ikke på sin socket; prøv igen, eller stop den først.`;
  }
  return `DATA_DIR ${dir} bruges allerede af en kørende proces (pid ${owner.pid}); stop den først, eller brug en anden DATA_DIR.`;
}

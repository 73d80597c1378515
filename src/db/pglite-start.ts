import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// How the embedded PostgreSQL starts, kept small: a process keeps the memory it once held, and
// PGlite's WASM heap is never given back.

/**
 * PGlite's own settings, with 8 MB of shared buffers instead of PostgreSQL's 128 MB, which PGlite
 * would hold all its life. A municipality's database is a few tens of MB, and its files are read
 * through the operating system's cache beneath.
 */
export const pgliteStartParams: string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

// Runs in a node of its own: PGlite's module, the folder, the settings as JSON.
const MAKE_FOLDER = `
const { PGlite } = await import(process.argv[1]);
const pglite = await PGlite.create({ dataDir: process.argv[2], startParams: JSON.parse(process.argv[3]) });
await pglite.close();
`;

/**
 * Makes a new database folder in a short-lived process, when `dir` has none yet. PGlite makes one
 * by starting a second PostgreSQL beside the first and running initdb in a third WASM module:
 * near 700 MB at the height, which the portal would otherwise keep as its own for as long as it
 * runs. Made apart, a first start ends up as small as any later one.
 */
export async function makePgliteFolder(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '--eval', MAKE_FOLDER, import.meta.resolve('@electric-sql/pglite'), dir, JSON.stringify(pgliteStartParams)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (data) => (stderr += data));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`Den indlejrede database i ${dir} kunne ikke oprettes (exit ${code}): ${stderr.trim()}`);
}

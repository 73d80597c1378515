// npm test (and test:browser, test:instances): the suite runs as plain JavaScript.
//
// Loading the portal through a TypeScript loader costs each test process more than a second of
// CPU (every module's resolution and load passes through the loader's hooks); the suite starts a
// process per test file and more for the command-line tools, so that was a quarter of its time.
// This script transpiles src/, migrations/ and test/ with esbuild (the compiler tsx itself uses,
// so the code runs as before; types are checked by `npm run typecheck`) into dist/tests/, copies
// the fixtures beside them, and runs tap on the compiled files with the arguments given, a
// TypeScript path under the project named by its compiled twin:
//   npm test -- test/domain/amount.test.ts
//
// Only files whose output changed are written, each to a temporary name and renamed into place,
// so a run started while another is going (the README test starts one) never lets a test process
// read a half-written file.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot as root } from '../src/paths.js';

/** Where the compiled tree goes: the same layout as the project, under dist/. */
export const outRoot = path.join(root, 'dist', 'tests');
const SOURCES = ['src', 'migrations', 'test'];

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Writes `bytes` to `file` unless it already holds them; returns whether it wrote. */
async function writeIfChanged(file: string, bytes: Uint8Array): Promise<boolean> {
  const current = await readFile(file).catch(() => null);
  if (current && Buffer.compare(current, bytes) === 0) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
  return true;
}

async function compile(): Promise<void> {
  const sources = (await Promise.all(SOURCES.map((dir) => filesUnder(path.join(root, dir))))).flat();
  const typescript = sources.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  // The fixtures (schemas, codelists) are read beside the code that reads them.
  const other = sources.filter((file) => !file.endsWith('.ts') && file.startsWith(path.join(root, 'test') + path.sep));
  const result = await build({
    entryPoints: typescript,
    outdir: outRoot,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    tsconfig: path.join(root, 'tsconfig.json'),
    write: false,
    logLevel: 'error',
  });
  const wanted = new Set<string>();
  await Promise.all(
    result.outputFiles.map(async (output) => {
      wanted.add(output.path);
      await writeIfChanged(output.path, output.contents);
    }),
  );
  await Promise.all(
    other.map(async (file) => {
      const target = path.join(outRoot, path.relative(root, file));
      wanted.add(target);
      await writeIfChanged(target, await readFile(file));
    }),
  );
  // What a deleted or renamed source left behind would otherwise still run.
  for (const file of await filesUnder(outRoot)) {
    if (!wanted.has(file) && !file.endsWith('.tmp')) await rm(file, { force: true });
  }
}

/** A path inside the project's sources, as given or relative to the working folder, names its compiled twin. */
function compiledArgument(argument: string): string {
  if (argument.startsWith('-')) return argument;
  const full = path.resolve(argument);
  const relative = path.relative(root, full);
  if (relative.startsWith('..') || !SOURCES.includes(relative.split(path.sep)[0]!) || !existsSync(full)) return argument;
  const target = path.join(outRoot, relative);
  return statSync(full).isFile() ? target.replace(/\.ts$/, '.js') : target;
}

await compile();
const tap = path.join(path.dirname(createRequire(import.meta.url).resolve('tap/package.json')), 'dist/esm/run.mjs');
const child = spawn(process.execPath, [tap, ...process.argv.slice(2).map(compiledArgument)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

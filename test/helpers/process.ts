import { spawn, type SpawnOptions } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import { codeRoot, projectRoot } from '../../src/paths.js';
import { testDatabase } from './app.js';
import { createTestDataDir } from './database.js';

// Command-line entry points run as real processes, each against the test's own database.

export const root = projectRoot;

/**
 * Node's arguments to run one of the portal's entry points ('src/cli/sync.ts') as a process of
 * its own, the way the tests themselves run: compiled beside them under `npm test` (dist/tests/),
 * through tsx when they run from their sources (the bench).
 */
export function entryPoint(script: string): string[] {
  return import.meta.url.endsWith('.ts') ? ['--import=tsx', path.join(root, script)] : [...CHILD_OPTIONS, path.join(codeRoot, script.replace(/\.ts$/, '.js'))];
}

/**
 * V8's options for the processes the tests start, as for the test processes themselves (test/run.ts)
 * and as `npm start` runs the portal: PGlite's WebAssembly stays in baseline code, never recompiled
 * by the optimising compiler in a process that lives seconds.
 */
const CHILD_OPTIONS = ['--liftoff-only'];

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and collects what it wrote; `stdin` is piped in. */
export function collect(command: string, args: string[], options: SpawnOptions = {}, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(stdin);
  });
}

/** This process's environment without tap's TAP_* variables: for an `npm test` started from a test, outside its tap run. */
export const environmentWithoutTap = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^TAP/.test(key)));

/** Runs a CLI entry point the way `npm run …` does, against the test's own database; `stdin` is piped in. */
export function run(script: string, args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return collect(process.execPath, [...entryPoint(script), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } }, stdin);
}

/**
 * Environment that points the CLI at a fresh database of the test's own, a server database or a
 * PGlite folder: a copy of the migrated template, or with `empty` a new one the process under test
 * migrates (what a first `npm start` or `npm run migrate` meets).
 */
export async function cliDatabaseEnv(t: Test, { empty = false }: { empty?: boolean } = {}): Promise<NodeJS.ProcessEnv> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await testDatabase(t, empty ? { migrate: false } : {});
    return { DATABASE_URL: database.url };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'udbud-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  if (!empty) await createTestDataDir(dir);
  return { DATABASE_URL: '', DATA_DIR: dir };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const START_LIMIT_MS = 180_000;

/**
 * Starts the portal, waits until it answers, and returns a stopper. By default from its sources;
 * `nodeArgs` runs something else, e.g. the compiled server with `npm start`'s options.
 */
export async function startServer(env: NodeJS.ProcessEnv, nodeArgs = entryPoint('src/server.ts')) {
  const port = await freePort();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const base = `http://127.0.0.1:${port}`;
  // A first start migrates and imports the samples: on a machine busy with other test files that
  // can take a while. Not ready within the limit: the process is stopped (a test left waiting on a
  // live child would hang its file) and the start fails with what it wrote.
  const deadline = Date.now() + START_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`server not ready within ${START_LIMIT_MS / 1000} s: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    /** SIGTERM without waiting; `exited` tells the exit code. */
    terminate: () => child.kill('SIGTERM'),
    /** Any signal, e.g. SIGKILL for a crash that leaves no chance to clean up. */
    kill: (signal: NodeJS.Signals) => child.kill(signal),
    pid: child.pid,
    exited,
    /** What the server wrote to stdout so far (its log, with LOG_LEVEL above warn). */
    stdout: () => stdout,
  };
}


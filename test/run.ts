// npm test (and test:browser, test:instances): the suite runs as plain JavaScript, two files at a
// time, most of them in shared test processes (test/host.ts) that run file after file.
//
// Three things made each test file slow to start:
// - a TypeScript loader: every module's resolution and load passed through its hooks, more than a
//   second of CPU per process. This script transpiles src/, migrations/ and test/ with esbuild
//   (the compiler tsx itself uses, so the code runs as before; types are checked by `npm run
//   typecheck`) into dist/tests/, with the fixtures beside them;
// - tap's runner, which starts every test process with two module loaders of its own (coverage
//   bookkeeping and mocking, neither used here): 2,5 s more per file on Node 20, measured.
//   This script runs each compiled file with node itself. The files are tap tests as before
//   (`import t from 'tap'`): each prints TAP and ends with tap's own count, which is summed here;
// - loading the portal's modules (more than a thousand, most of them in node_modules): about 1,3 s
//   per process. Files share processes (see SharedProcess below), and a file whose source says
//   `// npm test: a process of its own` gets one to itself.
//
// Output is TAP: each file's output as a subtest, then `ok`/`not ok` with its time, and at the end
// one line `# { total: N, pass: N, fail: N }` (`fail` only when something failed), as tap's runner
// prints it; the exit code is non-zero when any file failed, crashed or ran past its time.
//   npm test -- test/domain/amount.test.ts            a file (or folder) by its TypeScript path
//   npm test -- --jobs=4 --timeout=600                 files at a time (TAP_JOBS), seconds per file
//
// Only files whose output changed are written, each to a temporary name and renamed into place,
// so a run started while another is going (the README test starts one) never lets a test process
// read a half-written file.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot as root } from '../src/paths.js';
import type { FileDone } from './host.js';
import { failuresOf } from './helpers/tap-failures.js';

/** Where the compiled tree goes: the same layout as the project, under dist/. */
export const outRoot = path.join(root, 'dist', 'tests');
const SOURCES = ['src', 'migrations', 'test'];

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Writes `bytes` to `file` unless it already holds them. */
async function writeIfChanged(file: string, bytes: Uint8Array): Promise<void> {
  const current = await readFile(file).catch(() => null);
  if (current && Buffer.compare(current, bytes) === 0) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
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
      await writeIfChanged(output.path, await sharedProcessReady(output.path, output.contents));
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
    if (!wanted.has(file) && file !== timesFile && !file.endsWith('.tmp')) await rm(file, { force: true });
  }
}

/** What a test file says at its top when it must have a process to itself (see test/host.ts). */
const OWN_PROCESS = '// npm test: a process of its own';
const TAP_IMPORT = /^import (\w+) from "tap";$/m;
const SHIM_IMPORT = /^import \w+ from ["'][^"']*helpers\/tap-file\.js["'];?$/m;

/**
 * A compiled test file's `import t from 'tap'` made to import test/helpers/tap-file.js, whose `t`
 * is the file's own subtest when it runs in a shared test process, and tap's root when it runs
 * alone. Files marked with OWN_PROCESS, and every other file, are left as they are.
 */
async function sharedProcessReady(file: string, contents: Uint8Array): Promise<Uint8Array> {
  const testDir = path.join(outRoot, 'test') + path.sep;
  if (!file.startsWith(testDir) || !file.endsWith('.test.js')) return contents;
  const source = path.join(root, path.relative(outRoot, file)).replace(/\.js$/, '.ts');
  if ((await readFile(source, 'utf8').catch(() => '')).includes(OWN_PROCESS)) return contents;
  const text = Buffer.from(contents).toString('utf8');
  if (!TAP_IMPORT.test(text)) return contents;
  const shim = path.relative(path.dirname(file), path.join(testDir, 'helpers', 'tap-file.js')).split(path.sep).join('/');
  return Buffer.from(text.replace(TAP_IMPORT, `import $1 from "${shim.startsWith('.') ? shim : `./${shim}`}";`));
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

/** tap's count at the end of a file's output: `# { total: 12, pass: 11, fail: 1 }`. */
function countOf(output: string): { total: number; pass: number; fail: number } | null {
  const line = output.split('\n').reverse().find((l) => /^# \{ total: \d+/.test(l));
  if (!line) return null;
  const field = (name: string) => Number(new RegExp(`[{,] ${name}: (\\d+)`).exec(line)?.[1] ?? 0);
  return { total: field('total'), pass: field('pass'), fail: field('fail') };
}

const indent = (text: string) => text.replace(/\n$/, '').split('\n').map((line) => (line ? `    ${line}` : '')).join('\n');

interface Options {
  jobs: number;
  timeoutSeconds: number;
  files: string[];
}

function parseArguments(args: string[]): Options {
  const options: Options = { jobs: Number(process.env.TAP_JOBS ?? 2), timeoutSeconds: 300, files: [] };
  for (const argument of args) {
    const [name, value] = argument.split(/=(.*)/s) as [string, string | undefined];
    if (name === '--jobs' || name === '-j') options.jobs = Number(value);
    else if (name === '--timeout' || name === '-t') options.timeoutSeconds = Number(value);
    else if (name === '--reporter' && value === 'tap') continue; // the output is TAP already
    else if (argument.startsWith('-')) throw new Error(`Ukendt valg: ${argument} (kendte: --jobs=N, --timeout=sekunder)`);
    else options.files.push(compiledArgument(argument));
  }
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error('--jobs skal være et helt tal større end 0');
  if (!Number.isFinite(options.timeoutSeconds) || options.timeoutSeconds <= 0) throw new Error('--timeout skal være et antal sekunder større end 0');
  return options;
}

/** The test files: those named (folders searched), else every test of the suite but the browser's and the two instances'. */
async function testFiles(named: string[]): Promise<string[]> {
  const isTest = (file: string) => /\.test\.(js|mjs|cjs)$/.test(file);
  if (named.length === 0) {
    const all = await filesUnder(path.join(outRoot, 'test'));
    const apart = ['browser', 'instances'].map((dir) => path.join(outRoot, 'test', dir) + path.sep);
    return all.filter((file) => isTest(file) && !apart.some((dir) => file.startsWith(dir))).sort();
  }
  const files: string[] = [];
  for (const name of named) {
    if (!existsSync(name)) throw new Error(`Testfilen findes ikke: ${name}`);
    if (statSync(name).isDirectory()) files.push(...(await filesUnder(name)).filter(isTest).sort());
    else files.push(path.resolve(name));
  }
  return files;
}

// The longest files start first, so that the run does not end with one core waiting on a long
// file that started last: by each file's time in the previous run here (kept beside the compiled
// files), and files not timed yet first of all, largest first.
const timesFile = path.join(outRoot, 'times.json');

async function longestFirst(files: string[]): Promise<string[]> {
  const times = JSON.parse(await readFile(timesFile, 'utf8').catch(() => '{}')) as Record<string, number>;
  const sizes = new Map(files.map((file) => [file, statSync(file).size]));
  const key = (file: string) => times[path.relative(root, file)] ?? Number.POSITIVE_INFINITY;
  return [...files].sort((a, b) => key(b) - key(a) || sizes.get(b)! - sizes.get(a)!);
}

/**
 * This run's times merged into times.json. The file is read again, not reused from the start of
 * the run: a run started meanwhile (the README test starts one) may have written times of its own.
 */
async function keepTimes(measured: Map<string, number>): Promise<void> {
  const times = JSON.parse(await readFile(timesFile, 'utf8').catch(() => '{}')) as Record<string, number>;
  for (const [file, ms] of measured) if (file.startsWith(outRoot + path.sep)) times[path.relative(root, file)] = Math.round(ms);
  await writeIfChanged(timesFile, Buffer.from(JSON.stringify(times, null, 1)));
}

/**
 * Node's options for a test process, which lives seconds, not days: PGlite's WebAssembly stays in
 * V8's baseline code (the optimising compiler's work on it never paid back in a test), and a
 * young generation of 32 MB semi-spaces instead of 16 collects less often. 15–20 % less CPU per
 * file, measured; stack traces point into the TypeScript sources.
 */
const NODE_OPTIONS = ['--enable-source-maps', '--liftoff-only', '--max-semi-space-size=32'];

/**
 * A test process's environment. From Node 22 on, the code node compiles is kept on disk
 * (NODE_COMPILE_CACHE, which Node 20 ignores) for every process of the run and the next: the test
 * processes and the servers and tools they start.
 */
function testEnvironment(tapTimeout: string): NodeJS.ProcessEnv {
  return { NODE_COMPILE_CACHE: path.join(root, 'dist', 'compile-cache'), ...process.env, TAP_TIMEOUT: tapTimeout };
}

interface Outcome {
  ok: boolean;
  output: string;
  count: { total: number; pass: number; fail: number };
  ms: number;
}

/** Runs one test file in a node process of its own; its time is limited, and stderr shown only when it fails. */
function runFile(file: string, timeoutSeconds: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...NODE_OPTIONS, file], {
      cwd: root,
      // tap's own limit inside the file says which test was running when the time ran out; the
      // kill below is for a process that no longer answers even that.
      env: testEnvironment(String(timeoutSeconds)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, (timeoutSeconds + 30) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const count = countOf(stdout);
      const ok = code === 0 && !signal && count !== null && count.fail === 0;
      let output = stdout;
      if (!ok) {
        const why = timedOut ? `ran past its ${timeoutSeconds} s and was stopped` : signal ? `ended by ${signal}` : count === null ? `ended (exit ${code}) without tap's count` : `exit ${code}`;
        output += `# ${path.relative(root, file)}: ${why}\n`;
        if (stderr.trim()) output += `# stderr:\n${stderr.replace(/\n$/, '').split('\n').map((line) => `#   ${line}`).join('\n')}\n`;
      }
      // A file that failed without a failing assertion (a crash, a timeout) still counts one failure.
      const counted = count ?? { total: 0, pass: 0, fail: 0 };
      if (!ok && counted.fail === 0) counted.fail = 1;
      resolve({ ok, output, count: counted, ms: performance.now() - started });
    });
  });
}

const isFileDone = (message: unknown): message is FileDone =>
  typeof message === 'object' && message !== null && typeof (message as FileDone).done === 'string';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A shared test process is replaced after a file that left it holding more memory than this. */
const HOST_RSS_LIMIT = 1536 * 1024 * 1024;

/**
 * A shared test process (test/host.ts): runs the files it is given one at a time, each inside a
 * subtest of its own in the process's TAP, and tells when each has ended and with what count. Its
 * output for a file is the part of its TAP between the file's `# Subtest:` and its `ok`/`not ok`.
 * When a file crashes it or runs past its time, the file fails and the next file gets a new process.
 */
class SharedProcess {
  private readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';
  /** Where the part of the output no file has claimed yet starts. */
  private consumed = 0;
  private exited = false;
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  private current: { file: string; name: string; stderrFrom: number; done?: FileDone; finish: (outcome: Outcome) => void } | undefined;
  private readonly closed: Promise<void>;

  constructor() {
    this.child = spawn(process.execPath, [...NODE_OPTIONS, path.join(outRoot, 'test', 'host.js')], {
      cwd: root,
      // No limit on the process as a whole: each file has its own (its subtest's, and the kill below).
      env: testEnvironment('0'),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    running.add(this.child);
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
      this.settle();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.on('message', (message) => {
      if (this.current && isFileDone(message) && message.done === this.current.file) {
        this.current.done = message;
        this.settle();
      }
    });
    // Ended when the process has exited and its output has all come (or a process it started, which
    // holds on to the same output, has had a moment to let go).
    const ended = (stream: NodeJS.ReadableStream) => new Promise<void>((resolve) => stream.once('end', resolve));
    const output = Promise.all([ended(this.child.stdout!), ended(this.child.stderr!)]);
    this.closed = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        running.delete(this.child);
        this.exitCode = code;
        this.exitSignal = signal;
        void Promise.race([output, new Promise((wait) => setTimeout(wait, 2000))]).then(() => {
          this.exited = true;
          this.settle();
          resolve();
        });
      });
    });
  }

  get usable(): boolean {
    return !this.exited && this.child.connected;
  }

  run(file: string, timeoutSeconds: number): Promise<Outcome> {
    const started = performance.now();
    const name = path.relative(root, file);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true;
        this.child.kill('SIGKILL');
      }, (timeoutSeconds + 30) * 1000);
      let timedOut = false;
      this.current = {
        file,
        name,
        stderrFrom: this.stderr.length,
        finish: (outcome) => {
          clearTimeout(timer);
          this.current = undefined;
          if (timedOut) outcome.output += `# ${name}: ran past its ${timeoutSeconds} s and its test process was stopped\n`;
          resolve({ ...outcome, ms: performance.now() - started });
        },
      };
      this.child.send({ run: file, name, timeoutSeconds });
    });
  }

  /** Ends a file when both its message and its output have come, or the process is gone. */
  private settle(): void {
    const current = this.current;
    if (!current) return;
    const rest = this.stdout.slice(this.consumed);
    const header = rest.indexOf(`# Subtest: ${current.name}\n`);
    const closing = new RegExp(`^(?:not )?ok \\d+ - ${escapeRegExp(current.name)}(?: # [^\\n]*)?$`, 'm').exec(rest);
    const body = (end: number) => (header === -1 ? '' : rest.slice(header + `# Subtest: ${current.name}\n`.length, end));
    const stderr = () => this.stderr.slice(current.stderrFrom).trim();
    if (current.done && closing) {
      this.consumed += closing.index + closing[0].length;
      const outcome = { ok: current.done.ok, output: unindent(body(closing.index)), count: current.done.counts, ms: 0 };
      if (!outcome.ok && stderr()) outcome.output += stderrComment(stderr());
      if (current.done.rss > HOST_RSS_LIMIT) void this.close();
      current.finish(outcome);
    } else if (this.exited) {
      const why = this.exitSignal ? `ended by ${this.exitSignal}` : `exit ${this.exitCode}`;
      let output = `${unindent(body(rest.length))}# ${current.name}: its test process ended (${why}) before the file did\n`;
      if (stderr()) output += stderrComment(stderr());
      this.consumed = this.stdout.length;
      current.finish({ ok: false, output, count: { total: 0, pass: 0, fail: 1 }, ms: 0 });
    }
  }

  /** Lets the process go: it prints its count and ends. What it says after its last file is returned. */
  async close(): Promise<string> {
    if (this.child.connected) this.child.disconnect();
    await this.closed;
    return this.stdout.slice(this.consumed);
  }
}

/** A shared process's output for a file, indented one level deeper than a file's own output would be. */
const unindent = (text: string) => text.split('\n').map((line) => line.replace(/^ {4}/, '')).join('\n');
const stderrComment = (stderr: string) => `# stderr:\n${stderr.split('\n').map((line) => `#   ${line}`).join('\n')}\n`;

/** Whether a compiled test file runs in a shared process: its `t` is helpers/tap-file.js's. */
async function runsShared(file: string): Promise<boolean> {
  return SHIM_IMPORT.test(await readFile(file, 'utf8').catch(() => ''));
}

async function main(): Promise<number> {
  await compile();
  let options: Options;
  let files: string[];
  try {
    options = parseArguments(process.argv.slice(2));
    files = await testFiles(options.files);
  } catch (error) {
    console.error(`npm test: ${(error as Error).message}`);
    return 2;
  }
  if (files.length === 0) {
    console.error('npm test: ingen testfiler fundet');
    return 2;
  }
  const started = performance.now();
  const total = { total: 0, pass: 0, fail: 0 };
  let number = 0;
  let failedFiles = 0;
  const failures: string[] = [];
  process.stdout.write('TAP version 14\n');
  const queue = await longestFirst(files);
  const measured = new Map<string, number>();
  const hosts: SharedProcess[] = [];
  const worker = async () => {
    let host: SharedProcess | undefined;
    for (let file = queue.shift(); file; file = queue.shift()) {
      let outcome: Outcome;
      if (await runsShared(file)) {
        if (!host?.usable) hosts.push((host = new SharedProcess()));
        outcome = await host.run(file, options.timeoutSeconds);
      } else {
        outcome = await runFile(file, options.timeoutSeconds);
      }
      measured.set(file, outcome.ms);
      const name = path.relative(root, file);
      number++;
      if (!outcome.ok) {
        failedFiles++;
        failures.push(...failuresOf(name, outcome.output));
      }
      total.total += outcome.count.total;
      total.pass += outcome.count.pass;
      total.fail += outcome.count.fail;
      process.stdout.write(`# Subtest: ${name}\n${indent(outcome.output)}\n${outcome.ok ? 'ok' : 'not ok'} ${number} - ${name} # time=${outcome.ms.toFixed(3)}ms\n\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, files.length) }, worker));
  // What a shared process reported after its last file (a failure in something a file left
  // running) fails the run too.
  for (const [index, host] of hosts.entries()) {
    const after = await host.close();
    if (!/^not ok /m.test(after)) continue;
    const name = `test process ${index + 1}, after its last file`;
    number++;
    failedFiles++;
    total.fail++;
    const output = unindent(after);
    failures.push(...failuresOf(name, output));
    process.stdout.write(`# Subtest: ${name}\n${indent(output)}\nnot ok ${number} - ${name}\n\n`);
  }
  await keepTimes(measured);
  process.stdout.write(`1..${number}\n`);
  if (failedFiles) {
    process.stdout.write(`# failed ${failedFiles} of ${files.length} files:\n${failures.map((line) => `#   ${line}`).join('\n')}\n`);
  }
  process.stdout.write(`# { total: ${total.total}, pass: ${total.pass}${total.fail ? `, fail: ${total.fail}` : ''} }\n# time=${(performance.now() - started).toFixed(3)}ms\n`);
  return failedFiles ? 1 : 0;
}

const running = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(1);
  });
}
// esbuild's service would keep the process alive.
process.exit(await main());

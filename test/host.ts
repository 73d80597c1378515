// A test process that runs many test files, one after another (npm test's runner, test/run.ts,
// sends them one at a time). Starting a process that loads the portal costs more than a second of
// CPU, on every one of the suite's files; here it is paid once per process. Each file runs inside a
// subtest named by its source path (its `t`, see helpers/tap-file.ts), and the runner is told the
// file's counts when it has ended. Files that must have a process to themselves say so with
// `// npm test: a process of its own`, and the runner starts one for them as before.
import { pathToFileURL } from 'node:url';
import tap, { type Test } from 'tap';
import { asFile, fileEnded } from './helpers/tap-file.js';

interface Job {
  run: string;
  name: string;
  timeoutSeconds: number;
}

/** What the runner is told when a file has ended. */
export interface FileDone {
  done: string;
  ok: boolean;
  counts: { total: number; pass: number; fail: number };
  rss: number;
}

const isJob = (message: unknown): message is Job =>
  typeof message === 'object' && message !== null && typeof (message as Job).run === 'string';

async function runFile({ run, name, timeoutSeconds }: Job): Promise<void> {
  let test: Test | undefined;
  const results = await tap
    .test(name, { timeout: timeoutSeconds * 1000 }, (file) => {
      test = file;
      return asFile(file, () => import(pathToFileURL(run).href));
    })
    .catch(() => null);
  fileEnded();
  const done: FileDone = {
    done: run,
    ok: results?.ok ?? false,
    counts: { total: test?.counts.total ?? 0, pass: test?.counts.pass ?? 0, fail: test?.counts.fail ?? 0 },
    rss: process.memoryUsage().rss,
  };
  process.send!(done);
}

// One file at a time, in the order they come.
let queue = Promise.resolve();
process.on('message', (message) => {
  if (isJob(message)) queue = queue.then(() => runFile(message));
});
// Waiting for the next file keeps the process alive: tap lets go of the channel to the runner (so
// that it never keeps a process alive by itself).
const waiting = setInterval(() => {}, 1 << 30);
// The runner lets go when there are no more files: tap prints its count, and the process ends, even
// when a file left something running.
process.on('disconnect', () => {
  clearInterval(waiting);
  void queue.finally(() => {
    // Past this, what a file left running (a server, a timer) does not keep the process.
    setTimeout(() => process.exit(), 2000).unref();
    if (!tap.results) tap.end();
  });
});

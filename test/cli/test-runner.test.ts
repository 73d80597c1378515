import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { pathToFileURL } from 'node:url';
import { collect, environmentWithoutTap, root } from '../helpers/process.js';

// npm test runs the files itself (test/run.ts): a run must count what the files count, and fail
// when any file fails, crashes or hangs, or it would report a broken suite as green.

t.setTimeout(180_000);

// Outside this file's own tap: no TAP_* variables leak in.
const runner = (args: string[]) =>
  collect(process.execPath, ['--import=tsx', path.join(root, 'test/run.ts'), ...args], { cwd: root, env: environmentWithoutTap() });

const summaryOf = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('# { total:'));

t.test('passing, failing, crashing and hanging files are each told, and counted', async (t) => {
  // Inside the clone, as the suite's own files are: tap is found from there.
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  const dir = await mkdtemp(path.join(root, 'tmp', 'runner-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, body: string) => {
    const full = path.join(dir, name);
    await writeFile(full, `import t from 'tap';\n${body}\n`);
    return full;
  };
  const passing = await file('passing.test.mjs', "t.pass('one'); t.pass('two');");
  const failing = await file('failing.test.mjs', "t.pass('one'); t.test('a part', async (t) => { t.equal(1, 2, 'one is not two'); });");
  const crashing = await file('crashing.test.mjs', "t.pass('one'); process.stderr.write('about to crash\\n'); process.exit(3);");
  const hanging = await file('hanging.test.mjs', "t.test('never ends', () => new Promise(() => setInterval(() => {}, 1000)));");

  const good = await runner([passing]);
  t.equal(good.code, 0, 'a passing file: exit 0');
  t.same(summaryOf(good.stdout), ['# { total: 2, pass: 2 }'], "tap's count, no fail when none failed");
  t.match(good.stdout, /^ok 1 - .*passing\.test\.mjs # time=/m);

  const bad = await runner(['--jobs=2', '--timeout=3', passing, failing, crashing, hanging]);
  t.equal(bad.code, 1, 'exit 1 when any file failed');
  t.match(bad.stdout, /^not ok \d+ - .*failing\.test\.mjs/m, 'a failing assertion fails its file');
  t.match(bad.stdout, /one is not two/, "the failure's own report is shown");
  t.match(bad.stdout, /^not ok \d+ - .*crashing\.test\.mjs/m, 'a crash fails its file');
  t.match(bad.stdout, /#\s+about to crash/, "a failed file's stderr is shown");
  t.match(bad.stdout, /^not ok \d+ - .*hanging\.test\.mjs/m, 'a file past its time fails');
  t.match(bad.stdout, /^ok \d+ - .*passing\.test\.mjs/m);
  const [summary] = summaryOf(bad.stdout);
  const fail = Number(/fail: (\d+)/.exec(summary ?? '')?.[1]);
  t.ok(fail >= 3, `every failed file counts at least one failure (${summary})`);
  t.match(bad.stdout, /^1\.\.4$/m);
  // A long log's end names what failed: each failing assertion by its path, with what was found
  // and wanted, and each file that failed without one, with its reason and stderr.
  const listed = bad.stdout.slice(bad.stdout.indexOf('# failed 3 of 4 files:'));
  t.match(listed, /^# failed 3 of 4 files:\n/, 'the failures are listed at the end');
  t.match(listed, /^#   \S*failing\.test\.mjs › a part › one is not two\n#       at \S*failing\.test\.mjs:2\n#       -2\n#       \+1$/m, 'a failing assertion, by the subtests that lead to it');
  t.notMatch(listed, /failing\.test\.mjs › a part\n/, 'not the subtest that failed only because of it');
  t.match(listed, /^#   \S*crashing\.test\.mjs\n(#       .*\n)*#       about to crash$/m, 'a crash, with its stderr');
  t.match(listed, /^#   \S*hanging\.test\.mjs › never ends › timeout!$/m, 'a file past its time, by what was still running');
  t.notMatch(listed, /passing\.test\.mjs/, 'nothing that passed');

  // The suite's own files run in shared test processes, several files to a process (test/host.ts):
  // a file there that fails, crashes its process or hangs fails just as it would alone, and the
  // files after it still run, in a new process where the old one is gone.
  const shim = pathToFileURL(path.join(root, 'dist', 'tests', 'test', 'helpers', 'tap-file.js')).href;
  const shared = async (name: string, body: string) => {
    const full = path.join(dir, name);
    await writeFile(full, `import t from "${shim}";\n${body}\n`);
    return full;
  };
  const sharedFiles = [
    await shared('shared-passing.test.mjs', "globalThis.ranHere = 'shared-passing'; t.pass('one'); t.test('two and three', async (t) => { t.pass('two'); t.pass('three'); });"),
    await shared('shared-failing.test.mjs', "t.equal(globalThis.ranHere, 'shared-passing', 'in the same process as the file before'); t.equal(1, 2, 'one is still not two');"),
    await shared('shared-crashing.test.mjs', "t.pass('one'); process.stderr.write('a shared process crashes\\n'); process.exit(3);"),
    await shared('shared-hanging.test.mjs', "t.test('never ends', () => new Promise(() => setInterval(() => {}, 1000)));"),
    await shared('shared-after.test.mjs', "t.pass('after the others');"),
  ];
  const inOrder = await runner(['--jobs=1', '--timeout=3', ...sharedFiles]);
  t.equal(inOrder.code, 1, 'exit 1 when a file in a shared process failed');
  t.match(inOrder.stdout, /^ok \d+ - .*shared-passing\.test\.mjs # time=/m);
  t.match(inOrder.stdout, /^    ok 1 - one\n    # Subtest: two and three\n/m, "a file's own output, as if it had run alone");
  t.match(inOrder.stdout, /^not ok \d+ - .*shared-failing\.test\.mjs/m, 'a failing assertion fails its file');
  t.match(inOrder.stdout, /one is still not two/, "the failure's own report is shown");
  t.match(inOrder.stdout, /^not ok \d+ - .*shared-crashing\.test\.mjs/m, 'a crash fails its file');
  t.match(inOrder.stdout, /#\s+a shared process crashes/, "the crashed process's stderr is shown");
  t.match(inOrder.stdout, /^not ok \d+ - .*shared-hanging\.test\.mjs/m, 'a file past its time fails');
  t.match(inOrder.stdout, /^ok \d+ - .*shared-after\.test\.mjs/m, 'the files after them still run, and pass');
  const [counted] = summaryOf(inOrder.stdout);
  t.match(counted, /^# \{ total: \d+, pass: 5, fail: [3-9]\d* \}$/, `every passing assertion counted, every failed file at least one failure (${counted})`);
  t.match(inOrder.stdout, /^1\.\.5$/m);
  t.match(inOrder.stdout.slice(inOrder.stdout.indexOf('# failed 3 of 5 files:')), /^#   \S*shared-failing\.test\.mjs › one is still not two$/m, 'a failure in a shared process, by its path at the end');

  const unknown = await runner(['--colour', passing]);
  t.equal(unknown.code, 2, 'an unknown option is refused');
  t.match(unknown.stderr, /Ukendt valg: --colour/);
});

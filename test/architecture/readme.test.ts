import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { collect, environmentWithoutTap, root } from '../helpers/process.js';

const tracked = (pattern: string) => execFileSync('git', ['ls-files', pattern], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

t.test('the documentation stands alone: no path it names leaves the repository, every link is a file in it', async (t) => {
  const inside = (resolved: string) => resolved.startsWith(root + path.sep);
  for (const file of tracked('*.md')) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const from = path.join(root, path.dirname(file));
    const links = [...text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/i.test(target));
    for (const link of links) {
      const resolved = path.resolve(from, link);
      t.ok(inside(resolved) && existsSync(resolved), `${file} links ${link}`, { resolved });
    }
    // Paths in backticks may name what the portal makes at run time (`./data`), but never a place
    // outside the clone.
    for (const [, named] of text.matchAll(/`(\.\.?\/[^`\s]+)`/g)) {
      t.ok(inside(path.resolve(from, named!)), `${file} names ${named}`);
    }
  }
  t.notMatch(readFileSync(path.join(root, 'README.md'), 'utf8'), /\.\.\/shared\//, 'no ../shared/ files');
});

t.test("npm test ends with the summary line the README documents, which .ci/run sums", async (t) => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  t.match(readme, /^npm test .*# the whole suite.*`# \{ total: N, pass: N, fail: N \}`/m, 'the README names the line');
  t.match(readFileSync(path.join(root, '.ci/run'), 'utf8'), /grep -E '\^# \\\{ total: \[0-9\]\+'/, '.ci/run reads that line');

  // A real `npm test` on one small file, outside this tap run (no TAP_* variables leak in).
  const { stdout, stderr } = await collect('npm', ['test', '--', 'test/domain/amount.test.ts'], { cwd: root, env: environmentWithoutTap() });
  const summary = `${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('# { total:'));
  t.equal(summary.length, 1, 'one summary line');
  t.match(summary[0], /^# \{ total: (\d+), pass: \1 \}$/, 'total and pass, no fail when none failed');
});

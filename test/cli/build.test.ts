import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { cliDatabaseEnv, root, startServer } from '../helpers/process.js';

// Production runs compiled JavaScript: `npm run build` (tsc) writes dist/, and `npm start` runs
// node on it with no TypeScript loader in the process. This test builds into a folder of its own
// (dist/ may be the developer's) and starts that the way `npm start` does.

t.setTimeout(900_000);

const execFileAsync = promisify(execFile);
const scripts = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const START = /^node ((?:--[\w-]+(?:=\S+)? )*)dist\/src\/server\.js$/;

t.test('npm start and the command-line tools run the compiled code, built first', async (t) => {
  t.equal(scripts.build, 'tsc --build tsconfig.build.json');
  t.match(scripts.start, START, 'node on dist/src/server.js, with options only');
  for (const tool of ['start', 'migrate', 'import', 'sync', 'user:create']) {
    t.equal(scripts[`pre${tool}`], 'npm run build', `${tool} builds first`);
    t.notMatch(scripts[tool], /tsx|\.ts\b/, `${tool} runs no TypeScript`);
  }
});

t.test('the compiled portal starts on a new database and serves its pages, views, design system and seed data', async (t) => {
  // Inside the clone, as dist/ is: package.json above it makes the output ES modules and marks
  // the project root where views/ and the seed data are found.
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  const out = await mkdtemp(path.join(root, 'tmp', 'build-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  await execFileAsync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out, '--tsBuildInfoFile', path.join(out, '.tsbuildinfo')], { cwd: root });
  t.ok(existsSync(path.join(out, 'migrations/20261123000000_initial.js')), 'the migrations are compiled too');

  const env = { ...(await cliDatabaseEnv(t)), NODE_OPTIONS: '' };
  const options = START.exec(scripts.start ?? '')![1]!.trim().split(' ').filter(Boolean);
  const server = await startServer(env, [...options, path.join(out, 'src/server.js')]);
  t.teardown(() => server.stop());

  t.match(await (await fetch(`${server.base}/udbud`)).text(), /37 udbud fundet/, 'the page, from views/, with the bundled sample imported');
  t.match(await (await fetch(`${server.base}/taerskler`)).text(), /Gælder 1\. januar 2026/, 'the threshold sets from their seed file');
  t.equal((await fetch(`${server.base}/static/favicon.svg`)).status, 200, 'views/static');
  t.equal((await fetch(`${server.base}/dkfds/css/dkfds-virkdk.min.css`)).status, 200, 'the design system from node_modules');
  t.notMatch(server.stdout(), /could not add/, 'the sample firms, dialogue and contract from their seed files');

  const migrate = await execFileAsync(process.execPath, [path.join(out, 'src/cli/migrate.js')], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  t.match(migrate.stdout, /database is up to date/, 'the compiled tool finds the compiled migrations, all of them run');
  t.equal(await server.stop(), 0, 'a graceful stop');
});

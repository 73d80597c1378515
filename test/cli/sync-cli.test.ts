import t from 'tap';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd } from '../helpers/fake-dbd.js';
import { cliDatabaseEnv, run } from '../helpers/process.js';

t.test('npm run sync prints progress per page and the summary line', async (t) => {
  const env = await cliDatabaseEnv(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'C-1' }), dbdItem({ id: 'C-2' }), dbdItem({ id: 'C-3', contractType: 'castle' })]);
  const dbdEnv = { ...env, DBD_URL: dbd.url, DBD_TOKEN: dbd.token, DBD_PAGE_SIZE: '2' };
  const first = await run('src/cli/sync.ts', [], dbdEnv);
  t.equal(first.code, 0, first.stderr);
  t.same(first.stdout.trim().split('\n'), [
    'side 1: 2 elementer (created 2, updated 0, unchanged 0, rejected 0)',
    'side 2: 1 elementer (created 0, updated 0, unchanged 0, rejected 1)',
    'created 2, updated 0, unchanged 0, rejected 1',
    'rejected C-3: kontrakttype (contractType): skal være en af works, services, supplies',
  ]);

  dbd.items.splice(0, 1);
  dbd.items.push(dbdItem({ id: 'C-3', lastModified: '2026-11-25T08:00:00Z' }));
  const again = await run('src/cli/sync.ts', [], dbdEnv);
  t.equal(again.code, 0);
  t.match(again.stdout, /^created 1, updated 0, unchanged 0, rejected 0$/m, 'incremental: only what changed since');
});

t.test('npm run sync exits non-zero when the run fails, with the reason', async (t) => {
  const env = await cliDatabaseEnv(t);
  const dbd = await fakeDbd(t, [dbdItem()]);
  const failed = await run('src/cli/sync.ts', [], { ...env, DBD_URL: dbd.url, DBD_TOKEN: 'wrong' });
  t.not(failed.code, 0);
  t.match(failed.stderr, /DBD afviste adgangsnøglen \(HTTP 401\)/);
  t.notMatch(failed.stderr, /\n\s+at /, 'no stack trace');
});

t.test('npm run sync reports a full export that lost a tender with flagged N', async (t) => {
  const env = await cliDatabaseEnv(t);
  const file = await import('../helpers/dbd.js');
  const both = await file.writeTempFile(file.dbdExport([dbdItem({ id: 'F-1' }), dbdItem({ id: 'F-2' })]));
  t.equal((await run('src/cli/sync.ts', [], { ...env, DBD_URL: both })).code, 0);
  const one = await file.writeTempFile(file.dbdExport([dbdItem({ id: 'F-1' })]));
  const result = await run('src/cli/sync.ts', [], { ...env, DBD_URL: one });
  t.equal(result.code, 0);
  t.match(result.stdout, /^created 0, updated 0, unchanged 1, rejected 0, flagged 1$/m);
  t.match(result.stdout, /^flagged F-2: findes ikke længere i DBD's fulde eksport$/m);
});

t.test('DBD_URL as an http(s) address needs DBD_TOKEN', async (t) => {
  const result = await run('src/cli/sync.ts', [], { DBD_URL: 'https://dbd.example.dk/api', DBD_TOKEN: '' });
  t.equal(result.code, 2);
  t.equal(result.stderr.trim(), 'Ugyldig konfiguration: DBD_TOKEN skal sættes, når DBD_URL er en http(s)-adresse');
});

import t from 'tap';
import { cliDatabaseEnv, run } from '../helpers/process.js';
import { dbdExport, dbdItem, writeTempFile } from '../helpers/dbd.js';

t.test('npm run import prints the summary and one line per rejected item', async (t) => {
  const env = await cliDatabaseEnv(t);
  const file = await writeTempFile(
    dbdExport([dbdItem({ id: 'CLI-1' }), dbdItem({ id: 'CLI-BAD', estimatedValue: { amountDkk: -1 } }), dbdItem({ id: 'CLI-2', requirements: ['XX-NEW'] })]),
  );
  const first = await run('src/cli/import.ts', [file], env);
  t.equal(first.code, 0, 'exit 0: the file was read, even with a rejected item');
  const lines = first.stdout.trim().split('\n');
  t.equal(lines[0], 'created 2, updated 0, unchanged 0, rejected 1');
  t.match(lines[1], /^rejected CLI-BAD: anslået værdi \(amountDkk\): må ikke være negativ$/);
  t.match(lines[2], /^warning CLI-2: ukendt kravkode XX-NEW/);

  const again = await run('src/cli/import.ts', [file], env);
  t.equal(again.code, 0);
  t.match(again.stdout, /^created 0, updated 0, unchanged 2, rejected 1$/m, 'importing the same file again changes nothing');
});

t.test('npm run import fails on a file that is unreadable or not a DBD export', async (t) => {
  const env = await cliDatabaseEnv(t);
  const missing = await run('src/cli/import.ts', ['/no/such/export.json'], env);
  t.not(missing.code, 0);
  t.equal(missing.stderr.trim(), '/no/such/export.json: filen findes ikke');
  const notDbd = await run('src/cli/import.ts', [await writeTempFile({ hello: 'world' })], env);
  t.not(notDbd.code, 0);
  t.match(notDbd.stderr, /er ikke en DBD-udbudseksport/);
  t.notMatch(notDbd.stderr, /\n\s+at /, 'no stack trace');
  const noArgument = await run('src/cli/import.ts', [], env);
  t.not(noArgument.code, 0);
  t.match(noArgument.stderr, /Brug: npm run import -- FIL/);
});

t.test('npm run migrate brings a new database up to date, and says so the second time', async (t) => {
  const env = await cliDatabaseEnv(t, { empty: true });
  const first = await run('src/cli/migrate.ts', [], env);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /migrated: 20261123000000_initial/);
  t.match(first.stdout, /seeded 2 threshold sets, 10 requirements/);
  const second = await run('src/cli/migrate.ts', [], env);
  t.equal(second.code, 0);
  t.match(second.stdout, /database is up to date/);
});

t.test('a wrong configuration stops the start with one line naming the variable', async (t) => {
  const server = await run('src/server.ts', [], { PORT: 'tre tusind' });
  t.equal(server.code, 2);
  t.equal(server.stderr.trim(), 'Ugyldig konfiguration: PORT skal være et tal');
  const cli = await run('src/cli/import.ts', ['x.json'], { DATABASE_URL: 'mysql://nope' });
  t.equal(cli.code, 2);
  t.equal(cli.stderr.trim(), 'Ugyldig konfiguration: DATABASE_URL skal begynde med postgres:// eller postgresql://');
});


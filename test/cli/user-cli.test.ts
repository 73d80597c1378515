import t from 'tap';
import { cliDatabaseEnv, run } from '../helpers/process.js';

const createUserCli = (args: string[], input: string, env: NodeJS.ProcessEnv) => run('src/cli/user-create.ts', args, env, input);

t.test('npm run user:create makes the first admin, with the password from stdin or a generated one', async (t) => {
  const env = await cliDatabaseEnv(t);
  const typed = await createUserCli(['--email', 'first@koege.test', '--role', 'admin'], 'en-meget-hemmelig-kode\n', env);
  t.equal(typed.code, 0, typed.stderr);
  t.match(typed.stdout, /^Oprettede admin first@koege.test \(id \d+\)$/m);
  t.notMatch(typed.stdout, /Adgangskode/, 'a typed password is not echoed');

  const generated = await createUserCli(['--email', 'second@koege.test'], '', env);
  t.equal(generated.code, 0);
  t.match(generated.stdout, /^Oprettede officer second@koege.test/m);
  t.match(generated.stdout, /^Adgangskode \(vises kun nu\): \S{20,}$/m);

  const duplicate = await createUserCli(['--email', 'FIRST@koege.test', '--role', 'admin'], 'en-anden-lang-kode\n', env);
  t.equal(duplicate.code, 1);
  t.match(duplicate.stderr, /Der findes allerede en bruger med e-mailadressen first@koege.test/);

  const bad = await createUserCli(['--email', 'nej', '--role', 'king'], 'kort\n', env);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /email: Skriv en gyldig e-mailadresse/);
  t.match(bad.stderr, /role: Vælg en rolle/);
  t.match(bad.stderr, /password: Adgangskoden skal være mindst 12 tegn/);
});

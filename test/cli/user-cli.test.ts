import { spawn } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { cliDatabaseEnv, root } from '../helpers/process.js';

/** Runs user:create with `input` on standard input. */
function createUserCli(args: string[], input: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import=tsx', path.join(root, 'src/cli/user-create.ts'), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

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

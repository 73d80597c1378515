import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openMigratedDatabase } from '../prepare.js';
import { createUser, DuplicateEmailError, generatePassword, newUserSchema } from '../auth/users.js';
import { runCli } from './run.js';
import { localize } from '../i18n/messages.js';

// npm run user:create -- --email a@b.dk --role admin [--name "Navn"]
// The password comes from standard input (echo … | npm run user:create …); with none, a random
// one is generated and printed once.
runCli(async () => {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, role: { type: 'string', default: 'officer' }, name: { type: 'string', default: '' } },
  });
  const typed = process.stdin.isTTY ? '' : (await text(process.stdin)).replace(/\r?\n$/, '');
  const generated = typed === '' ? generatePassword() : null;
  const parsed = newUserSchema.safeParse({ email: values.email, role: values.role, name: values.name, password: generated ?? typed });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${String(issue.path[0])}: ${localize('da', issue.message)}`);
    console.error('Brug: npm run user:create -- --email a@b.dk --role admin|officer [--name "Navn"]  (adgangskoden på standard-input)');
    return 2;
  }
  const handle = await openMigratedDatabase(loadConfig(), { whenOwned: 'through-owner' });
  try {
    const user = await createUser(handle.db, parsed.data, null);
    console.log(`Oprettede ${user.role} ${user.email} (id ${user.id})`);
    if (generated) console.log(`Adgangskode (vises kun nu): ${generated}`);
    return 0;
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
});

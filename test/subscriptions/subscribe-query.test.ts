import t from 'tap';
import { subscribe } from '../../src/subscriptions/service.js';
import { tenderFilterSchema } from '../../src/tenders/filter.js';
import { testDatabase } from '../helpers/app.js';

// Kysely prints its deprecation notices with console.log, once per process: this file is a process
// of its own, so a deprecated query in the sign-up path would print here.
t.test('signing up twice for a search runs its queries without a Kysely deprecation notice', async (t) => {
  const database = await testDatabase(t);
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  t.teardown(() => {
    console.log = log;
  });

  const filter = tenderFilterSchema.parse({ q: 'tag' });
  await subscribe(database.db, { email: 'a@example.dk', filter, frequency: 'instant' });
  // The second sign-up finds the first (the query ordering by confirmed_at, nulls last).
  await subscribe(database.db, { email: 'A@example.dk', filter, frequency: 'daily' });
  console.log = log;

  const rows = await database.db.selectFrom('subscriptions').select('frequency').execute();
  t.same(rows, [{ frequency: 'daily' }], 'one sign-up, restarted with the newer frequency');
  t.same(printed.filter((line) => /deprecated/i.test(line)), [], 'no deprecation notice');
});

import t from 'tap';
import { cliDatabaseEnv, startServer } from '../helpers/process.js';
import { dbdExport, dbdItem, writeTempFile } from '../helpers/dbd.js';

t.test('npm start fills an empty database with the sample export once, and keeps it across restarts', async (t) => {
  const env = await cliDatabaseEnv(t, { empty: true });
  const first = await startServer(env);
  const home = await (await fetch(`${first.base}/udbud`)).text();
  t.match(home, /37 udbud fundet/, 'the 37 sample projects');
  t.equal(await first.stop(), 0, 'a graceful stop on SIGTERM');

  const second = await startServer(env);
  t.match(await (await fetch(`${second.base}/udbud`)).text(), /37 udbud fundet/, 'kept, not imported twice');
  const tender = await (await fetch(`${second.base}/udbud/DBD-UDB-2026-0001`)).text();
  t.equal(tender.match(/Udbuddet blev offentliggjort på portalen/g)?.length, 1, 'one created event, not two');
  t.equal(await second.stop(), 0);
});

t.test('npm start imports DBD_URL instead of the sample when it is set', async (t) => {
  const env = await cliDatabaseEnv(t);
  const file = await writeTempFile(dbdExport([dbdItem({ id: 'OWN-1', title: 'Kommunens egen eksport' })]));
  const server = await startServer({ ...env, DBD_URL: file });
  t.match(await (await fetch(`${server.base}/udbud`)).text(), /1 udbud fundet/);
  t.equal(await server.stop(), 0);
});

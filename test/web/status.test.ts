import t from 'tap';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { syncer } from '../helpers/sync.js';

t.test('before any sync, the footer and /status say so', async (t) => {
  const { app } = await testApp(t);
  t.match((await app.inject('/')).body, /Sidst opdateret fra DBD: endnu ikke/);
  const status = await app.inject('/status');
  t.equal(status.statusCode, 200);
  t.match(status.body, /Sidst gennemførte synkronisering: ingen endnu/);
});

t.test('/status shows the last successful sync and the last runs; every footer says when', async (t) => {
  const { app, database } = await testApp(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'S-1' }), dbdItem({ id: 'S-BAD', title: '' })]);
  const sync = syncer(database, sourceFor(dbd));
  await sync.run();
  dbd.faults = [{ kind: 'status', status: 401 }];
  await sync.run();

  const html = (await app.inject('/status')).body;
  t.match(html, /Sidst gennemførte synkronisering: <time datetime="[^"]+">\d+\. \w+ \d{4} kl\. \d\d\.\d\d<\/time>/);
  t.match(html, /badge-error">Fejlet<\/span><br><span class="small-text">DBD afviste adgangsnøglen \(HTTP 401\)/);
  t.match(html, /badge-success">Gennemført/);
  t.match(html, /1 nye, 0 ændrede, 0 uændrede, 1 afviste/);
  t.match(html, new RegExp(`DBD-API 127\\.0\\.0\\.1:\\d+`));
  t.notMatch(html, /test-token/, 'never the token');
  for (const url of ['/', '/udbud', '/udbud/S-1', '/taerskler', '/krav', '/status']) {
    t.match((await app.inject(url)).body, /Sidst opdateret fra DBD: \d+\. \w+ \d{4} kl\. \d\d\.\d\d/, url);
  }
});

t.test('/status lists the items the latest run rejected, with the reason', async (t) => {
  const { app, database } = await testApp(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'S-BAD', estimatedValue: { amountDkk: -1 } })]);
  await syncer(database, sourceFor(dbd)).run();
  const html = (await app.inject('/status')).body;
  t.match(html, /<strong>S-BAD<\/strong>: anslået værdi \(amountDkk\): må ikke være negativ/);
});

t.test('error pages say when DBD was last synced too, not "endnu ikke"', async (t) => {
  const { app, database } = await testApp(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'S-1' })]);
  await syncer(database, sourceFor(dbd)).run();
  const pages = [
    { method: 'GET', url: '/findes-ikke', status: 404 },
    { method: 'GET', url: '/udbud/FINDES-IKKE', status: 404 },
    { method: 'GET', url: '/udbud?status=ukendt', status: 400 },
    { method: 'GET', url: '/findes-ikke?lang=en', status: 404 },
    { method: 'GET', url: '/udbud/%E0%A4%A', status: 400 },
    { method: 'POST', url: '/login', status: 403 },
    { method: 'POST', url: '/findes-ikke', status: 404 },
  ] as const;
  for (const { method, url, status } of pages) {
    const res = await app.inject({ method, url, ...(method === 'POST' ? { payload: { email: 'a@b.dk', password: 'x' } } : {}) });
    t.equal(res.statusCode, status, `${method} ${url}`);
    t.notMatch(res.body, /endnu ikke|not yet/, `${method} ${url}: not "endnu ikke"`);
    t.match(res.body, /(Sidst opdateret fra DBD|Last updated from DBD): (\d+\. \w+ \d{4} kl\. \d\d\.\d\d|\d+ \w+ \d{4}.*\d\d[.:]\d\d)/, `${method} ${url}`);
  }
});

t.test('the footer has a discreet sign-in link for officers, in both languages', async (t) => {
  const { app } = await testApp(t);
  t.match((await app.inject('/')).body, /<footer[\s\S]*<a href="\/login">Log ind for medarbejdere<\/a>[\s\S]*<\/footer>/);
  t.match((await app.inject('/udbud?lang=en')).body, /<footer[\s\S]*<a href="\/login">Staff sign-in<\/a>[\s\S]*<\/footer>/);
  t.equal((await app.inject('/login')).statusCode, 200, 'and it leads to the sign-in page');
});

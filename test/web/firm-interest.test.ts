import t from 'tap';
import { recordDecision } from '../../src/decisions/service.js';
import { testApp } from '../helpers/app.js';
import { eventually } from '../helpers/eventually.js';
import { anOfficer, award, copenhagenDay, PLANNED_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase, signedInFirm } from '../helpers/firms.js';
import { unescaped } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';
import type { Db } from '../../src/db/database.js';

const page = `/udbud/${PLANNED_TENDER}`;
const count = (db: Db) => db.selectFrom('tender_interests').select('firm_id').execute();

t.test('a signed-in firm shows interest and withdraws it; the public sees the number, never the names', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const firm = await signedInFirm(app, database.db, { name: 'Hemmelige Tømrere ApS' });

  const before = await firm.browser.get(page);
  t.equal(before.statusCode, 200);
  t.match(before.body, '<h2 id="interesse">Interesse fra virksomheder</h2>');
  t.match(before.body, 'Ingen virksomheder har vist interesse endnu.');
  t.match(unescaped(before.body), `<form method="post" action="/udbud/${PLANNED_TENDER}/interesse" novalidate>`);
  t.match(before.body, '>Vis interesse</button>');
  t.notMatch(before.body, 'Træk interesse tilbage');
  t.match(before.body, 'Vi gemmer, at jeres virksomhed har vist interesse, jeres note og tidspunktet.', 'the form says what is kept and why');

  const shown = await firm.browser.post(`${page}/interesse`, { note: 'Vi kan tage tømrerarbejdet' });
  t.equal(shown.statusCode, 303);
  t.equal(shown.headers.location, `${page}#interesse`);

  const after = await firm.browser.get(page);
  t.match(after.body, '1 virksomhed har vist interesse.');
  t.match(after.body, /Din virksomhed viste interesse \d+\. \w+ \d{4}\./);
  t.match(after.body, 'Vi kan tage tømrerarbejdet');
  t.match(after.body, '>Træk interesse tilbage</button>');
  t.match(after.body, '>Gem noten</button>');

  // Anonymous readers and officers on the public page: the number and a sign-in line, no name.
  const anonymous = await app.inject(page);
  t.match(anonymous.body, '1 virksomhed har vist interesse.');
  t.match(anonymous.body, 'Virksomheder kan vise interesse: <a href="/virksomhed/log-ind">log ind</a>');
  t.notMatch(anonymous.body, 'Hemmelige Tømrere');
  t.notMatch(anonymous.body, 'Vi kan tage tømrerarbejdet', 'nor the note');
  t.notMatch(anonymous.body, 'name="_csrf"', 'no form for a visitor');
  t.notOk(anonymous.headers['set-cookie'], 'no cookie: the page stays the same for every visitor');
  const officer = await signedIn(app, database.db, 'officer');
  const officerView = await officer.get(page);
  t.match(officerView.body, '1 virksomhed har vist interesse.');
  t.notMatch(officerView.body, 'Hemmelige Tømrere');

  // The history tells the count, from the firms.
  t.match(anonymous.body, 'Antal interesserede virksomheder: 1');
  t.match(anonymous.body, /· Virksomheder<\/p>\s*<p>Antal interesserede virksomheder: 1<\/p>/);

  const withdrawn = await firm.browser.post(`${page}/interesse/traek-tilbage`, {});
  t.equal(withdrawn.statusCode, 303);
  t.equal(withdrawn.headers.location, `${page}#interesse`);
  const again = await app.inject(page);
  t.match(again.body, 'Ingen virksomheder har vist interesse endnu.');
  t.match(again.body, 'Antal interesserede virksomheder: 0');
  t.same(await count(database.db), []);
});

t.test('officers see the interested firms on the back-office tender page, with trades, size, postcode, status, note and date', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const firm = await signedInFirm(app, database.db, { name: 'Køge Tømrer & Snedker ApS', trades: ['toemrer', 'maler'], size: 'micro', postalCode: '4600' });
  const unverified = await signedInFirm(app, database.db, { name: 'Ny Murer ApS', status: 'unverified', trades: [], size: 'medium', postalCode: '4681', city: 'Herfølge' });
  await firm.browser.get(page);
  await firm.browser.post(`${page}/interesse`, { note: '<script>alert("note")</script> & co' });
  await unverified.browser.get(page);
  await unverified.browser.post(`${page}/interesse`, {});

  const officer = await signedIn(app, database.db, 'officer');
  const admin = await officer.get(`/admin/udbud/${PLANNED_TENDER}`);
  t.equal(admin.statusCode, 200);
  t.match(admin.body, '<h2 id="interests-heading">Interesserede virksomheder</h2>');
  t.match(admin.body, 'Køge Tømrer &amp; Snedker ApS<br><span class="small-text">CVR ' + firm.cvr);
  t.match(admin.body, '>Tømrer, Maler</td>');
  t.match(admin.body, '>Mikro</td>');
  t.match(admin.body, '>4600 Køge</td>');
  t.match(admin.body, '<span class="badge badge-success">Godkendt</span>');
  t.match(admin.body, 'Ny Murer ApS');
  t.match(admin.body, '<span class="badge badge-warning">Ikke godkendt endnu</span>');
  t.match(admin.body, '>4681 Herfølge</td>');
  t.match(admin.body, '&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt; &amp; co', 'the note is escaped');
  t.notMatch(admin.body, '<script>alert("note")');
  t.match(admin.body, /Kun for medarbejdere/);

  const publicPage = await app.inject(page);
  t.match(publicPage.body, '2 virksomheder har vist interesse.');
  t.notMatch(publicPage.body, 'Ny Murer', 'never on the public page');
  t.notMatch(publicPage.body, 'Køge Tømrer');
});

t.test('refusals: CSRF, a too long note, an awarded tender, a rejected firm, a visitor not signed in; nothing is saved', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const officer = await anOfficer(database.db);
  const before = copenhagenDay(-3);
  await recordDecision(database.db, SMALL_TENDER, { kind: 'award', details: award({ awardValueDkk: 1_480_000, decidedOn: before, notifiedOn: before }) }, 1, officer, {
    extraClosedDays: [],
  });
  const firm = await signedInFirm(app, database.db);
  await firm.browser.get(page);

  const forged = await firm.browser.post(`${page}/interesse`, { note: 'x' }, { csrf: null });
  t.equal(forged.statusCode, 403, 'no CSRF token, no interest');
  t.same(await count(database.db), []);

  const long = 'å'.repeat(501);
  const tooLong = await firm.browser.post(`${page}/interesse`, { note: long });
  t.equal(tooLong.statusCode, 400);
  t.match(tooLong.body, 'Noten må højst være på 500 tegn');
  t.match(tooLong.body, 'Ret følgende', 'in the error summary');
  t.match(tooLong.body, `>${long}</textarea>`, 'what was typed stays');
  t.same(await count(database.db), []);

  const awarded = await firm.browser.post(`/udbud/${SMALL_TENDER}/interesse`, { note: 'for sent' });
  t.equal(awarded.statusCode, 409);
  t.match(awarded.body, 'Udbuddet tager ikke imod interesse');
  t.match(awarded.body, 'Dette udbud har status »Tildelt«. Intet er gemt.');
  t.notMatch(awarded.body, /at \w+ \(.*\.ts:\d+/, 'no stack trace');
  const awardedPage = await firm.browser.get(`/udbud/${SMALL_TENDER}`);
  t.notMatch(awardedPage.body, 'Vis interesse', 'no button on a tender that takes no interest');

  const unknown = await firm.browser.post('/udbud/T-FINDES-IKKE/interesse', {});
  t.equal(unknown.statusCode, 404);

  const rejected = await signedInFirm(app, database.db, { status: 'rejected' });
  const rejectedPage = await rejected.browser.get(page);
  t.match(rejectedPage.body, 'Jeres virksomhed er afvist i registret og kan ikke vise interesse.');
  t.notMatch(rejectedPage.body, '>Vis interesse</button>');
  // A firm rejected by an officer after its page was loaded is refused by the service.
  const late = await signedInFirm(app, database.db);
  await late.browser.get(page);
  await database.db.updateTable('firms').set({ status: 'rejected' }).where('id', '=', late.firmId).execute();
  const refused = await late.browser.post(`${page}/interesse`, {});
  t.equal(refused.statusCode, 403);
  t.match(refused.body, 'Jeres virksomhed kan ikke vise interesse');
  t.same(await count(database.db), []);

  const visitor = await app.inject({ method: 'POST', url: `${page}/interesse`, payload: {} });
  t.equal(visitor.statusCode, 403, 'a visitor without a CSRF token is refused');
  t.same(await count(database.db), []);
});

t.test('a visitor with a valid form but no firm session is sent to the firms’ sign-in', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const firm = await signedInFirm(app, database.db);
  await firm.browser.get(page);
  firm.browser.cookies.delete('udbud_firm');
  const res = await firm.browser.post(`${page}/interesse`, {});
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/virksomhed/log-ind');
  t.same(await count(database.db), []);
});

t.test('the cached public page shows the new count at once', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  await withTenders(database.db);
  await changesHeard();
  t.match((await app.inject(page)).body, 'Ingen virksomheder har vist interesse endnu.');
  const cached = await app.inject(page);
  t.equal(cached.headers['x-cache'], 'hit', 'the page is cached');

  const firm = await signedInFirm(app, database.db);
  await firm.browser.get(page);
  await firm.browser.post(`${page}/interesse`, {});
  // The cache is dropped by the database's NOTIFY, which arrives on its own time.
  const counted = async () => (await app.inject(page)).body.includes('1 virksomhed har vist interesse.');
  await eventually(counted, { timeoutMs: 5_000, pollMs: 20, what: 'the new count' });
  const fresh = await app.inject(page);
  t.match(fresh.body, '1 virksomhed har vist interesse.');

  // A firm deleted with its interests (no event) changes the page too.
  await database.db.deleteFrom('firms').where('id', '=', firm.firmId).execute();
  await app.inject(page);
  const none = async () => (await app.inject(page)).body.includes('Ingen virksomheder har vist interesse endnu.');
  await eventually(none, { timeoutMs: 5_000, pollMs: 20, what: 'the count without the deleted firm' });
  t.match((await app.inject(page)).body, 'Ingen virksomheder har vist interesse endnu.');
});

t.test('the Atom feed carries the change in the number of interested firms', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const firm = await signedInFirm(app, database.db);
  const other = await firmInDatabase(database.db);
  await database.db.insertInto('tender_interests').values({ tender_id: PLANNED_TENDER, firm_id: other.firmId }).execute();
  await firm.browser.get(page);
  await firm.browser.post(`${page}/interesse`, {});
  const feed = await app.inject(`/feeds/udbud.atom?id=${PLANNED_TENDER}`);
  t.equal(feed.statusCode, 200);
  t.match(feed.body, '<title type="html"><![CDATA[Antal interesserede virksomheder: 2: Maling af gang]]></title>');
  t.notMatch(feed.body, 'Testfirma', 'no firm named');
  const all = await app.inject('/feeds/udbud.atom');
  t.match(all.body, 'Antal interesserede virksomheder: 2', 'in the feed of every tender too');
});

import { sql } from 'kysely';
import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { recordDecision } from '../../src/decisions/service.js';
import { testApp } from '../helpers/app.js';
import { anOfficer, award, copenhagenDay, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { goodSignUp, latestSigninPath } from '../helpers/firm-account.js';
import { firmInDatabase, signedInFirm } from '../helpers/firms.js';
import { Browser, signedIn } from '../helpers/officer.js';

// Issue 15's "Done when" bad input, seen whole: each refusal says clearly what is wrong, and no
// table the step writes (rows, events, subscriptions, mails, jobs, audit, sessions) holds half of
// it afterwards. The single messages are also in the feature tests; these count everything.

/** Rows in every table a firm's step could write, by table. */
async function footprint(db: Db) {
  const rows = async (table: 'firms' | 'firm_trades' | 'firm_contacts' | 'firm_signins' | 'firm_sessions' | 'firm_mails' | 'tender_interests' | 'invitations' | 'invitation_rounds' | 'subscriptions' | 'audit_log' | 'tender_events') =>
    Number((await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
  const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job`.execute(db);
  const tables = ['firms', 'firm_trades', 'firm_contacts', 'firm_signins', 'firm_sessions', 'firm_mails', 'tender_interests', 'invitations', 'invitation_rounds', 'subscriptions', 'audit_log', 'tender_events'] as const;
  const out: Record<string, number> = { jobs: Number(jobs.rows[0]!.n) };
  for (const table of tables) out[table] = await rows(table);
  return out;
}

t.test('a CVR that fails the check and a trade not in the list: the message by its field, nothing saved', async (t) => {
  const { app } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/virksomhed/tilmeld');
  const before = await footprint(app.db);
  const cvr = await browser.post('/virksomhed/tilmeld', goodSignUp({ cvr: '30 02 37 58' }));
  t.equal(cvr.statusCode, 400);
  t.match(cvr.body, /<span class="form-error-message" id="cvr-error">.*CVR-nummeret findes ikke: kontrolcifferet passer ikke/s);
  const trade = await browser.post('/virksomhed/tilmeld', goodSignUp({ trades: ['toemrer', 'astronaut'] }));
  t.equal(trade.statusCode, 400);
  t.match(trade.body, 'Vælg kun brancher fra listen');
  t.same(await footprint(app.db), before, 'no firm, trade, contact, link, mail or job');

  const en = await browser.post('/virksomhed/tilmeld?lang=en', goodSignUp({ cvr: '30023758', lang: 'en' }));
  t.equal(en.statusCode, 400);
  t.match(en.body, 'The CVR number does not exist: the check digit does not match', 'in English when read in English');
  t.same(await footprint(app.db), before);
});

t.test('a reused and an expired sign-in link: a clear page, no session, the link unchanged', async (t) => {
  const { app } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/virksomhed/tilmeld');
  await browser.post('/virksomhed/tilmeld', goodSignUp());
  const link = await latestSigninPath(app.db, 'kim@toemrer.test');
  t.equal((await browser.post(link, {})).statusCode, 303, 'the first use signs in');
  const used = await footprint(app.db);
  t.equal(used.firm_sessions, 1);

  const other = new Browser(app);
  await other.get('/virksomhed/log-ind');
  const reused = await other.post(link, {});
  t.equal(reused.statusCode, 410);
  t.match(reused.body, 'Linket er allerede brugt');
  t.notMatch(reused.body, /at \w+ \(.*\.ts:\d+/, 'no stack trace');
  t.same(await footprint(app.db), used, 'no second session');

  await other.post('/virksomhed/log-ind', { email: 'kim@toemrer.test' });
  const fresh = await latestSigninPath(app.db, 'kim@toemrer.test');
  await app.db.updateTable('firm_signins').set({ expires_at: new Date(Date.now() - 1000) }).where('used_at', 'is', null).execute();
  const before = await footprint(app.db);
  const expired = await other.post(fresh, {});
  t.equal(expired.statusCode, 410);
  t.match(expired.body, 'Linket er udløbet');
  t.same(await footprint(app.db), before, 'no session');
  t.equal((await app.db.selectFrom('firm_signins').select('id').where('used_at', 'is', null).execute()).length, 1, 'the expired link is not marked used');
});

t.test('interest in a tender already awarded: refused, no interest, event or subscription', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const day = copenhagenDay(-3);
  await recordDecision(database.db, SMALL_TENDER, { kind: 'award', details: award({ awardValueDkk: 1_480_000, decidedOn: day, notifiedOn: day }) }, 1, await anOfficer(database.db), {
    extraClosedDays: [],
  });
  const firm = await signedInFirm(app, database.db);
  await firm.browser.get(`/udbud/${SMALL_TENDER}`);
  const before = await footprint(database.db);
  const res = await firm.browser.post(`/udbud/${SMALL_TENDER}/interesse`, { note: 'for sent' });
  t.equal(res.statusCode, 409);
  t.match(res.body, 'Dette udbud har status »Tildelt«. Intet er gemt.');
  t.same(await footprint(database.db), before);
  const en = await firm.browser.post(`/udbud/${SMALL_TENDER}/interesse?lang=en`, { note: 'too late' });
  t.equal(en.statusCode, 409);
  t.match(en.body, 'Nothing was saved.', 'in English when read in English');
  t.same(await footprint(database.db), before);
});

t.test('an invitation that includes an unapproved firm: refused whole, nobody invited, no mail, event or audit', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const officer = await signedIn(app, db, 'officer');
  const approved = await firmInDatabase(db, { name: 'Godkendt Tag ApS', trades: ['tag'] });
  const unverified = await firmInDatabase(db, { name: 'Ny Tag ApS', trades: ['tag'], status: 'unverified' });
  const composer = `/admin/udbud/${SMALL_TENDER}/invitationer`;
  await officer.get(composer);
  const before = await footprint(db);
  const res = await officer.post(composer, { firm: [approved.firmId, unverified.firmId] });
  t.equal(res.statusCode, 400);
  t.match(res.body, 'Ny Tag ApS er ikke godkendt af kommunen endnu og kan ikke inviteres');
  t.same(await footprint(db), before, 'not even the approved firm is invited');
});

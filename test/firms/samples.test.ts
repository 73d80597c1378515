import t, { type Test } from 'tap';
import { verifyPassword } from '../../src/auth/passwords.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { readPublicDecision } from '../../src/domain/decision.js';
import { isValidCvr } from '../../src/domain/cvr.js';
import { readSampleFirms, seedSampleFirms } from '../../src/firms/samples.js';
import { bundledSampleExport } from '../../src/sync/dbd/file-source.js';
import { importDbdExportFile } from '../../src/sync/import.js';
import { eventsOf } from '../../src/tenders/events.js';
import { testApp, testConfig, testDatabase } from '../helpers/app.js';
import { decodeEntities } from '../helpers/html.js';

// Sample firms on a new installation with the bundled sample export: created with the samples
// (approved, listed, marked, fictional), never with DBD_URL, once only, with the round's events on
// the spine and the finished round on the public tender page.

const ROUND_TENDER = 'DBD-UDB-2027-0018';

async function sampleDatabase(t: Test) {
  const database = await testDatabase(t);
  const summary = await importDbdExportFile(database.db, bundledSampleExport);
  t.equal(summary.rejected.length, 0);
  return database;
}

const counts = async (db: Db) => ({
  firms: (await db.selectFrom('firms').select('id').execute()).length,
  contacts: (await db.selectFrom('firm_contacts').select('id').execute()).length,
  interests: (await db.selectFrom('tender_interests').select('firm_id').execute()).length,
  invitations: (await db.selectFrom('invitations').select('id').execute()).length,
  bids: (await db.selectFrom('bids').select('id').execute()).length,
  decisions: (await db.selectFrom('decisions').select('id').execute()).length,
  events: (await eventsOf(db, ROUND_TENDER)).length,
  users: (await db.selectFrom('users').select('id').execute()).length,
  mails: (await db.selectFrom('firm_mails').select('id').execute()).length,
});

t.test('the bundled sample gets fictional, approved, listed sample firms and a finished round', async (t) => {
  const { db } = await sampleDatabase(t);
  const outcome = await seedSampleFirms(db, testConfig());
  const samples = await readSampleFirms();
  t.same(outcome, { firms: samples.firms.length, round: true });
  t.ok(samples.firms.length >= 5 && samples.firms.length <= 8, '5–8 sample firms');

  const firms = await db.selectFrom('firms').selectAll().orderBy('cvr').execute();
  t.equal(firms.length, samples.firms.length);
  for (const firm of firms) {
    t.ok(firm.sample && firm.status === 'approved' && firm.public_listing, `${firm.name} is a listed, approved sample`);
    t.ok(isValidCvr(firm.cvr), `${firm.cvr} passes modulus 11`);
  }
  t.ok(new Set(firms.map((f) => f.size)).size >= 3, 'varied sizes');
  t.ok(firms.some((f) => !testConfig().localPostcodes.includes(f.postal_code)), 'one firm outside the local area');
  const contacts = await db.selectFrom('firm_contacts').select(['name', 'email']).execute();
  t.ok(contacts.every((c) => c.name === 'Eksempel Kontakt' && c.email.endsWith('.example.invalid')), 'no real people');
  const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  t.not(user.disabled_at, null, 'the sample account cannot sign in');
  t.notOk(await verifyPassword(user.password_hash, 'eksempeldata'), 'and has no password: no hash was made for it');
  t.notMatch(user.password_hash, /^\$argon2/);

  const tender = await db.selectFrom('tenders').select(['status', 'estimated_value_dkk']).where('id', '=', ROUND_TENDER).executeTakeFirstOrThrow();
  t.equal(tender.status, 'awarded');
  t.ok(Number(tender.estimated_value_dkk) > 300_000 && Number(tender.estimated_value_dkk) <= 3_000_000, 'in the underhåndsbud band');

  const events = await eventsOf(db, ROUND_TENDER);
  const interest = events.filter((e) => e.kind === 'interest').map((e) => (e.details as { count: number }).count);
  t.same(interest.sort(), [1, 2, 3, 4], 'one interest event per firm with the count');
  const invitations = events.filter((e) => e.kind === 'invitations');
  t.equal(invitations.length, 1);
  t.match(invitations[0]!.details, { count: 3 });
  const decision = events.find((e) => e.kind === 'decision');
  const award = readPublicDecision(decision!.details);
  t.equal(award?.kind, 'award');
  if (award?.kind === 'award') {
    t.equal(award.bids?.length, 3);
    t.equal(award.bids?.filter((b) => !b.valid).length, 1, 'one invalid bid with its reason');
    t.equal(award.winnerCvr, samples.round.winner);
  }
  t.equal((await db.selectFrom('bids').select('id').execute()).length, 3);
  t.equal((await db.selectFrom('audit_log').select('id').where('action', '=', 'tender.decision.award').execute()).length, 1, 'audited');
});

t.test('a second start adds nothing', async (t) => {
  const { db } = await sampleDatabase(t);
  await seedSampleFirms(db, testConfig());
  const before = await counts(db);
  t.same(await seedSampleFirms(db, testConfig()), { firms: 0, round: false });
  t.same(await counts(db), before);
});

t.test('never with DBD_URL set (an export file of its own, or the API)', async (t) => {
  const { db } = await sampleDatabase(t);
  const file = loadConfig({ DBD_URL: '/data/export.json', LOG_LEVEL: 'silent' });
  const api = loadConfig({ DBD_URL: 'https://dbd.example.invalid/api', DBD_TOKEN: 'x', LOG_LEVEL: 'silent' });
  t.same(await seedSampleFirms(db, file), { firms: 0, round: false });
  t.same(await seedSampleFirms(db, api), { firms: 0, round: false });
  t.match(await counts(db), { firms: 0, users: 0, invitations: 0, decisions: 0 });
});

t.test('the public tender page shows the finished round', async (t) => {
  const database = await sampleDatabase(t);
  await seedSampleFirms(database.db, testConfig());
  const { app } = await testApp(t, { database });
  const res = await app.inject(`/udbud/${ROUND_TENDER}`);
  t.equal(res.statusCode, 200);
  const page = decodeEntities(res.body);
  t.match(page, 'Underhåndsbud');
  t.match(page, '4 virksomheder viste interesse for opgaven');
  t.match(page, 'Eksempel Murer og Flise ApS');
  t.match(page, 'Eksempel VVS og Ventilation A/S');
  t.match(page, /986\.500/);
  t.match(page, 'Ugyldigt: Tilbuddet tog forbehold for tidsplanen (eksempeldata)');
  t.notMatch(page, 'Eksempel Kontakt', 'no contact person');
  t.notMatch(page, 'Eksempel Entreprise Sjælland', 'a firm that was not invited is not named');
  const register = decodeEntities((await app.inject('/virksomheder')).body);
  t.match(register, 'Eksempel Entreprise Sjælland A/S');
});

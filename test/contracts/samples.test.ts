import t from 'tap';
import { loadContract } from '../../src/contracts/records.js';
import { seedSampleContract } from '../../src/contracts/samples.js';
import { loadConfig } from '../../src/config.js';
import { seedSampleFirms } from '../../src/firms/samples.js';
import { eventsOf, type ContractEventDetails } from '../../src/tenders/events.js';
import { testConfig } from '../helpers/app.js';
import { sampleDatabase } from '../helpers/sample-dialogue.js';

// The sample contract on a new installation with the bundled sample export: DBD-UDB-2026-0037
// awarded to a sample firm and signed, with its targets, two observations, a site check with a
// finding and the supplier's response, one change and a rating with the reply; every event dated
// on its day; never with DBD_URL; added once.

const TENDER = 'DBD-UDB-2026-0037';

t.test('the bundled sample gets one followed-up contract, once', async (t) => {
  const { db } = await sampleDatabase(t);
  await seedSampleFirms(db, testConfig());

  const file = loadConfig({ DBD_URL: '/data/export.json', LOG_LEVEL: 'silent' });
  t.equal(await seedSampleContract(db, file), null, 'never with an export of its own');
  t.equal((await db.selectFrom('contracts').select('tender_id').execute()).length, 0);

  t.equal(await seedSampleContract(db, testConfig()), TENDER);
  const tender = await db.selectFrom('tenders').select(['status']).where('id', '=', TENDER).executeTakeFirstOrThrow();
  t.equal(tender.status, 'contracted');

  const record = (await loadContract(db, TENDER))!;
  t.equal(record.supplierCvr, '99006005', 'a sample firm won');
  t.equal(record.originalValueDkk, 11_450_000);
  t.same(
    record.targets.map((target) => target.requirementCode ?? target.title),
    ['SOC-APPRENTICE', 'LAB-ILO94', 'ENV-CIRCULAR', 'Mangler ved aflevering (eksempeldata)', 'Arbejdsulykker med fravær (eksempeldata)'],
    'a target per requirement the tender carries, in its order, then the KPIs',
  );
  const apprentices = record.targets[0]!;
  t.same([apprentices.measure, apprentices.targetValue, apprentices.delivered, apprentices.progress.length], ['apprentice_years', 3, 1.8, 2], 'two observations');
  t.match(record.checks, [{ outcome: 'finding', sanction: 'warning', supplierResponse: /eksempeldata/ }]);
  t.match(record.changes, [{ reason: 'unforeseen_conditions', valueChangeDkk: 642_000, crossesDeMinimis: false }]);
  t.equal(record.plannedHandoverOn, '2027-04-30', 'the change moved the handover');
  t.match(record.ratings, [{ overall: 'approaching', reply: /eksempeldata/, items: [{ rating: 'good' }, { rating: 'good' }] }], 'the rating is published with the reply');
  t.ok(record.ratings[0]!.publishedAt);

  const events = await eventsOf(db, TENDER);
  const told = events.filter((e) => e.kind === 'contract' || e.kind === 'decision').reverse(); // eventsOf gives the newest first
  t.same(
    told.map((e) => (e.kind === 'contract' ? (e.details as ContractEventDetails).action : 'decision')),
    ['decision', 'decision', 'signed', 'progress', 'check', 'change', 'rating', 'progress'],
    'the events in the order they happened',
  );
  t.same(
    told.map((e) => e.occurredAt.toISOString().slice(0, 10)),
    ['2026-04-08', '2026-05-04', '2026-05-04', '2026-08-31', '2026-09-22', '2026-10-12', '2026-11-05', '2026-11-16'],
    'each dated on its day',
  );
  const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', TENDER).execute();
  t.same(audit.map((a) => a.action), ['contract.sample']);

  t.equal(await seedSampleContract(db, testConfig()), null, 'a second start adds nothing');
  t.equal((await db.selectFrom('contract_targets').select('id').execute()).length, 5);
});

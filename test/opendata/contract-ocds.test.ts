import t from 'tap';
import { METRICS_EXTENSION } from '../../src/opendata/ocds/implementation.js';
import { testApp } from '../helpers/app.js';
import { completeContract, publishRating, recordChange, recordCheck, recordCheckResponse, recordProgress, signedThroughDecisions } from '../helpers/contract-rows.js';
import { harvest } from '../fixtures/ocds/harvest.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

// The follow-up of a signed contract in OCDS: a release per 'contract' event (contractUpdate,
// implementationUpdate, contractAmendment, contractTermination), the contract's period and value
// as the changes left them, each change an amendment pointing at the release it amends, the targets
// agreed at signing as the Metrics extension's agreedMetrics, and the implementation: the handover
// and checks and ratings as milestones, delivered values as metrics. Every package validates against
// the release schema patched with the Bid, Enquiries and Metrics extensions.

type Obj = Record<string, any>;
type Release = { id: string; ocid: string; tag: string[]; contracts?: any[] };

async function walkedContract(t: Parameters<typeof testApp>[0]) {
  const { app, database } = await testApp(t);
  const db = database.db;
  const { tenderId, targets } = await signedThroughDecisions(db);
  const apprentices = targets.find((target) => target.measure === 'apprentice_years')!;
  const co2 = targets.find((target) => target.measure === 'co2_per_m2_year')!;
  const kpi = targets.find((target) => target.title === 'Mangler ved aflevering')!;
  const first = await recordProgress(db, tenderId, apprentices.id, 1.5, '2026-10-01');
  const second = await recordProgress(db, tenderId, apprentices.id, 2.5, '2027-01-15');
  const check = await recordCheck(db, tenderId, { checkedOn: '2026-11-03', subject: 'Lærlinge på pladsen', outcome: 'finding', sanction: 'warning', requirementCode: 'SOC-APPRENTICE' });
  await recordCheckResponse(db, tenderId, check.id!, 'To lærlinge starter i januar.');
  const rating = await publishRating(db, tenderId, { ratedOn: '2026-12-01', overall: 'approaching', reason: 'Bagud med lærlinge', reply: 'Vi ansætter to i januar' });
  const change = await recordChange(db, tenderId, {
    changedOn: '2027-02-01',
    reason: 'unforeseen_conditions',
    valueChangeDkk: 1_440_000,
    newEndOn: '2027-09-30',
    legalBasis: 'unforeseen_182',
    description: 'Asbest i kælderen',
  });
  await recordProgress(db, tenderId, co2.id, 6.8, '2027-09-20');
  await recordProgress(db, tenderId, kpi.id, 3, '2027-10-10');
  await recordProgress(db, tenderId, apprentices.id, 4.2, '2027-10-05');
  await completeContract(db, tenderId, '2027-10-10', 13_500_000);
  return { app, tenderId, ids: { apprentices: apprentices.id, co2: co2.id, kpi: kpi.id, first: first.id!, second: second.id!, check: check.id!, rating: rating.id!, change: change.id! } };
}

t.test('a release per contract event, tagged for what it tells, each a valid package with the Metrics extension', async (t) => {
  const { app, tenderId, ids } = await walkedContract(t);
  const pages = await harvest(app, '/api/ocds/releases?limit=5');
  for (const page of pages) {
    t.equal(schemaErrors('releasePackage', page), '', page.uri);
    t.ok((page.extensions as string[]).includes(METRICS_EXTENSION), 'the package declares the Metrics extension');
  }
  const releases = pages.flatMap((p) => p.releases as unknown as Release[]).filter((r) => r.ocid.endsWith(`-${tenderId}`));
  t.same(
    releases.map((r) => r.tag),
    [
      ['tender'],
      ['award'],
      ['contract'],
      ['contractUpdate'],
      ['implementationUpdate'],
      ['implementationUpdate'],
      ['implementationUpdate'],
      ['implementationUpdate'],
      ['implementationUpdate'],
      ['contractAmendment'],
      ['implementationUpdate'],
      ['implementationUpdate'],
      ['implementationUpdate'],
      ['implementationUpdate', 'contractTermination'],
    ],
  );
  const [, awarded, contracted, signed, firstProgress, secondProgress, checked, responded, rated, changed] = releases;
  const awardId = (awarded as Obj).awards[0].id;
  t.match(contracted!.contracts, [{ awardID: awardId, status: 'active', value: { amount: 12_000_000, currency: 'DKK' } }]);
  t.equal(contracted!.contracts![0].agreedMetrics, undefined, 'the targets come with the signed event');

  const contract = signed!.contracts![0];
  t.equal(contract.id, contracted!.contracts![0].id, 'the same contract, updated');
  t.same(contract.period, { startDate: '2026-07-01T00:00:00+02:00', endDate: '2027-08-31T00:00:00+02:00' });
  t.same(
    contract.agreedMetrics.map((m: Obj) => [m.id, m.title, m.description, m.observations[0].measure, m.observations[0].unit?.name]),
    [
      [`target-${ids.apprentices}`, 'Lærlingeår (SOC-APPRENTICE)', 'Mindst 4 lærlingeår', 4, 'lærlingeår'],
      [`target-${ids.co2}`, 'Klimapåvirkning (LCA) (ENV-CO2-LCA)', 'Højst 7,5 kg CO₂e/m²/år', 7.5, 'kg CO₂e/m²/år'],
      [`target-${ids.kpi}`, 'Mangler ved aflevering', 'Højst 10 antal', 10, 'antal'],
    ],
  );
  t.match(contract.implementation.milestones, [{ id: 'handover', type: 'delivery', status: 'scheduled', dueDate: '2027-08-31T00:00:00+02:00' }]);
  t.equal(contract.implementation.metrics, undefined, 'nothing delivered yet');

  t.same(firstProgress!.contracts![0].implementation.metrics, [
    {
      id: `target-${ids.apprentices}`,
      title: 'Lærlingeår (SOC-APPRENTICE)',
      observations: [
        {
          id: `progress-${ids.first}`,
          measure: 1.5,
          unit: { name: 'lærlingeår' },
          period: { startDate: '2026-07-01T00:00:00+02:00', endDate: '2026-10-01T00:00:00+02:00' },
          notes: 'Leveret i alt fra underskriften til denne dag',
        },
      ],
    },
  ]);
  t.same(secondProgress!.contracts![0].implementation.metrics[0].observations.map((o: Obj) => [o.id, o.measure]), [
    [`progress-${ids.first}`, 1.5],
    [`progress-${ids.second}`, 2.5],
  ]);
  const checkMilestone = (r: Release) => r.contracts![0].implementation.milestones.find((m: Obj) => m.id === `check-${ids.check}`);
  t.match(checkMilestone(checked!), { type: 'assessment', status: 'partiallyMet', title: 'Kontrol på pladsen: Lærlinge på pladsen', dateMet: '2026-11-03T00:00:00+01:00' });
  t.notMatch(checkMilestone(checked!).description, /To lærlinge/, 'the response only once it is recorded');
  t.match(checkMilestone(responded!).description, /Resultat: Bemærkning\. Sanktion: Advarsel\. Krav: SOC-APPRENTICE\. Leverandørens svar: To lærlinge starter i januar\./);
  t.match(rated!.contracts![0].implementation.milestones.find((m: Obj) => m.id === `rating-${ids.rating}`), {
    type: 'assessment',
    title: 'Årlig vurdering',
    status: 'partiallyMet',
    description: 'Samlet vurdering: Nærmer sig målet. Begrundelse: Bagud med lærlinge Leverandørens svar: Vi ansætter to i januar',
  });

  const amended = changed!.contracts![0];
  t.same(amended.amendments, [
    {
      id: `change-${ids.change}`,
      date: '2027-02-01T00:00:00+01:00',
      rationale: 'Uforudsete forhold. Hjemmel: Udbudsloven §182: uforudsete omstændigheder',
      description: 'Kontraktændring: +1.440.000 kr. (i alt +12\u00a0% af den oprindelige værdi). Ny afleveringsdato: 2027-09-30. Asbest i kælderen',
      amendsReleaseID: rated!.id,
      releaseID: changed!.id,
    },
  ]);
  t.same(amended.value, { amount: 13_440_000, currency: 'DKK' }, 'the value after the change');
  t.equal(amended.period.endDate, '2027-09-30T00:00:00+02:00', 'the change moved the handover');
  t.equal(rated!.contracts![0].value.amount, 12_000_000, 'before the change, the original value');

  const done = releases.at(-1)!.contracts![0];
  t.equal(done.status, 'terminated');
  t.same(done.value, { amount: 13_500_000, currency: 'DKK' });
  t.match(done.implementation.milestones[0], {
    id: 'handover',
    status: 'met',
    dueDate: '2027-09-30T00:00:00+02:00',
    dateMet: '2027-10-10T00:00:00+02:00',
    description: 'Afleveret 10. oktober 2027, 10 dage for sent; endelig værdi 13.500.000 kr.',
  });
  t.same(done.implementation.metrics.map((m: Obj) => [m.id, m.observations.length]), [
    [`target-${ids.apprentices}`, 3],
    [`target-${ids.co2}`, 1],
    [`target-${ids.kpi}`, 1],
  ]);
  t.same(done.implementation.metrics[1].observations[0].period, { startDate: '2027-09-20T00:00:00+02:00', endDate: '2027-09-20T00:00:00+02:00' }, 'an at-most value is as of its day');
});

t.test('the record compiles the contract with its amendments, metrics and milestones, and validates', async (t) => {
  const { app, tenderId, ids } = await walkedContract(t);
  const res = await app.inject(`/api/ocds/records/ocds-kge001-${tenderId}`);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(schemaErrors('recordPackage', body), '');
  t.ok(body.extensions.includes(METRICS_EXTENSION));
  const compiled = body.records[0].compiledRelease;
  t.equal(schemaErrors('release', compiled), '', 'the compiled release validates too');
  const [contract] = compiled.contracts;
  t.equal(contract.status, 'terminated');
  t.equal(contract.agreedMetrics.length, 3);
  t.equal(contract.amendments.length, 1);
  t.same(contract.implementation.milestones.map((m: Obj) => m.id), ['handover', `check-${ids.check}`, `rating-${ids.rating}`]);
  t.same(contract.implementation.metrics.find((m: Obj) => m.id === `target-${ids.apprentices}`).observations.map((o: Obj) => o.measure), [1.5, 2.5, 4.2]);
  t.notMatch(JSON.stringify(body), /officer|otto@/i, 'no officer named');
});

t.test('the validation really applies the Metrics extension: an observation without its id is refused', async (t) => {
  const { app, tenderId } = await walkedContract(t);
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  const release = (pages.flatMap((p) => p.releases) as unknown as Release[]).filter((r) => r.ocid.endsWith(`-${tenderId}`)).at(-1)!;
  t.equal(schemaErrors('release', release), '');
  const broken = structuredClone(release);
  delete broken.contracts![0].agreedMetrics[0].observations[0].id;
  t.match(schemaErrors('release', broken), /agreedMetrics\/0\/observations\/0 must have required property 'id'/);
  const empty = structuredClone(release);
  empty.contracts![0].implementation.metrics[0].observations = [];
  t.match(schemaErrors('release', empty), /metrics\/0\/observations must NOT have fewer than 1 items/);
});

t.test('a draft rating is in no release; a contract without follow-up events is unchanged', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  const { tenderId } = await signedThroughDecisions(db);
  await db.insertInto('contract_ratings').values({ tender_id: tenderId, occasion: 'yearly', rated_on: '2026-12-01', overall: 'inadequate', reason: 'Udkast: hemmeligt', reply_due_on: '2026-12-15' }).execute();
  const res = await app.inject(`/api/ocds/records/ocds-kge001-${tenderId}`);
  t.equal(schemaErrors('recordPackage', res.json()), '');
  t.notMatch(res.body, /hemmeligt/, 'a draft is never published');
  const releases = res.json().records[0].releases as Release[];
  t.same(releases.at(-1)!.tag, ['contractUpdate']);
  t.equal(releases.at(-1)!.contracts![0].implementation.milestones.length, 1, 'the handover only');
});

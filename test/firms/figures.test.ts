import t from 'tap';
import { awardedRounds, localFigures, type AwardedRound } from '../../src/firms/figures.js';
import { recordDecision } from '../../src/decisions/service.js';
import { loadConfig } from '../../src/config.js';

const DEFAULT_LOCAL_POSTCODES = loadConfig({}).localPostcodes;
import { testDatabase } from '../helpers/app.js';
import { anOfficer, award, EU_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { ROUND, roundOnSmallTender } from '../helpers/round.js';

// The "Lokale virksomheder" figures: the pure shares, and what the query loads.

const local = ['4600', '4623'];
const round = (overrides: Partial<AwardedRound>): AwardedRound => ({ tenderId: 'T', title: 'T', awardedOn: '2026-05-01', valueDkk: 1_000_000, winner: null, invited: [], ...overrides });

t.test('localFigures: shares of invitations and value per tender and per year; unknown winners counted apart', async (t) => {
  const figures = localFigures(
    [
      round({
        tenderId: 'A',
        awardedOn: '2026-03-01',
        valueDkk: 600_000,
        winner: { postalCode: '4600', size: 'micro' },
        invited: [{ postalCode: '4600', size: 'micro' }, { postalCode: '8000', size: 'large' }, { postalCode: '4623', size: 'large' }],
      }),
      round({ tenderId: 'B', awardedOn: '2026-09-01', valueDkk: 400_000, winner: null, invited: [null, { postalCode: '9000', size: 'small' }] }),
      round({ tenderId: 'C', awardedOn: '2025-12-31', valueDkk: 300_000, winner: { postalCode: '8000', size: 'large' } }),
    ],
    local,
  );
  t.same(figures.tenders.map((f) => f.tenderId), ['B', 'A', 'C'], 'newest award first');
  t.same(figures.tenders[1]!.invitations, { total: 3, local: 2, sme: 1, unknown: 0, localShare: 2 / 3, smeShare: 1 / 3 });
  t.same(figures.tenders[1]!.value, { total: 600_000, local: 600_000, sme: 600_000, unknown: 0, localShare: 1, smeShare: 1 });
  t.same(figures.tenders[0]!.invitations, { total: 2, local: 0, sme: 1, unknown: 1, localShare: 0, smeShare: 0.5 }, 'an unregistered invitee is unknown, not "not local"');
  t.same(figures.tenders[0]!.value, { total: 400_000, local: 0, sme: 0, unknown: 400_000, localShare: 0, smeShare: 0 });
  t.same(figures.tenders[2]!.invitations, { total: 0, local: 0, sme: 0, unknown: 0, localShare: null, smeShare: null }, 'no invitations: no share');
  t.same(
    figures.years.map((y) => [y.year, y.tenders, y.invitations.total, y.invitations.local, y.value.total, y.value.local, y.value.unknown, y.value.localShare]),
    [
      [2026, 2, 5, 2, 1_000_000, 600_000, 400_000, 0.6],
      [2025, 1, 0, 0, 300_000, 0, 0, 0],
    ],
    'by award year, newest first; shares of the whole, unknowns included',
  );
  t.same(localFigures([], local), { tenders: [], years: [] });
  t.equal(localFigures([round({ winner: { postalCode: '4600', size: 'small' } })], ['8000']).tenders[0]!.value.local, 0, 'the postcodes come from the caller');
});

t.test('awardedRounds: awarded tenders only, with the register’s postcode and size for winner and invitees', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  t.same(await awardedRounds(db), [], 'nothing before an award');
  await roundOnSmallTender(db, { award: false });
  t.same(await awardedRounds(db), [], 'invitations alone are not figures yet');
  const officer = await anOfficer(db, 'anden@koege.test');
  await recordDecision(db, SMALL_TENDER, { kind: 'award', details: award({ winnerCvr: ROUND.local.cvr, winnerName: ROUND.local.name, awardValueDkk: 1_100_000, bidsReceived: 3 }) }, 1, officer, { extraClosedDays: [] });
  await recordDecision(db, EU_TENDER, { kind: 'award', details: award() }, 1, officer, { extraClosedDays: [] });
  const rounds = await awardedRounds(db);
  t.same(
    rounds.map((r) => [r.tenderId, r.awardedOn, r.valueDkk, r.winner, r.invited]),
    [
      [EU_TENDER, '2026-11-20', 48_750_000, null, []],
      [
        SMALL_TENDER,
        '2026-11-20',
        1_100_000,
        { postalCode: '4600', size: 'micro' },
        [
          { postalCode: '4600', size: 'micro' },
          { postalCode: '4600', size: 'large' },
          { postalCode: '8000', size: 'small' },
        ],
      ],
    ],
  );
  const [year] = localFigures(rounds, DEFAULT_LOCAL_POSTCODES).years;
  t.same([year!.invitations.local, year!.invitations.sme, year!.value.local, year!.value.unknown], [2, 2, 1_100_000, 48_750_000]);
});

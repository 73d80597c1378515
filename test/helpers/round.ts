import type { Db } from '../../src/db/database.js';
import { recordDecision } from '../../src/decisions/service.js';
import { loadConfig } from '../../src/config.js';

const DEFAULT_LOCAL_POSTCODES = loadConfig({}).localPostcodes;
import { sendInvitations } from '../../src/firms/invitations.js';
import { anOfficer, award, SMALL_TENDER } from './decisions.js';
import { firmInDatabase, testCvrs } from './firms.js';

// A finished underhåndsbud round on SMALL_TENDER for the open-data tests: two local firms and one
// from outside the municipality invited, one more firm interested, then three bids and the award.
// `award: false` stops after the invitations (the tender still published).

export const ROUND = {
  local: { cvr: testCvrs[4]!, name: 'Lokal Tømrer ApS', size: 'micro' as const },
  big: { cvr: testCvrs[5]!, name: 'Stor Entreprise A/S', size: 'large' as const },
  outside: { cvr: testCvrs[6]!, name: 'Fjern Byg ApS', size: 'small' as const, postalCode: '8000', city: 'Aarhus C' },
  onlooker: { cvr: testCvrs[3]!, name: 'Nysgerrig Maler ApS' },
  /** The winner's bid, and the award's value. */
  winning: 1_100_000,
};

export async function roundOnSmallTender(db: Db, options: { award?: boolean; decidedOn?: string } = {}) {
  const officer = await anOfficer(db);
  const a = await firmInDatabase(db, { ...ROUND.local, trades: ['tag'] });
  const b = await firmInDatabase(db, { ...ROUND.big, trades: ['tag'] });
  const c = await firmInDatabase(db, { ...ROUND.outside, trades: ['tag'] });
  const d = await firmInDatabase(db, { ...ROUND.onlooker, trades: ['maler'] });
  await db.insertInto('tender_interests').values([d, a].map((f) => ({ tender_id: SMALL_TENDER, firm_id: f.firmId }))).execute();
  await sendInvitations(db, { tenderId: SMALL_TENDER, firmIds: [a.firmId, b.firmId, c.firmId], reservedOutside: true, reason: null, local: DEFAULT_LOCAL_POSTCODES }, officer);
  if (options.award === false) return;
  const bids = [
    { cvr: ROUND.local.cvr, firmName: ROUND.local.name, amountDkk: ROUND.winning, valid: true, invalidReason: null },
    { cvr: ROUND.big.cvr, firmName: ROUND.big.name, amountDkk: 1_250_000, valid: true, invalidReason: null },
    { cvr: ROUND.outside.cvr, firmName: ROUND.outside.name, amountDkk: 990_000, valid: false, invalidReason: 'For sent modtaget' },
  ];
  const details = award({ winnerCvr: ROUND.local.cvr, winnerName: ROUND.local.name, awardValueDkk: ROUND.winning, bidsReceived: 3, bids, decidedOn: options.decidedOn ?? '2026-11-20' });
  await recordDecision(db, SMALL_TENDER, { kind: 'award', details }, 1, officer, { extraClosedDays: [] });
}

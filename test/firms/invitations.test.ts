import t from 'tap';
import { recordDecision } from '../../src/decisions/service.js';
import { readPublicDecision } from '../../src/domain/decision.js';
import { invitationCandidates, roundOf, sendInvitations } from '../../src/firms/invitations.js';
import { loadConfig } from '../../src/config.js';
import { underhandSection } from '../../src/web/public/underhand.js';
import { eventsOf } from '../../src/tenders/events.js';
import { testDatabase } from '../helpers/app.js';
import { anOfficer, award, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';

// The round's service without the web: local postcodes, repeat sends, closed tenders, and the
// public section's shape before and after the award.

const local = loadConfig({}).localPostcodes;

t.test('a repeat send invites nobody twice; the event counts everyone invited', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  const a = await firmInDatabase(db, { trades: ['tag'] });
  const b = await firmInDatabase(db, { trades: ['tag'] });
  t.same(await sendInvitations(db, { tenderId: SMALL_TENDER, firmIds: [a.firmId, b.firmId], reservedOutside: false, reason: null, local }, officer), { count: 2, breaches: [] });
  const again = await sendInvitations(db, { tenderId: SMALL_TENDER, firmIds: [a.firmId, a.firmId], reservedOutside: false, reason: null, local }, officer);
  t.equal(again.count, 2);
  t.equal((await roundOf(db, SMALL_TENDER)).invitations.length, 2);
  t.equal((await db.selectFrom('firm_mails').selectAll().execute()).length, 2, 'no second mail');
  t.equal((await eventsOf(db, SMALL_TENDER)).filter((e) => e.kind === 'invitations').length, 1, 'no event when nobody new is invited');
  const candidates = await invitationCandidates(db, SMALL_TENDER, { trades: [], postcode: null, onlyLocal: false }, local);
  t.ok(candidates.every((c) => c.invitedAt !== null && c.recentInvitations === 1), 'candidates show the invitation and count it');
});

t.test('after the award no more invitations; the public section turns from a count into the round', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  const a = await firmInDatabase(db, { name: 'Tag A ApS', trades: ['tag'] });
  const b = await firmInDatabase(db, { name: 'Tag B ApS', trades: ['tag'] });
  await sendInvitations(db, { tenderId: SMALL_TENDER, firmIds: [a.firmId, b.firmId], reservedOutside: false, reason: null, local }, officer);
  const before = underhandSection(await roundOf(db, SMALL_TENDER), 5, null, 'da');
  t.same(before, { count: '2 virksomheder er inviteret til at give tilbud', afterAward: false }, 'only the count before the award');

  await recordDecision(db, SMALL_TENDER, { kind: 'award', details: award({ winnerCvr: a.cvr, bidsReceived: 2 }) }, 1, officer, { extraClosedDays: [] });
  const c = await firmInDatabase(db, { trades: ['tag'] });
  await t.rejects(
    sendInvitations(db, { tenderId: SMALL_TENDER, firmIds: [c.firmId], reservedOutside: false, reason: null, local }, officer),
    { code: 'not_allowed', message: 'Udbuddet har status Tildelt: der kan ikke længere inviteres' },
  );
  const [event] = await eventsOf(db, SMALL_TENDER);
  const decision = readPublicDecision(event!.details);
  const after = underhandSection(await roundOf(db, SMALL_TENDER), 1, decision?.kind === 'award' ? decision : null, 'da');
  t.match(after, {
    afterAward: true,
    interest: '1 virksomhed viste interesse for opgaven',
    invited: [{ name: 'Tag A ApS', cvr: a.cvr }, { name: 'Tag B ApS', cvr: b.cvr }],
    bids: [],
    noBidsRecorded: true,
    exceptionReason: null,
  });
});

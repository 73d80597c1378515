import t from 'tap';
import { channelLabel, channelLabels, criterionLabel, criterionLabels, decisionKindLabel, decisionKindLabels } from '../../src/wording/labels.js';
import { followedEvent } from '../../src/subscriptions/followed-events.js';
import { countdown, presentDecision, presentEvent } from '../../src/web/present.js';
import { decisionHeadline, describeChange, eventHeadline } from '../../src/wording/changes.js';
import { tenderEvent } from '../helpers/fixtures.js';

// A tender's history lines, decisions and followed events worded in English, and Danish when no
// language is given (the Danish wording itself is in public-view.test.ts).

t.test('every kind of history line, in English; Danish by default', async (t) => {
  const en = (change: Parameters<typeof describeChange>[0]) => describeChange(change, 'en');
  t.equal(en({ field: 'tenderDeadline', old: '2027-01-15T11:00:00Z', new: '2027-01-22T11:00:00Z' }), 'Deadline changed from 15 January 2027, 12:00 to 22 January 2027, 12:00');
  t.equal(en({ field: 'estimatedValueDkk', old: null, new: 1540000 }), 'Estimated value set to DKK 1,540,000');
  t.equal(en({ field: 'estimatedValueDkk', old: 1540000, new: null }), 'Estimated value removed (was DKK 1,540,000)');
  t.equal(en({ field: 'expectedPublication', old: '2027-Q2', new: '2027-09' }), 'Expected publication changed from Q2 2027 to September 2027');
  t.equal(en({ field: 'expectedContractStart', old: '2027-08-01', new: '2027-09-01' }), 'Expected contract start changed from 1 August 2027 to 1 September 2027');
  t.equal(en({ field: 'status', old: 'planned', new: 'published' }), 'Status changed from Planned to Open for bids');
  t.equal(en({ field: 'workType', old: 'renovation', new: 'energy' }), 'Type of work changed from Renovation to Energy improvement');
  t.equal(en({ field: 'contractType', old: 'works', new: 'services' }), 'Type of contract changed from works to services');
  t.equal(en({ field: 'cpvCodes', old: ['45261000-4'], new: [] }), 'CPV codes changed from 45261000-4 to none');
  t.equal(en({ field: 'requirements', old: [], new: ['LAB-ILO94'] }), 'Requirements changed from none to LAB-ILO94');
  t.equal(en({ field: 'propertyCity', old: 'Køge', new: 'Herfølge' }), 'Town changed from Køge to Herfølge');
  t.equal(en({ field: 'description', old: 'a', new: 'b' }), 'Description changed');
  t.equal(en({ field: 'cancellationReason', old: null, new: 'b' }), 'Reason for cancellation added');
  t.equal(en({ field: 'summary', old: 'a', new: null }), 'In brief removed');
  t.equal(describeChange({ field: 'tenderDeadline', old: '2027-01-15T11:00:00Z', new: '2027-01-22T11:00:00Z' }), 'Frist ændret fra 15. januar 2027 kl. 12.00 til 22. januar 2027 kl. 12.00');
  t.equal(describeChange({ field: 'estimatedValueDkk', old: 1540000, new: null }), 'Anslået værdi fjernet (var 1.540.000 kr.)');
});

t.test('decisions, headlines, countdown and labels in English; Danish by default', async (t) => {
  t.equal(countdown('2026-12-03', '2026-11-27', 'en'), 'in 6 days');
  t.equal(countdown('2026-12-03', '2026-12-02', 'en'), 'tomorrow');
  t.equal(countdown('2026-12-03', '2026-12-03', 'en'), 'today');
  t.equal(countdown('2026-12-03', '2026-12-04', 'en'), null);
  t.equal(countdown('2026-12-03', '2026-11-27'), 'om 6 dage');

  t.equal(decisionHeadline({ kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 1 }, 'en'), 'The contract was signed on 4 December 2026');
  t.equal(decisionHeadline({ kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 1 }), 'Kontrakten blev indgået 4. december 2026');
  t.equal(eventHeadline(tenderEvent({ kind: 'created' }), 'en'), 'The tender was published on the portal');
  t.equal(eventHeadline(tenderEvent({ kind: 'created' })), 'Udbuddet blev offentliggjort på portalen');

  const presented = presentEvent(
    tenderEvent({ changes: [{ field: 'status', old: 'evaluation', new: 'cancelled' }], details: { kind: 'cancellation', decidedOn: '2026-11-20', reason: 'x' } }),
    'Udbud og Indkøb',
    'en',
  );
  t.same(presented, {
    when: '23 November 2026, 11:00',
    whenIso: '2026-11-23T10:00:00.000Z',
    arrival: null,
    source: 'Udbud og Indkøb',
    headline: 'The tender was cancelled',
    changes: ['Status changed from Under evaluation to Cancelled'],
  });
  t.equal(presentEvent(tenderEvent({ kind: 'updated', source: 'dbd' }), 'x', 'en').source, 'DBD (Digital Bygnings Data)');

  const contract = presentDecision({ kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 48_900_000 }, 'en');
  t.same(contract, {
    kind: 'contract',
    title: 'Contract signed',
    facts: [
      { label: 'Signed', value: '4 December 2026' },
      { label: 'Contract value at signing', value: 'DKK 48,900,000 excl. VAT' },
    ],
  });
  t.equal(presentDecision({ kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 1 }).title, 'Kontrakt indgået');

  t.equal(decisionKindLabel('direct_award', 'en'), 'Direct award');
  t.equal(criterionLabel('lowest_cost', 'en'), 'Lowest cost');
  t.equal(channelLabel('letter', 'en'), 'Letter (15-day standstill)');
  t.equal(decisionKindLabels.award, 'Tildeling', 'the Danish records stay for the back office, API and OCDS');
  t.equal(criterionLabels.lowest_price, 'Laveste pris');
  t.equal(channelLabels.electronic, 'Elektronisk (10 dages standstill)');
  t.equal(criterionLabel('lowest_price'), 'Laveste pris');
});

t.test('followed events (feeds and alerts) in English; Danish by default', async (t) => {
  const deadline = tenderEvent({ kind: 'updated', source: 'dbd', changes: [{ field: 'tenderDeadline', old: '2027-01-15T11:00:00Z', new: '2027-01-22T11:00:00Z' }] });
  t.same(followedEvent(deadline, 'en'), {
    headline: 'The bid deadline has changed',
    details: ['Deadline changed from 15 January 2027, 12:00 to 22 January 2027, 12:00'],
  });
  t.equal(followedEvent(deadline)!.headline, 'Tilbudsfristen er ændret');
  t.equal(followedEvent(tenderEvent({ kind: 'created' }), 'en')!.headline, 'New contract in the pipeline');
  t.equal(followedEvent(tenderEvent({ kind: 'updated', changes: [{ field: 'status', old: 'planned', new: 'published' }] }), 'en')!.headline, 'Open for bids');
  t.equal(followedEvent(tenderEvent({ kind: 'updated', changes: [{ field: 'status', old: 'published', new: 'cancelled' }] }), 'en')!.headline, 'Cancelled');
  t.equal(followedEvent(tenderEvent({ kind: 'updated', changes: [{ field: 'estimatedValueDkk', old: 1, new: 2 }] }), 'en')!.headline, 'The estimated value has changed');
  t.equal(followedEvent(tenderEvent({ kind: 'updated', changes: [{ field: 'title', old: 'a', new: 'b' }] }), 'en'), null);
});

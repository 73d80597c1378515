import t from 'tap';
import { publicDecisionOf, readPublicDecision } from '../../src/domain/decision.js';
import { countdown, presentDecision, presentEvent } from '../../src/web/present.js';
import { describeChange } from '../../src/wording/changes.js';
import { award } from '../helpers/decisions.js';
import { tenderEvent } from '../helpers/fixtures.js';

t.test('the standstill countdown: "om 6 dage", "i morgen", "i dag", then nothing', async (t) => {
  t.equal(countdown('2026-12-03', '2026-11-27'), 'om 6 dage');
  t.equal(countdown('2026-12-03', '2026-12-02'), 'i morgen');
  t.equal(countdown('2026-12-03', '2026-12-03'), 'i dag');
  t.equal(countdown('2026-12-03', '2026-12-04'), null, 'over');
});

t.test("only a decision's public details leave the back office", async (t) => {
  const row = { kind: 'award', details: award({ decisionLetterUrl: 'https://intern.koege.test/a.pdf' }), standstill_ends_on: '2026-12-03' };
  const pub = publicDecisionOf(row);
  t.ok(pub);
  t.notOk('justification' in pub!, 'the award justification is internal');
  t.notOk('decisionLetterUrl' in pub!, 'and so is the decision letter');
  t.notOk('notificationChannel' in pub!);
  t.match(pub, { kind: 'award', winnerCvr: '12345678', standstillEndsOn: '2026-12-03' });
  t.equal(publicDecisionOf({ kind: 'award', details: { winnerName: 'x' }, standstill_ends_on: null }), null, 'an unreadable row is skipped');
  t.equal(readPublicDecision('not json'), null);
});

t.test('a decision is presented as Danish facts', async (t) => {
  const facts = presentDecision(publicDecisionOf({ kind: 'award', details: award(), standstill_ends_on: '2026-12-03' })!).facts;
  t.same(facts, [
    { label: 'Vinder', value: 'Tømrerfirmaet Hansen ApS (CVR 12345678)' },
    { label: 'Tildelt værdi', value: '48.750.000 kr. ekskl. moms' },
    { label: 'Modtagne tilbud', value: '4' },
    { label: 'Tildelingskriterium', value: 'Laveste pris' },
    { label: 'Afgørelse truffet', value: '20. november 2026' },
    { label: 'Tilbudsgiverne underrettet', value: '23. november 2026' },
    { label: 'Standstill', value: 'til og med 3. december 2026' },
  ]);
  const contract = presentDecision({ kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 48_900_000 });
  t.same(contract.facts, [
    { label: 'Underskrevet', value: '4. december 2026' },
    { label: 'Kontraktværdi ved underskrift', value: '48.900.000 kr. ekskl. moms' },
  ]);
});

t.test("officers' events are attributed to the department, DBD's to DBD", async (t) => {
  const decision = presentEvent(
    tenderEvent({
      changes: [{ field: 'status', old: 'evaluation', new: 'cancelled' }],
      details: { kind: 'cancellation', decidedOn: '2026-11-20', reason: 'Budgettet er bortfaldet' },
    }),
    'Udbud og Indkøb',
  );
  t.equal(decision.source, 'Udbud og Indkøb');
  t.equal(decision.headline, 'Udbuddet blev aflyst');
  t.same(decision.changes, ['Status ændret fra Under evaluering til Aflyst']);
  t.equal(presentEvent(tenderEvent({ kind: 'updated', source: 'dbd' }), 'Udbud og Indkøb').source, 'DBD (Digital Bygnings Data)');
});

t.test('officer text changes name the field, not the text', async (t) => {
  t.equal(describeChange({ field: 'summary', old: null, new: 'Ny skole.' }), 'Kort fortalt tilføjet');
  t.equal(describeChange({ field: 'bidderNotes', old: 'a', new: 'b' }), 'Bemærkninger til tilbudsgivere ændret');
  t.equal(describeChange({ field: 'bidderNotes', old: 'a', new: null }), 'Bemærkninger til tilbudsgivere fjernet');
});

import t from 'tap';
import { allowedDecisions, dateProblem, refusalFor } from '../../src/decisions/rules.js';
import { tenderStatuses } from '../../src/domain/vocabulary.js';
import { award } from '../helpers/decisions.js';

t.test('which decisions each state allows', async (t) => {
  t.same(allowedDecisions('planned'), ['cancellation', 'direct_award']);
  t.same(allowedDecisions('in_preparation'), ['cancellation', 'direct_award']);
  t.same(allowedDecisions('published'), ['award', 'cancellation', 'direct_award']);
  t.same(allowedDecisions('evaluation'), ['award', 'cancellation']);
  t.same(allowedDecisions('awarded'), ['cancellation', 'contract']);
  t.same(allowedDecisions('contracted'), []);
  t.same(allowedDecisions('cancelled'), []);
});

t.test('an impossible decision is refused with a Danish reason; a possible one is not', async (t) => {
  t.equal(refusalFor('award', 'cancelled'), 'Udbuddet er aflyst og kan ikke tildeles.');
  t.equal(refusalFor('award', 'awarded'), 'Udbuddet er allerede tildelt.');
  t.match(refusalFor('award', 'planned'), /ikke offentliggjort endnu/);
  t.equal(refusalFor('contract', 'published'), 'Udbuddet er ikke tildelt endnu; kontrakten kan først registreres efter tildelingen.');
  t.equal(refusalFor('cancellation', 'contracted'), 'Kontrakten er indgået; udbuddet kan ikke længere aflyses.');
  t.match(refusalFor('direct_award', 'evaluation'), /under evaluering/);
  for (const status of tenderStatuses) {
    for (const kind of allowedDecisions(status)) t.equal(refusalFor(kind, status), null, `${kind} from ${status}`);
  }
});

t.test('a decision dated in the future is refused on its date field', async (t) => {
  t.same(dateProblem({ kind: 'award', details: award({ decidedOn: '2026-11-20', notifiedOn: '2026-11-24' }) }, '2026-11-23', null), {
    field: 'notifiedOn',
    message: 'Datoen ligger i fremtiden; registrér afgørelsen, når den er truffet.',
  });
  t.equal(dateProblem({ kind: 'cancellation', details: { reason: 'x', decidedOn: '2026-11-24' } }, '2026-11-23', null)?.field, 'decidedOn');
  t.equal(dateProblem({ kind: 'award', details: award() }, '2026-11-23', null), null, 'today is fine');
});

t.test('a contract is signed after the standstill, never on its last day', async (t) => {
  const standstill = { decidedOn: '2026-11-20', standstillEndsOn: '2026-12-03' };
  const contract = (signedOn: string) => ({ kind: 'contract' as const, details: { signedOn, finalValueDkk: 1 } });
  t.same(dateProblem(contract('2026-12-03'), '2026-12-10', standstill), {
    field: 'signedOn',
    message: 'Standstill-perioden udløber 3. december 2026; kontrakten kan tidligst underskrives dagen efter.',
  });
  t.equal(dateProblem(contract('2026-12-04'), '2026-12-10', standstill), null);
  t.equal(dateProblem(contract('2026-12-04'), '2026-12-03', standstill)?.message, 'Datoen ligger i fremtiden; registrér afgørelsen, når den er truffet.', 'not while the standstill runs');
  const none = { decidedOn: '2026-11-20', standstillEndsOn: null };
  t.equal(dateProblem(contract('2026-11-20'), '2026-12-10', none), null, 'without standstill, from the award day');
  t.match(dateProblem(contract('2026-11-19'), '2026-12-10', none)?.message, /før tildelingen 20\. november 2026/);
});

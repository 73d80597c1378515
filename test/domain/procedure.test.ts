import { readFileSync } from 'node:fs';
import t from 'tap';
import {
  classifyProcedure,
  describeProcedure,
  explainProcedure,
  thresholdSetInForce,
  type ThresholdSet,
} from '../../src/domain/procedure.js';
import type { ContractType, Procedure } from '../../src/domain/vocabulary.js';
import { atRoot } from '../../src/paths.js';

// The bundled seed sets, exactly as a new installation gets them.
const seed = JSON.parse(readFileSync(atRoot('src/rules/seed/thresholds.json'), 'utf8')) as {
  sets: Array<Omit<ThresholdSet, 'id'>>;
};
const sets: ThresholdSet[] = seed.sets.map((s, i) => ({ ...s, id: i + 1 }));
const [set2024, set2026] = sets as [ThresholdSet, ThresholdSet];

type Test = Pick<typeof t, 'equal'>;
const check = (t: Test, set: ThresholdSet, contractType: ContractType, amount: number, expected: Procedure) => {
  t.equal(classifyProcedure(amount, contractType, set.rules)?.procedure, expected, `${set.effectiveFrom}: ${contractType} ${amount} kr. → ${expected}`);
};

t.test('works under the tilbudsloven: 300.000 and 3 mio. kr. are "over" limits', async (t) => {
  for (const set of [set2024, set2026]) {
    check(t, set, 'works', 0, 'direct_award');
    check(t, set, 'works', 300000, 'direct_award');
    check(t, set, 'works', 300001, 'invited_bids');
    check(t, set, 'works', 3000000, 'invited_bids');
    check(t, set, 'works', 3000001, 'national_tender');
  }
});

t.test('works at the EU threshold: exactly the threshold is an EU tender, 1 kr. below is not', async (t) => {
  check(t, set2024, 'works', 41212688, 'eu_tender');
  check(t, set2024, 'works', 41212687, 'national_tender');
  check(t, set2026, 'works', 40313840, 'eu_tender');
  check(t, set2026, 'works', 40313839, 'national_tender');
});

t.test('services and supplies at the EU threshold', async (t) => {
  for (const type of ['services', 'supplies'] as const) {
    check(t, set2024, type, 1644638, 'eu_tender');
    check(t, set2024, type, 1644637, 'quotes');
    check(t, set2026, type, 1611360, 'eu_tender');
    check(t, set2026, type, 1611359, type === 'services' ? 'announced_quotes' : 'quotes');
  }
});

t.test('the municipal limits of 2026–2027 for services and supplies', async (t) => {
  check(t, set2026, 'services', 99999, 'direct_award');
  check(t, set2026, 'services', 100000, 'quotes');
  check(t, set2026, 'services', 499999, 'quotes');
  check(t, set2026, 'services', 500000, 'announced_quotes');
  check(t, set2026, 'supplies', 100000, 'quotes');
});

t.test('a gap in a badly made set classifies as nothing rather than guessing', async (t) => {
  const rules = set2026.rules.filter((r) => r.contractType === 'works' && r.procedure !== 'national_tender');
  t.equal(classifyProcedure(5000000, 'works', rules), null);
  t.equal(classifyProcedure(100, 'works', []), null);
});

t.test('the set in force on a date', async (t) => {
  t.equal(thresholdSetInForce(sets, '2025-12-31')?.effectiveFrom, '2024-01-01');
  t.equal(thresholdSetInForce(sets, '2026-01-01')?.effectiveFrom, '2026-01-01');
  t.equal(thresholdSetInForce(sets, '2028-03-01')?.effectiveFrom, '2026-01-01', 'after the last period: the latest set still applies');
  t.equal(thresholdSetInForce(sets, '2020-01-01')?.effectiveFrom, '2024-01-01', 'before every set: the earliest');
  t.equal(thresholdSetInForce([], '2026-01-01'), null);
});

t.test('the explainer line names amount, contract type, procedure, legal basis and set', async (t) => {
  const explained = explainProcedure(1540000, 'works', sets, '2027-04-01');
  t.equal(
    explained.text,
    'Anslået 1.540.000 kr. ekskl. moms · bygge- og anlægsarbejde → underhåndsbud med 2–3 indbudte, tilbudsloven §12 stk. 2 · tærskelsæt 2026–2027',
  );
  t.match(explainProcedure(1540000, 'works', sets, '2025-06-01').text, /tærskelsæt 2024–2025$/);
});

t.test('a tender without an estimated value is not guessed', async (t) => {
  const explained = explainProcedure(null, 'works', sets, '2027-04-01');
  t.equal(explained.kind, 'unvalued');
  t.match(explained.text, /procedure afhænger af værdien/);
});

t.test('procedure descriptions', async (t) => {
  t.equal(describeProcedure({ procedure: 'direct_award', minBids: 1, maxInvited: null }), 'direkte tildeling (ét tilbud er nok)');
  t.equal(describeProcedure({ procedure: 'quotes', minBids: 2, maxInvited: 3 }), 'indhentning af tilbud, 2–3 tilbud');
  t.equal(describeProcedure({ procedure: 'eu_tender', minBids: null, maxInvited: null }), 'EU-udbud');
});

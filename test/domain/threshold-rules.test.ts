import { readFileSync } from 'node:fs';
import t from 'tap';
import type { ThresholdRule, ThresholdSet } from '../../src/domain/procedure.js';
import { validateThresholdRules } from '../../src/domain/threshold-rules.js';
import { parseThresholdForm, readThresholdForm, thresholdSetText } from '../../src/rules/threshold-input.js';
import { atRoot } from '../../src/paths.js';

const seed = JSON.parse(readFileSync(atRoot('src/rules/seed/thresholds.json'), 'utf8')) as {
  sets: Array<Omit<ThresholdSet, 'id'>>;
};
const [set2024, set2026] = seed.sets as [Omit<ThresholdSet, 'id'>, Omit<ThresholdSet, 'id'>];

/** The issues as they read in Danish, without the key and values they are worded from. */
const described = (rules: ThresholdRule[]) => validateThresholdRules(rules).map(({ index, field, message }) => ({ index, field, message }));

/** The 2026 seed rules with some changed: a set that is wrong in exactly one way. */
const rules2026 = () => set2026.rules.map((r) => ({ ...r }));
const indexOf = (rules: ThresholdRule[], contractType: ThresholdRule['contractType'], minDkk: number) =>
  rules.findIndex((r) => r.contractType === contractType && r.minDkk === minDkk);

t.test('the bundled sets are sound', async (t) => {
  t.same(validateThresholdRules(set2024.rules), []);
  t.same(validateThresholdRules(set2026.rules), []);
});

t.test('the order rules come in does not matter', async (t) => {
  t.same(validateThresholdRules([...set2026.rules].reverse()), []);
});

t.test('a contract type whose first band does not start at 0 kr.', async (t) => {
  const rules = rules2026();
  const first = indexOf(rules, 'services', 0);
  rules[first]!.minDkk = 1;
  t.same(described(rules), [{ index: first, field: 'minDkk', message: 'Det første interval for tjenesteydelse skal starte ved 0 kr.' }]);
});

t.test('a first band that leaves out 0 kr. itself', async (t) => {
  const rules = rules2026();
  const first = indexOf(rules, 'works', 0);
  rules[first]!.minInclusive = false;
  t.match(validateThresholdRules(rules), [{ index: first, field: 'minInclusive', message: /skal omfatte 0 kr\./ }]);
});

t.test('a gap between two bands is reported on the band after it', async (t) => {
  const rules = rules2026();
  const quotes = indexOf(rules, 'services', 100000);
  rules[quotes]!.maxDkk = 400000;
  const next = indexOf(rules, 'services', 500000);
  t.same(described(rules), [
    {
      index: next,
      field: 'minDkk',
      message: 'Hul mellem 400.000 kr. og 500.000 kr.: intervallet skal starte, hvor det forrige for tjenesteydelse slutter',
    },
  ]);
});

t.test('overlapping bands are reported on the later band', async (t) => {
  const rules = rules2026();
  const invited = indexOf(rules, 'works', 300000);
  rules[invited]!.maxDkk = 3500000;
  const next = indexOf(rules, 'works', 3000000);
  t.same(described(rules), [
    { index: next, field: 'minDkk', message: 'Overlapper det forrige interval for bygge- og anlægsarbejde, som slutter ved 3.500.000 kr.' },
  ]);
});

t.test('two bands starting at the same amount overlap', async (t) => {
  const rules = rules2026();
  rules.push({ ...rules[indexOf(rules, 'supplies', 100000)]!, maxDkk: 200000 });
  t.match(validateThresholdRules(rules), [{ field: 'minDkk', message: /Overlapper/ }]);
});

t.test('only the last band may be open-ended', async (t) => {
  const rules = rules2026();
  const middle = indexOf(rules, 'works', 300000);
  rules[middle]!.maxDkk = null;
  t.match(validateThresholdRules(rules), [{ index: middle, field: 'maxDkk', message: 'Kun det sidste interval for bygge- og anlægsarbejde må være uden øvre grænse' }]);
});

t.test('the last band must be open-ended, or large amounts would get no procedure', async (t) => {
  const rules = rules2026();
  const last = indexOf(rules, 'supplies', 1611360);
  rules[last]!.maxDkk = 1e9;
  t.same(described(rules), [{ index: last, field: 'maxDkk', message: 'Det sidste interval for vareindkøb skal være uden øvre grænse (lad feltet stå tomt)' }]);
});

t.test('an upper bound at or below the lower bound', async (t) => {
  const rules = rules2026();
  const band = indexOf(rules, 'services', 100000);
  rules[band]!.maxDkk = 100000;
  t.match(validateThresholdRules(rules), [{ index: band, field: 'maxDkk', message: 'Øvre grænse skal være større end nedre grænse (100.000 kr.)' }]);
});

t.test('fewer bids than invited: the minimum may not exceed the maximum', async (t) => {
  const rules = rules2026();
  const band = indexOf(rules, 'works', 300000);
  rules[band]!.minBids = 4;
  t.same(described(rules), [{ index: band, field: 'maxInvited', message: 'Højst antal indbudte må ikke være mindre end mindste antal tilbud (4)' }]);
  rules[band]!.maxInvited = null;
  t.same(validateThresholdRules(rules), [], 'a minimum alone is fine');
});

t.test('an announced procedure that is not announced', async (t) => {
  const rules = rules2026();
  const eu = indexOf(rules, 'works', 40313840);
  rules[eu]!.announce = false;
  t.same(described(rules), [{ index: eu, field: 'announce', message: 'EU-udbud annonceres altid: vælg "Ja"' }]);
});

t.test('a contract type without rules is a problem of the whole set', async (t) => {
  const rules = rules2026().filter((r) => r.contractType !== 'supplies');
  t.same(described(rules), [{ index: null, field: null, message: 'Sættet mangler regler for vareindkøb' }]);
  t.equal(validateThresholdRules([]).length, 3, 'an empty set misses all three');
});

// The form layer: rows typed as text, read by the number in their names.
const form = (set: Omit<ThresholdSet, 'id'>, overrides: Record<string, string> = {}) => {
  const text = thresholdSetText({ ...set, effectiveFrom: '2027-01-01', effectiveTo: null });
  const body: Record<string, string> = { name: text.name, effectiveFrom: text.effectiveFrom, effectiveTo: text.effectiveTo };
  for (const { row, values } of text.rows) for (const [field, value] of Object.entries(values)) body[`rules[${row}][${field}]`] = value;
  return readThresholdForm({ ...body, ...overrides });
};

t.test('a copied set reads back to the same rules, Danish amounts included', async (t) => {
  const parsed = parseThresholdForm(form(set2026), '2026-11-23');
  t.ok(parsed.ok);
  if (parsed.ok) t.same(parsed.data.rules, set2026.rules);
  t.equal(form(set2026).rows[3]!.values.maxDkk, '', 'no upper limit is an empty field');
  t.equal(form(set2026).rows[2]!.values.maxDkk, '40.313.840', 'amounts are shown the Danish way');
});

t.test('form errors are keyed by the input they belong to', async (t) => {
  const parsed = parseThresholdForm(
    form(set2026, { name: ' ', effectiveFrom: '2026-11-23', 'rules[1][minDkk]': 'tre hundrede', 'rules[2][source]': 'javascript:alert(1)' }),
    '2026-11-23',
  );
  t.notOk(parsed.ok);
  if (parsed.ok) return;
  t.same(parsed.errors, {
    name: 'Giv sættet et navn',
    effectiveFrom: 'Datoen skal ligge efter i dag: et sæt, der allerede gælder, kan ikke oprettes eller ændres',
    'rules-1-minDkk': 'Skriv beløbet i kroner, fx 3.000.000',
    'rules-2-source': 'Skriv en webadresse, der begynder med https:// eller http://',
  });
});

t.test('blank rows are spare rows; a cleared row is removed', async (t) => {
  const blank = { 'rules[40][contractType]': 'works', 'rules[40][minDkk]': '', 'rules[40][legalBasis]': ' ' };
  const parsed = parseThresholdForm(form(set2026, blank), '2026-11-23');
  t.ok(parsed.ok);
  if (parsed.ok) t.equal(parsed.data.rules.length, set2026.rules.length);
});

t.test('a whole-set problem points at the row it concerns, by the row number in its name', async (t) => {
  const parsed = parseThresholdForm(form(set2026, { 'rules[1][maxDkk]': '2.000.000' }), '2026-11-23');
  t.notOk(parsed.ok);
  if (!parsed.ok) t.match(parsed.errors, { 'rules-2-minDkk': /Hul mellem 2\.000\.000 kr\. og 3\.000\.000 kr\./ });
});

import t from 'tap';
import { parseForm } from '../../src/web/admin/forms.js';
import { awardSchema, cancellationSchema, contractSchema, directAwardSchema, officerTextSchema, parseKroner } from '../../src/decisions/schemas.js';

// Forms post strings; these are what an officer could type.
const awardForm = (overrides: Record<string, string> = {}) => ({
  winnerName: 'Tømrerfirmaet Hansen ApS',
  winnerCvr: '12345678',
  awardValueDkk: '1.540.000',
  bidsReceived: '3',
  criterion: 'lowest_price',
  weights: '',
  decidedOn: '2026-11-20',
  notifiedOn: '2026-11-23',
  notificationChannel: 'electronic',
  justification: 'Laveste pris.',
  decisionLetterUrl: '',
  ...overrides,
});

const errorsOf = (result: ReturnType<typeof parseForm>) => (result.ok ? {} : result.errors);

t.test('a complete award form gives typed details', async (t) => {
  const result = parseForm(awardSchema, awardForm());
  t.ok(result.ok);
  if (!result.ok) return;
  t.same(result.data, {
    winnerName: 'Tømrerfirmaet Hansen ApS',
    winnerCvr: '12345678',
    awardValueDkk: 1540000,
    bidsReceived: 3,
    criterion: 'lowest_price',
    weights: null,
    decidedOn: '2026-11-20',
    notifiedOn: '2026-11-23',
    notificationChannel: 'electronic',
    justification: 'Laveste pris.',
    decisionLetterUrl: null,
  });
});

t.test('a CVR number must be exactly 8 digits', async (t) => {
  for (const bad of ['1234567', '123456789', '1234567A', 'DK12345678']) {
    t.equal(errorsOf(parseForm(awardSchema, awardForm({ winnerCvr: bad }))).winnerCvr, 'CVR-nummeret skal være præcis 8 cifre', bad);
  }
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ winnerCvr: '' }))).winnerCvr, 'Skriv vinderens CVR-nummer');
  const spaced = parseForm(awardSchema, awardForm({ winnerCvr: '12 34 56 78' }));
  t.ok(spaced.ok && spaced.data.winnerCvr === '12345678', 'spaces as typed are allowed');
  t.equal(errorsOf(parseForm(directAwardSchema, { justification: 'x', winnerName: 'y', winnerCvr: '123', valueDkk: '1', decidedOn: '2026-11-20' })).winnerCvr, 'CVR-nummeret skal være præcis 8 cifre', 'also on a direct award');
});

t.test('every missing field gets its own Danish message', async (t) => {
  const result = parseForm(awardSchema, {});
  t.same(errorsOf(result), {
    winnerName: 'Skriv vinderens navn',
    winnerCvr: 'Skriv vinderens CVR-nummer',
    awardValueDkk: 'Skriv tildelingsbeløbet',
    bidsReceived: 'Skriv antallet af modtagne tilbud',
    criterion: 'Vælg tildelingskriteriet',
    decidedOn: 'Skriv afgørelsesdatoen',
    notifiedOn: 'Skriv datoen for underretning af tilbudsgiverne',
    notificationChannel: 'Vælg hvordan tilbudsgiverne blev underrettet',
    justification: 'Skriv begrundelsen for tildelingen',
  });
});

t.test('amounts: Danish formats are read, negatives and words refused', async (t) => {
  t.equal(parseKroner('1.540.000'), 1540000);
  t.equal(parseKroner('1 540 000 kr.'), 1540000);
  t.equal(parseKroner('1.540.000,50'), 1540000.5);
  t.equal(parseKroner('0'), 0);
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ awardValueDkk: '-5' }))).awardValueDkk, 'Skriv tildelingsbeløbet i kroner, fx 1.540.000');
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ awardValueDkk: 'en million' }))).awardValueDkk, 'Skriv tildelingsbeløbet i kroner, fx 1.540.000');
  t.equal(errorsOf(parseForm(contractSchema, { signedOn: '2026-12-10', finalValueDkk: '1,2,3' })).finalValueDkk, 'Skriv kontraktens endelige værdi i kroner, fx 1.540.000');
});

t.test('bids received: a whole number of at least 1', async (t) => {
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ bidsReceived: '0' }))).bidsReceived, 'Der skal være modtaget mindst 1 tilbud');
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ bidsReceived: '2.5' }))).bidsReceived, 'Antal tilbud skal være et helt tal');
});

t.test('best price-quality needs its weights', async (t) => {
  t.equal(
    errorsOf(parseForm(awardSchema, awardForm({ criterion: 'best_price_quality' }))).weights,
    'Skriv vægtningen af pris og kvalitet, fx pris 60 %, kvalitet 40 %',
  );
  t.ok(parseForm(awardSchema, awardForm({ criterion: 'best_price_quality', weights: 'pris 60 %, kvalitet 40 %' })).ok);
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ criterion: 'cheapest' }))).criterion, 'Vælg tildelingskriteriet');
});

t.test('bidders cannot be notified before the decision; the check waits for valid dates', async (t) => {
  t.equal(
    errorsOf(parseForm(awardSchema, awardForm({ decidedOn: '2026-11-24' }))).notifiedOn,
    'Tilbudsgiverne kan ikke være underrettet før afgørelsen blev truffet',
  );
  t.ok(parseForm(awardSchema, awardForm({ notifiedOn: '2026-11-20' })).ok, 'the same day is fine');
  const other = errorsOf(parseForm(awardSchema, awardForm({ decidedOn: '2026-11-24', winnerName: '' })));
  t.equal(other.notifiedOn, 'Tilbudsgiverne kan ikke være underrettet før afgørelsen blev truffet', 'shown together with other field errors');
});

t.test('dates: ISO from a date input or typed the Danish way; impossible dates refused', async (t) => {
  const danish = parseForm(cancellationSchema, { reason: 'Budgettet er bortfaldet', decidedOn: '3.12.2026' });
  t.ok(danish.ok && danish.data.decidedOn === '2026-12-03');
  t.equal(errorsOf(parseForm(cancellationSchema, { reason: 'x', decidedOn: '2026-02-30' })).decidedOn, 'Skriv datoen for aflysningen som en gyldig dato, fx 23.11.2026');
  t.equal(errorsOf(parseForm(cancellationSchema, { reason: '   ', decidedOn: '2026-11-20' })).reason, 'Skriv årsagen til aflysningen', 'blank is missing');
});

t.test('the decision letter link must be an http(s) address', async (t) => {
  t.equal(errorsOf(parseForm(awardSchema, awardForm({ decisionLetterUrl: 'javascript:alert(1)' }))).decisionLetterUrl, 'Skriv en webadresse, der begynder med https://');
  const ok = parseForm(awardSchema, awardForm({ decisionLetterUrl: 'https://sharepoint.koege.dk/afg/77.pdf' }));
  t.ok(ok.ok && ok.data.decisionLetterUrl === 'https://sharepoint.koege.dk/afg/77.pdf');
});

t.test('officer texts: trimmed, CRLF made LF, empty means none', async (t) => {
  const result = parseForm(officerTextSchema, { summary: '  Ny skole.\r\n\r\nByggestart 2027.  ', bidderNotes: '' });
  t.ok(result.ok);
  if (result.ok) t.same(result.data, { summary: 'Ny skole.\n\nByggestart 2027.', bidderNotes: null });
  t.match(errorsOf(parseForm(officerTextSchema, { summary: 'x'.repeat(5001) })).summary, /må højst være 5000 tegn/);
});

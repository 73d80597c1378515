import { parseFeed } from '@rowanmanning/feed-parser';
import t from 'tap';
import { followedEvent } from '../../src/subscriptions/followed-events.js';
import type { TenderEvent } from '../../src/tenders/events.js';
import { eventHeadline } from '../../src/wording/changes.js';
import { testApp } from '../helpers/app.js';
import { contractInDatabase } from '../helpers/contracts.js';
import { completeContract, publishRating, recordChange, recordCheck, recordProgress, signedEvent } from '../helpers/contract-rows.js';
import { decodeEntities } from '../helpers/html.js';

// How 'contract' events are told in history lines, feeds, alert mails and the API's headlines, in
// both languages: one headline per action from the summary the services write, a change's reason,
// new handover date and §180 basis under it. Text an officer typed (a KPI's title and unit) reaches
// the feeds and the history page escaped, as text.

const nb = (text: string) => text.replaceAll('\u00a0', ' ');

const event = (details: unknown): TenderEvent => ({
  id: 1,
  tenderId: 'T-1',
  occurredAt: new Date('2027-01-10T09:00:00Z'),
  kind: 'contract',
  source: 'officer',
  revision: null,
  changes: [],
  details,
});

const headline = (details: unknown, lang: 'da' | 'en' = 'da') => {
  const text = eventHeadline(event(details), lang);
  return text === null ? null : nb(text);
};

t.test('signed: the number of targets agreed', async (t) => {
  const signed = (targets: number, kpis: number) => ({ action: 'signed', id: null, summary: { targets, kpis, originalValueDkk: 12_000_000, plannedHandoverOn: '2027-08-31' } });
  t.equal(headline(signed(2, 1)), 'Kontrakt underskrevet: 3 mål aftalt');
  t.equal(headline(signed(2, 1), 'en'), 'Contract signed: 3 targets agreed');
  t.equal(headline(signed(1, 0)), 'Kontrakt underskrevet: 1 mål aftalt');
  t.equal(headline(signed(0, 1), 'en'), 'Contract signed: 1 target agreed');
  t.equal(headline(signed(0, 0)), 'Kontrakt underskrevet');
});

t.test('progress: delivered against the target, in the measure’s unit; a KPI by its title', async (t) => {
  const progress = (summary: Record<string, unknown>) => ({ action: 'progress', id: 4, summary: { targetId: 9, requirementCode: null, measure: null, title: null, unit: null, observedOn: '2027-01-15', ...summary } });
  const apprentices = progress({ requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_years', value: 2.5, targetValue: 4 });
  t.equal(headline(apprentices), 'Fremdrift: 2,5 af 4 lærlingeår');
  t.equal(headline(apprentices, 'en'), 'Progress: 2.5 of 4 apprentice-years');
  const co2 = progress({ requirementCode: 'ENV-CO2-LCA', measure: 'co2_per_m2_year', value: 6.8, targetValue: 7.5 });
  t.equal(headline(co2), 'Fremdrift: 6,8 kg CO₂e/m²/år (højst 7,5)', 'a limit reads as one');
  t.equal(headline(co2, 'en'), 'Progress: 6.8 kg CO₂e/m²/year (at most 7.5)');
  const kpi = progress({ title: 'Mangler ved aflevering', unit: 'antal', value: 3, targetValue: 10 });
  t.equal(headline(kpi), 'Fremdrift på »Mangler ved aflevering«: 3 af 10 antal');
  t.equal(headline(kpi, 'en'), 'Progress on “Mangler ved aflevering”: 3 of 10 antal');
  t.equal(headline(progress({ title: 'Sikkerhedshændelser', value: 0, targetValue: 2 })), 'Fremdrift på »Sikkerhedshændelser«: 0 af 2');
  t.equal(headline(progress({ value: 1234.5, targetValue: 2000 })), 'Fremdrift: 1.234,5 af 2.000', 'Danish thousands and decimals');
});

t.test('check: the day, the outcome and any sanction', async (t) => {
  const check = (summary: Record<string, unknown>) => ({ action: 'check', id: 2, summary: { checkedOn: '2026-11-03', requirementCode: null, fineDkk: null, sanction: 'none', ...summary } });
  t.equal(headline(check({ outcome: 'finding', sanction: 'warning' })), 'Kontrol på pladsen 3. november 2026: Bemærkning (advarsel)');
  t.equal(headline(check({ outcome: 'finding', sanction: 'warning' }), 'en'), 'Site check 3 November 2026: Finding (warning)');
  t.equal(headline(check({ outcome: 'compliant' })), 'Kontrol på pladsen 3. november 2026: I orden');
  t.equal(headline(check({ outcome: 'breach', sanction: 'fine', fineDkk: 50_000 })), 'Kontrol på pladsen 3. november 2026: Brud (bod på 50.000 kr.)');
  t.equal(headline(check({ outcome: 'breach', sanction: 'fine', fineDkk: 50_000 }), 'en'), 'Site check 3 November 2026: Breach (fine of DKK 50,000)');
  t.same(followedEvent(event(check({ outcome: 'compliant', requirementCode: 'LAB-ILO94' }))), { headline: 'Kontrol på pladsen 3. november 2026: I orden', details: ['Kontrollen gjaldt krav LAB-ILO94'] });
  t.equal(headline({ action: 'check_response', id: 2, summary: { checkId: 2 } }), 'Leverandørens svar på en kontrol er offentliggjort');
  t.equal(headline({ action: 'check_response', id: 2, summary: { checkId: 2 } }, 'en'), 'The supplier’s response to a check is published');
});

t.test('rating: the overall rating, and whether the supplier replied', async (t) => {
  const rating = (summary: Record<string, unknown>) => ({ action: 'rating', id: 3, summary: { occasion: 'yearly', ratedOn: '2026-12-01', replied: false, ...summary } });
  t.equal(headline(rating({ overall: 'approaching', replied: true })), 'Vurdering: Nærmer sig målet — leverandøren har svaret');
  t.equal(headline(rating({ overall: 'approaching', replied: true }), 'en'), 'Rating: Approaching target — the supplier has replied');
  t.equal(headline(rating({ overall: 'good' })), 'Vurdering: God');
  t.equal(headline(rating({ overall: 'requires_improvement', occasion: 'handover' }), 'en'), 'Rating at handover: Requires improvement');
});

t.test('change: the value, the cumulative share of the original value, and under it the reason, date and basis', async (t) => {
  const change = (summary: Record<string, unknown>) => ({
    action: 'change',
    id: 5,
    summary: { changedOn: '2027-02-01', reason: 'unforeseen_conditions', crossesDeMinimis: false, legalBasis: null, newEndOn: null, ...summary },
  });
  t.equal(headline(change({ valueChangeDkk: 1_440_000, cumulativePercent: 12 })), 'Kontraktændring: +1.440.000 kr. (i alt +12 % af den oprindelige værdi)');
  t.equal(headline(change({ valueChangeDkk: 1_440_000, cumulativePercent: 12 }), 'en'), 'Contract change: +DKK 1,440,000 (+12% of the original value in total)');
  t.equal(headline(change({ valueChangeDkk: -600_000, cumulativePercent: -5 })), 'Kontraktændring: -600.000 kr. (i alt -5 % af den oprindelige værdi)');
  t.equal(headline(change({ valueChangeDkk: 0, cumulativePercent: 12.34 })), 'Kontraktændring: 0 kr. (i alt +12,3 % af den oprindelige værdi)');
  t.equal(headline(change({ valueChangeDkk: 100, cumulativePercent: null })), 'Kontraktændring: +100 kr.');
  const crossing = change({ valueChangeDkk: 2_000_000, cumulativePercent: 16.7, crossesDeMinimis: true, legalBasis: 'unforeseen_182', newEndOn: '2027-09-30' });
  t.same(followedEvent(event(crossing)), {
    headline: 'Kontraktændring: +2.000.000 kr. (i alt +16,7\u00a0% af den oprindelige værdi)',
    details: ['Årsag: Uforudsete forhold', 'Ny afleveringsdato: 30. september 2027', 'Ændringerne overstiger bagatelgrænsen i udbudslovens §180. Hjemmel: Udbudsloven §182: uforudsete omstændigheder'],
  });
  t.same(followedEvent(event(crossing), 'en')!.details, [
    'Reason: Unforeseen conditions',
    'New handover date: 30 September 2027',
    'The changes exceed the de minimis limit of section 180 of the Danish Public Procurement Act. Legal basis: Danish Public Procurement Act §182: unforeseen circumstances',
  ]);
});

t.test('completed: the handover, days late and the final value', async (t) => {
  const completed = (daysLate: number) => ({ action: 'completed', id: null, summary: { handoverOn: '2027-10-10', finalValueDkk: 13_500_000, daysLate } });
  t.equal(headline(completed(10)), 'Afleveret 10. oktober 2027, 10 dage for sent; endelig værdi 13.500.000 kr.');
  t.equal(headline(completed(10), 'en'), 'Handed over 10 October 2027, 10 days late; final value DKK 13,500,000');
  t.equal(headline(completed(1)), 'Afleveret 10. oktober 2027, 1 dag for sent; endelig værdi 13.500.000 kr.');
  t.equal(headline(completed(0), 'en'), 'Handed over 10 October 2027 on time; final value DKK 13,500,000');
});

t.test('details that are not what the action says give no line and are no news, never an error', async (t) => {
  const bad = [
    null,
    'x',
    {},
    { action: 'party', id: null, summary: {} },
    { action: 'progress', id: 'x', summary: { value: 1, targetValue: 2 } },
    { action: 'progress', id: 1, summary: { value: '1', targetValue: 2 } },
    { action: 'check', id: 1, summary: { checkedOn: 'not a day', outcome: 'finding' } },
    { action: 'check', id: 1, summary: { checkedOn: '2026-11-03', outcome: 'fine' } },
    { action: 'rating', id: 1, summary: { overall: 'excellent' } },
    { action: 'change', id: 1, summary: { valueChangeDkk: null } },
    { action: 'completed', id: null, summary: { handoverOn: '2027-10-10' } },
  ];
  for (const details of bad) {
    t.equal(eventHeadline(event(details)), null, JSON.stringify(details));
    t.equal(followedEvent(event(details)), null, 'not news either');
  }
});

const hostile = '<script>alert(1)</script> & "mangler"';

t.test('the feeds and the history tell contract events; an officer’s KPI title is escaped and parses back as text', async (t) => {
  const { app, database } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk' } });
  const db = database.db;
  const { tenderId, targets } = await contractInDatabase(db);
  const kpi = targets.find((target) => target.title === 'Mangler ved aflevering')!;
  await db.updateTable('contract_targets').set({ title: hostile, unit: '<i>stk</i>' }).where('id', '=', kpi.id).execute();
  await signedEvent(db, tenderId);
  await recordProgress(db, tenderId, kpi.id, 3, '2027-10-10');
  await recordCheck(db, tenderId, { checkedOn: '2026-11-03', subject: 'Lærlinge', outcome: 'finding', sanction: 'warning' });
  await publishRating(db, tenderId, { ratedOn: '2026-12-01', overall: 'approaching', reason: 'Bagud', reply: 'Vi indhenter det' });
  await recordChange(db, tenderId, { changedOn: '2027-02-01', reason: 'extra_work', valueChangeDkk: 1_440_000 });
  await completeContract(db, tenderId, '2027-08-30', 13_440_000);

  for (const format of ['rss', 'atom'] as const) {
    const body = (await app.inject(`/feeds/udbud.${format}?id=${tenderId}`)).body;
    t.notMatch(body, /<script>|<i>stk/, `${format}: no live markup`);
    const titles = parseFeed(body).items.map((item) => nb(item.title ?? ''));
    t.same(
      titles.slice(0, 6),
      [
        'Afleveret 30. august 2027 til tiden; endelig værdi 13.440.000 kr.: Renovering af Ølby Skole',
        'Kontraktændring: +1.440.000 kr. (i alt +12 % af den oprindelige værdi): Renovering af Ølby Skole',
        'Vurdering: Nærmer sig målet — leverandøren har svaret: Renovering af Ølby Skole',
        'Kontrol på pladsen 3. november 2026: Bemærkning (advarsel): Renovering af Ølby Skole',
        `Fremdrift på »${hostile}«: 3 af 10 <i>stk</i>: Renovering af Ølby Skole`,
        'Kontrakt underskrevet: 3 mål aftalt: Renovering af Ølby Skole',
      ],
      `${format}: one entry per contract event, newest first, the hostile title as text`,
    );
    const change = parseFeed(body).items[1]!;
    t.match(change.description ?? change.content, /Årsag: Ekstraarbejde/, `${format}: the reason under the change`);
  }
  const english = parseFeed((await app.inject(`/feeds/udbud.rss?id=${tenderId}&lang=en`)).body);
  t.equal(nb(english.items[0]!.title ?? ''), 'Handed over 30 August 2027 on time; final value DKK 13,440,000: Renovering af Ølby Skole', 'English feed');

  const page = await app.inject(`/udbud/${tenderId}`);
  t.equal(page.statusCode, 200);
  t.notMatch(page.body, /<script>alert/, 'the history escapes the title');
  const text = nb(decodeEntities(page.body));
  t.match(text, 'Kontraktændring: +1.440.000 kr. (i alt +12 % af den oprindelige værdi)');
  t.match(text, 'Årsag: Ekstraarbejde', 'the reason on the history');
  t.match(text, `Fremdrift på »${hostile}«`);
});

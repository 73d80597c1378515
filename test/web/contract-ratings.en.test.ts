import t from 'tap';
import { copenhagenDate } from '../../src/domain/period.js';
import { addDays } from '../../src/domain/standstill.js';
import { testApp } from '../helpers/app.js';
import { contractInDatabase, SUPPLIER_CVR } from '../helpers/contracts.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities, htmlLang } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

// The ratings pages in English (?lang=en, then the `lang` cookie the browser keeps): the officer's
// page with its refusals, and the supplier's page with its reply form and refusals.

const page = (tenderId: string) => `/admin/udbud/${tenderId}/kontrakt/vurderinger`;
const today = () => copenhagenDate(new Date());
const danish = (date: string) => date.split('-').reverse().join('.');

t.test('the officer’s ratings page and its refusals in English', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const { tenderId, targets } = await contractInDatabase(db);
  const kpi = targets.find((target) => target.title === 'Mangler ved aflevering')!;
  const officer = await signedIn(app, db, 'officer');

  const shown = await officer.get(`${page(tenderId)}?lang=en`);
  t.equal(htmlLang(shown.body), 'en');
  const html = decodeEntities(shown.body);
  t.match(html, /<h1>Ratings of the supplier<\/h1>/);
  t.match(html, 'The supplier (CVR 30023757) has no approved firm account on the portal, so no mail is sent.');
  t.match(html, '<option value="requires_improvement">Requires improvement</option>');
  t.match(html, '<option value="handover">Rating at handover</option>');
  t.match(html, 'Target: at most 10 antal');
  t.match(html, 'The draft is not public.');

  const missing = await officer.post(page(tenderId), { occasion: 'yearly', ratedOn: danish(today()), overall: 'good', reason: '', [`kpi-${kpi.id}-rating`]: '' });
  t.equal(missing.statusCode, 400);
  const refused = decodeEntities(missing.body);
  t.match(refused, 'Write a reason for the overall rating: a rating without a reason cannot be saved.');
  t.match(refused, 'Choose a rating of the KPI Mangler ved aflevering.');
  t.match(refused, 'Write a reason for the rating of the KPI Mangler ved aflevering: a rating without a reason cannot be saved.');

  const notSigned = await officer.post(page(SMALL_TENDER), { occasion: 'yearly', ratedOn: danish(today()), overall: 'good', reason: 'Fine' });
  t.equal(notSigned.statusCode, 409);
  t.match(decodeEntities(notSigned.body), 'The contract has not been signed yet: the supplier can only be rated once the signing is recorded. Nothing was saved.');
  t.match(decodeEntities((await officer.get(page(SMALL_TENDER))).body), 'The contract has not been recorded yet.');

  const sent = await officer.post(page(tenderId), {
    occasion: 'handover',
    ratedOn: danish(today()),
    overall: 'good',
    reason: 'Handed over on time',
    [`kpi-${kpi.id}-rating`]: 'good',
    [`kpi-${kpi.id}-reason`]: 'Few defects',
  });
  t.equal(sent.statusCode, 303);
  const listed = decodeEntities((await officer.get(String(sent.headers.location))).body);
  t.match(listed, /The draft is saved, but no mail was sent: the supplier has no approved firm account\. Send the draft another way\. The reply is due on \d+ \w+ \d{4}\./);
  t.match(listed, /Rating at handover, \d+ \w+ \d{4}: Good/);
  t.match(listed, /Draft with the supplier: reply by \d+ \w+ \d{4}/);
  t.match(listed, 'Mangler ved aflevering: Good. Few defects');
  const rating = await db.selectFrom('contract_ratings').select('id').executeTakeFirstOrThrow();
  const early = await officer.post(`${page(tenderId)}/${rating.id}/offentliggoer`, {});
  t.equal(early.statusCode, 409);
  t.match(decodeEntities(early.body), /The supplier can reply until \d+ \w+ \d{4}\. The rating can be published without a reply from the day after\./);
});

t.test('the supplier’s page, its reply form and refusals in English', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  const { tenderId } = await contractInDatabase(db, { requirements: ['SOC-APPRENTICE'] });
  await db.deleteFrom('contract_targets').where('kind', '=', 'kpi').execute();
  const firm = await signedInFirm(app, db, { cvr: SUPPLIER_CVR });
  const officer = await signedIn(app, db, 'officer');
  t.match(decodeEntities((await officer.get(`${page(tenderId)}?lang=en`)).body), 'The contract has no KPIs besides the requirements, so only the overall rating is given.');
  t.equal((await officer.post(page(tenderId), { occasion: 'yearly', ratedOn: danish(today()), overall: 'inadequate', reason: 'Too few apprentices' })).statusCode, 303);
  const rating = await db.selectFrom('contract_ratings').select('id').executeTakeFirstOrThrow();

  const shown = await firm.browser.get('/virksomhed/vurderinger?lang=en');
  t.equal(htmlLang(shown.body), 'en');
  const html = decodeEntities(shown.body);
  t.match(html, '<a href="/virksomhed/vurderinger">Ratings</a>');
  t.match(html, /<h1>Ratings of your contracts<\/h1>/);
  t.match(html, 'Contract: Renovering af Ølby Skole');
  t.match(html, /Draft: you can reply until \d+ \w+ \d{4}/);
  t.match(html, 'Overall rating: Inadequate');
  t.match(html, 'Reason: Too few apprentices');
  t.match(html, 'The reply is kept with its date and time and published at once beside the rating on the tender’s page. It cannot be changed afterwards.');
  t.match(html, 'Send the reply and publish it');

  const blank = await firm.browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: '' });
  t.equal(blank.statusCode, 400);
  t.match(decodeEntities(blank.body), 'Write your reply.');

  const replied = await firm.browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: 'Two more apprentices start in January.' });
  t.equal(replied.statusCode, 303);
  const after = decodeEntities((await firm.browser.get(String(replied.headers.location))).body);
  t.match(after, 'Thank you. Your reply is saved and published beside the rating.');
  t.match(after, /Your reply \(\d+ \w+ \d{4}, \d\d:\d\d\): Two more apprentices start in January\./);
  const again = await firm.browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: 'Again' });
  t.equal(again.statusCode, 409);
  t.match(decodeEntities(again.body), 'You have already replied to the rating. A reply cannot be changed.');

  // A second draft, past its due date: the reply is refused with the date.
  t.equal((await officer.post(page(tenderId), { occasion: 'yearly', ratedOn: danish(today()), overall: 'good', reason: 'Caught up' })).statusCode, 303);
  const second = await db.selectFrom('contract_ratings').select('id').where('id', '<>', rating.id).executeTakeFirstOrThrow();
  await db.updateTable('contract_ratings').set({ reply_due_on: addDays(today(), -1) }).where('id', '=', second.id).execute();
  const late = await firm.browser.post(`/virksomhed/vurderinger/${second.id}/svar`, { reply: 'Late' });
  t.equal(late.statusCode, 409);
  t.match(decodeEntities(late.body), /The reply was due on \d+ \w+ \d{4}\. The rating can no longer be replied to on the portal\. Contact the municipality\./);
  t.match(decodeEntities(late.body), /Draft: the time to reply ended on \d+ \w+ \d{4}\./);
});

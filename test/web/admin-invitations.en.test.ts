import t from 'tap';
import { followedEvent } from '../../src/subscriptions/followed-events.js';
import { eventsOf } from '../../src/tenders/events.js';
import { decodeEntities, htmlLang } from '../helpers/html.js';
import { firmInDatabase } from '../helpers/firms.js';
import { officerWithTenders } from '../helpers/officer.js';
import { SMALL_TENDER } from '../helpers/decisions.js';

// The invitation composer, its refusals and the 'invitations' event in English (?lang=en, then
// the `lang` cookie the browser keeps).

const composer = `/admin/udbud/${SMALL_TENDER}/invitationer`;

t.test('the composer and its refusals in English', async (t) => {
  const { db, officer } = await officerWithTenders(t);
  const a = await firmInDatabase(db, { name: 'Tag A ApS', trades: ['tag'], size: 'medium' });
  const b = await firmInDatabase(db, { name: 'Tag B ApS', trades: ['tag'] });
  const pending = await firmInDatabase(db, { name: 'Ny ApS', trades: ['tag'], status: 'unverified' });
  await db.insertInto('tender_interests').values({ tender_id: SMALL_TENDER, firm_id: pending.firmId }).execute();

  const page = await officer.get(`${composer}?lang=en`);
  t.equal(htmlLang(page.body), 'en');
  const html = decodeEntities(page.body);
  t.match(html, /<h1>Invitations to bid<\/h1>/);
  t.match(html, /<label class="form-label" for="fag-tag">Roofing<\/label>/, 'trade names in English');
  t.match(html, /<td>Medium-sized<\/td>/);
  t.match(html, /Not approved: cannot be invited/);
  t.match(html, /Showed interest/);
  t.match(html, /Local firms only \(postcodes 4600, 4623, 4632, 4652, 4681, 4140\)/);
  t.match(html, /e-mailed to the firm's contact people/, 'the form says what is kept and why');

  const refused = await officer.post(composer, { firm: [a.firmId, pending.firmId] });
  t.match(refused.body, /Ny ApS has not been approved by the municipality yet and cannot be invited/);
  const tooFew = await officer.post(composer, { firm: a.firmId });
  t.match(decodeEntities(tooFew.body), /Above DKK 300,000 at least 2 firms must be invited/);

  t.equal((await officer.post(composer, { firm: [a.firmId, b.firmId] })).statusCode, 303);
  const sent = await officer.get(`${composer}?sendt=2`);
  t.match(sent.body, /The invitations have been sent. 2 firms are now invited./);

  const [event] = await eventsOf(db, SMALL_TENDER);
  t.same(followedEvent(event!, 'en'), { headline: 'Invitations to bid sent: 2 firms have been invited', details: [] }, 'feeds and alerts tell it');
  t.same(followedEvent(event!, 'da')?.headline, 'Invitationer til underhåndsbud sendt: 2 virksomheder er inviteret');
  const publicPage = await officer.get(`/udbud/${SMALL_TENDER}`);
  t.match(publicPage.body, /2 firms have been invited to bid/);
  t.match(publicPage.body, /Who was invited is published after the award./);
  t.notMatch(publicPage.body, /Tag A ApS|Tag B ApS/);

  const tenderPage = await officer.get(`/admin/udbud/${SMALL_TENDER}`);
  t.match(tenderPage.body, /The procedure is invited bids/);
  t.match(tenderPage.body, /Invited so far: 2./);
  t.match(tenderPage.body, /<legend class="form-label">Bid 1<\/legend>/, 'the award form has bid rows');
});

import t from 'tap';
import { recordDecision } from '../../src/decisions/service.js';
import { testApp } from '../helpers/app.js';
import { anOfficer, award, copenhagenDay, EU_TENDER, PLANNED_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { signedInFirm } from '../helpers/firms.js';
import { signedIn } from '../helpers/officer.js';

const page = `/udbud/${PLANNED_TENDER}`;

t.test('interest in English: the panel, the refusals, the history, the officers’ list and My overview', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const anonymous = await app.inject(`${page}?lang=en`);
  t.match(anonymous.body, '<h2 id="interesse">Interest from firms</h2>');
  t.match(anonymous.body, 'No firms have shown interest yet.');
  t.match(anonymous.body, 'Firms can show interest: <a href="/virksomhed/log-ind">sign in</a>');

  const firm = await signedInFirm(app, database.db, { size: 'medium' });
  const form = await firm.browser.get(`${page}?lang=en`);
  t.match(form.body, '>Show interest</button>');
  t.match(form.body, 'Short note to the procurement department (optional)');
  t.match(form.body, 'We keep that your firm has shown interest, your note and the time.');

  const tooLong = await firm.browser.post(`${page}/interesse`, { note: 'x'.repeat(501) });
  t.equal(tooLong.statusCode, 400);
  t.match(tooLong.body, 'The note may be at most 500 characters');

  await firm.browser.post(`${page}/interesse`, { note: 'Painting' });
  const shown = await firm.browser.get(page);
  t.match(shown.body, '1 firm has shown interest.');
  t.match(shown.body, /Your firm showed interest on \d+ \w+ \d{4}\./);
  t.match(shown.body, '>Withdraw interest</button>');
  t.match(shown.body, 'Number of interested firms: 1');
  t.match(shown.body, /· Firms<\/p>/);

  const officer = await anOfficer(database.db);
  const before = copenhagenDay(-3);
  await recordDecision(database.db, SMALL_TENDER, { kind: 'award', details: award({ awardValueDkk: 1_480_000, decidedOn: before, notifiedOn: before }) }, 1, officer, {
    extraClosedDays: [],
  });
  await firm.browser.get(page);
  const refused = await firm.browser.post(`/udbud/${SMALL_TENDER}/interesse`, {});
  t.equal(refused.statusCode, 409);
  t.match(refused.body, 'The tender does not take interest');
  t.match(refused.body, 'This tender is &quot;Awarded&quot;. Nothing was saved.');

  const staff = await signedIn(app, database.db, 'officer');
  const admin = await staff.get(`/admin/udbud/${PLANNED_TENDER}?lang=en`);
  t.match(admin.body, '<h2 id="interests-heading">Interested firms</h2>');
  t.match(admin.body, '>Carpentry</td>');
  t.match(admin.body, '>Medium-sized</td>');
  t.match(admin.body, '<span class="badge badge-success">Approved</span>');

  await database.db.insertInto('invitations').values({ tender_id: EU_TENDER, firm_id: firm.firmId, cvr: firm.cvr, firm_name: 'X' }).execute();
  const overview = await firm.browser.get('/virksomhed/overblik');
  t.match(overview.body, '<h1>My overview</h1>');
  t.match(overview.body, 'Tenders you have shown interest in');
  t.match(overview.body, 'Number of interested firms: 1');
  t.match(overview.body, 'Painting');
  t.match(overview.body, 'Invitations to restricted bidding');
  t.match(overview.body, 'Open for bids');
  t.match(overview.body, '<a href="/virksomhed/overblik">My overview</a>');
});

import t, { type Test } from 'tap';
import { eventsOf } from '../../src/tenders/events.js';
import { decodeEntities } from '../helpers/html.js';
import { firmInDatabase } from '../helpers/firms.js';
import { officerWithTenders } from '../helpers/officer.js';
import { EU_TENDER, SMALL_TENDER } from '../helpers/decisions.js';

// The officers' invitation composer for an underhåndsbud round (/admin/udbud/:id/invitationer):
// candidates with filters and rotation counts, §12's limits, and what one send writes.

const composer = `/admin/udbud/${SMALL_TENDER}/invitationer`;

/** The candidate rows' firm names, in the order shown. */
const candidateNames = (html: string) => [...decodeEntities(html).matchAll(/<td>([^<]+)<br><span class="small-text">CVR \d{8}<\/span><\/td>/g)].map((m) => m[1]);

async function withFirms(t: Test) {
  const setup = await officerWithTenders(t);
  const { db } = setup;
  // The tender's CPV 45261000 fits the trades "tag" and "hovedentreprise".
  const tagA = await firmInDatabase(db, { name: 'Tag A ApS', trades: ['tag'] });
  const tagB = await firmInDatabase(db, { name: 'Tag B ApS', trades: ['tag'], postalCode: '4100', city: 'Ringsted' });
  const main = await firmInDatabase(db, { name: 'Hoved C A/S', trades: ['hovedentreprise'], size: 'large' });
  const painter = await firmInDatabase(db, { name: 'Maler D ApS', trades: ['maler'] });
  const unapproved = await firmInDatabase(db, { name: 'Ny E ApS', trades: ['tag'], status: 'unverified' });
  const noInvites = await firmInDatabase(db, { name: 'Stille F ApS', trades: ['tag'], wantsInvitations: false });
  return { ...setup, tagA, tagB, main, painter, unapproved, noInvites };
}

t.test('candidates: interested first, then fewest invitations in 12 months; default trades from the CPV codes; filters', async (t) => {
  const { db, officer, tagA, tagB, main, unapproved } = await withFirms(t);
  // Tag A was invited twice this year, Hoved C once; Tag B long ago (it does not count).
  const yearsAgo = new Date(Date.now() - 400 * 86_400_000);
  await db
    .insertInto('invitations')
    .values([
      { tender_id: EU_TENDER, firm_id: tagA.firmId, cvr: tagA.cvr, firm_name: 'Tag A ApS' },
      { tender_id: 'T-NOVALUE', firm_id: tagA.firmId, cvr: tagA.cvr, firm_name: 'Tag A ApS' },
      { tender_id: EU_TENDER, firm_id: main.firmId, cvr: main.cvr, firm_name: 'Hoved C A/S' },
      { tender_id: 'T-NOVALUE', firm_id: tagB.firmId, cvr: tagB.cvr, firm_name: 'Tag B ApS', invited_at: yearsAgo },
    ])
    .execute();
  // The unapproved firm showed interest: it comes first, but cannot be ticked.
  await db.insertInto('tender_interests').values({ tender_id: SMALL_TENDER, firm_id: unapproved.firmId }).execute();

  const res = await officer.get(composer);
  t.equal(res.statusCode, 200);
  t.same(candidateNames(res.body), ['Ny E ApS', 'Tag B ApS', 'Hoved C A/S', 'Tag A ApS'], 'the painter, and the firm that wants no invitations, are left out');
  t.match(res.body, /id="fag-tag" name="fag" value="tag" checked/, 'the trades fitting the CPV codes are ticked');
  t.notMatch(res.body, /id="fag-maler" name="fag" value="maler" checked/);
  t.notMatch(res.body, `value="${unapproved.firmId}"`, 'an unapproved firm has no box to tick');
  t.match(res.body, /Ikke godkendt: kan ikke inviteres/);
  t.match(res.body, /Har vist interesse/);
  const rows = decodeEntities(res.body);
  t.match(rows, /Hoved C A\/S<br><span class="small-text">CVR \d+<\/span><\/td>\s*<td>Hovedentreprise<\/td>\s*<td>Stor<\/td>\s*<td>4600 Køge<\/td>\s*<td>–<\/td>\s*<td>1<\/td>/, 'trades, size, postcode, interest and the 12-month count');
  t.match(rows, /Tag A ApS<br>[\s\S]*?<td>2<\/td>/);

  const painters = await officer.get(`${composer}?filtreret=ja&fag=maler`);
  t.same(candidateNames(painters.body), ['Maler D ApS'], 'filtered by trade');
  const local = await officer.get(`${composer}?filtreret=ja&fag=tag&lokale=ja`);
  t.same(candidateNames(local.body), ['Ny E ApS', 'Tag A ApS'], 'only local postcodes (Ringsted 4100 is not)');
  const ringsted = await officer.get(`${composer}?filtreret=ja&postnummer=4100`);
  t.same(candidateNames(ringsted.body), ['Tag B ApS'], 'by postcode, every trade when none is ticked');
  const bad = await officer.get(`${composer}?filtreret=ja&postnummer=abc`);
  t.match(bad.body, /Skriv et postnummer med 4 cifre/);
});

t.test('sending: invitations, a mail and a job per contact person, one event with the count and no names, an audit entry', async (t) => {
  const { db, officer, tagA, tagB, main } = await withFirms(t);
  await db.insertInto('firm_contacts').values({ firm_id: tagA.firmId, name: 'Anden Kontakt', email: 'anden@taga.test' }).execute();
  const res = await officer.post(composer, { filtreret: 'ja', fag: 'tag', firm: [tagA.firmId, tagB.firmId, main.firmId] });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `${composer}?sendt=3`);
  const page = await officer.get(res.headers.location as string);
  t.match(page.body, /Invitationerne er sendt. 3 virksomheder er nu inviteret./);
  t.match(decodeEntities(page.body), /Tag B ApS \(CVR \d+\), inviteret [^<]+ \(uden for lokalområdet\)/, 'Ringsted is outside the local area');

  const invitations = await db.selectFrom('invitations').selectAll().where('tender_id', '=', SMALL_TENDER).orderBy('firm_name').execute();
  t.same(invitations.map((i) => [i.firm_name, i.outside_local]), [['Hoved C A/S', false], ['Tag A ApS', false], ['Tag B ApS', true]]);
  t.ok(invitations.every((i) => i.invited_by !== null), 'each says who invited');
  const mails = await db.selectFrom('firm_mails').selectAll().where('kind', '=', 'invitation').execute();
  t.equal(mails.length, 4, 'one per contact person: Tag A has two');
  t.ok(mails.every((m) => (typeof m.details === 'string' ? JSON.parse(m.details) : m.details).tenderId === SMALL_TENDER));
  const jobs = await db.selectFrom('pgboss.job' as never).select(['id' as never, 'name' as never]).execute() as Array<{ id: string; name: string }>;
  t.same(jobs.filter((j) => j.name === 'firm-mail-send').map((j) => j.id).sort(), mails.map((m) => m.id).sort(), 'a job per mail, with the mail id');

  const [event] = await eventsOf(db, SMALL_TENDER);
  t.equal(event!.kind, 'invitations');
  t.same(event!.details, { count: 3 });
  t.notMatch(JSON.stringify(event), /Tag A|Tag B|Hoved C|\d{8}/, 'no names or CVR numbers in the event');
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'tender.invitations').execute();
  t.equal(audit.length, 1);

  const history = await officer.get(`/udbud/${SMALL_TENDER}`);
  t.match(history.body, /Invitationer til underhåndsbud sendt: 3 virksomheder er inviteret/, 'the history tells the count');
  t.notMatch(history.body, /Tag A ApS/, 'and no names before the award');
});

t.test('an unapproved firm is refused with a clear message, and nothing is written', async (t) => {
  const { db, officer, tagA, unapproved } = await withFirms(t);
  const res = await officer.post(composer, { firm: [tagA.firmId, unapproved.firmId] });
  t.equal(res.statusCode, 400);
  t.match(res.body, /Ny E ApS er ikke godkendt af kommunen endnu og kan ikke inviteres/);
  t.match(res.body, /<a href="#firms">/, 'the summary links to the list');
  t.match(res.body, new RegExp(`value="${tagA.firmId}" checked`), 'the ticked firm stays ticked');
  t.equal((await db.selectFrom('invitations').selectAll().execute()).length, 0);
  t.equal((await db.selectFrom('firm_mails').selectAll().execute()).length, 0);
  const none = await officer.post(composer, {});
  t.match(none.body, /Vælg mindst én virksomhed at invitere/);
});

t.test('§12: a 4th needs a reserved place and a firm from outside; otherwise a written reason, which is kept and audited', async (t) => {
  const { db, officer, tagA, tagB, main, painter } = await withFirms(t);
  const four = [tagA.firmId, tagB.firmId, main.firmId, painter.firmId];
  const refused = await officer.post(composer, { firm: four });
  t.equal(refused.statusCode, 400);
  t.match(decodeEntities(refused.body), /Runden får 4 inviterede: højst 3/);
  t.match(refused.body, /id="reason-error"/, 'the error sits at the reason field');
  t.equal((await db.selectFrom('invitations').selectAll().execute()).length, 0, 'nothing half-saved');

  const reserved = await officer.post(composer, { firm: four, reserveOutside: 'ja' });
  t.equal(reserved.statusCode, 303, 'a 4th from outside the local area in a reserved place is allowed');
  t.equal((await db.selectFrom('invitation_rounds').selectAll().executeTakeFirstOrThrow()).exception_reason, null);
});

t.test('a breach with a reason goes through; the reason is kept in the round and the audit log', async (t) => {
  const { db, officer, tagA } = await withFirms(t);
  const tooFew = await officer.post(composer, { firm: tagA.firmId });
  t.match(tooFew.body, /Over 300.000 kr. skal mindst 2 virksomheder inviteres/);
  const res = await officer.post(composer, { firm: tagA.firmId, reason: 'Kun én lokal tagdækker med autorisation til <strå>tag.' });
  t.equal(res.statusCode, 303);
  const round = await db.selectFrom('invitation_rounds').selectAll().executeTakeFirstOrThrow();
  t.equal(round.exception_reason, 'Kun én lokal tagdækker med autorisation til <strå>tag.');
  const audit = await db.selectFrom('audit_log').select('new_value').where('action', '=', 'tender.invitations').executeTakeFirstOrThrow();
  t.match(JSON.stringify(audit.new_value), /autorisation/);
  const page = await officer.get(composer);
  t.match(page.body, /Gemt begrundelse: Kun én lokal tagdækker med autorisation til &lt;strå&gt;tag./, 'escaped');
});

t.test('the admin tender page offers the round: as underhåndsbud by the procedure, or opened by choice', async (t) => {
  const { officer } = await officerWithTenders(t);
  const small = await officer.get(`/admin/udbud/${SMALL_TENDER}`);
  t.match(small.body, /Proceduren er underhåndsbud/);
  t.match(small.body, `href="${composer}">Sammensæt invitationer`);
  const eu = await officer.get(`/admin/udbud/${EU_TENDER}`);
  t.notMatch(eu.body, /Proceduren er underhåndsbud/);
  t.match(eu.body, `href="/admin/udbud/${EU_TENDER}/invitationer">Åbn underhåndsbud-runde`);
});

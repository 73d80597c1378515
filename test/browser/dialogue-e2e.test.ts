// Issue 16 end to end in Chromium, under the real CSP: an officer announces an information meeting
// for two pipeline projects; a firm signs up when the meeting is full and lands on the waiting list,
// another firm's cancellation moves it up (both mails read from the outbox the dialogue mail worker
// writes, the second with its .ics); the officer publishes a summary after the meeting. Later DBD
// publishes one of the projects: the firm asks a question on the tender page, the officer rewords
// and answers it, a subscriber of that tender gets the answer by e-mail, and the Atom feed and the
// OCDS record carry it (the record validates with the enquiry extension). axe on every new page in
// Danish and English. Runs with `npm run test:browser`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { cancelSignup, signUp } from '../../src/dialogue/signups.js';
import { confirmSubscription, subscribe } from '../../src/subscriptions/service.js';
import { bundledSampleExport } from '../../src/sync/dbd/file-source.js';
import { importDbdItems } from '../../src/sync/import.js';
import { parseTenderFilter } from '../../src/tenders/filter.js';
import { portalInChromium } from '../helpers/browser.js';
import { copenhagenDay } from '../helpers/decisions.js';
import { accessibleInBoth, mailTo, pageMaker, signInOfficer } from '../helpers/e2e.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

const TENDER = 'DBD-UDB-2027-0014';
const OTHER_PROJECT = 'DBD-UDB-2027-0002';
const OFFICER = { email: 'dialog@koege.test', password: 'ende-til-ende-adgangskode' };
/** The first sample firm's contact person: the firm that signs in in the browser. */
const FIRM = { cvr: '99000007', name: 'Eksempel Tømrer & Snedker ApS', email: 'kontakt1@eksempel-virksomhed.example.invalid' };
/** The second sample firm: takes two of the three seats first, then cancels. */
const EARLY_FIRM_CVR = '99001003';
const SUBSCRIBER = 'abonnent@byggeri.example.invalid';

/** DBD publishes the tender (a newer revision, bid deadline in three weeks). */
async function dbdPublishes(db: Db, id: string) {
  const { items } = JSON.parse(await readFile(bundledSampleExport, 'utf8')) as { items: Array<Record<string, unknown>> };
  const item = items.find((i) => i.id === id)!;
  const summary = await importDbdItems(db, [
    {
      ...item,
      revision: Number(item.revision) + 1,
      status: 'published',
      timeline: { ...(item.timeline as object), tenderDeadline: `${copenhagenDay(21)}T12:00:00+01:00` },
      lastModified: new Date().toISOString(),
    },
  ]);
  if (summary.updated !== 1) throw new Error(`DBD's new revision was not applied: ${JSON.stringify(summary)}`);
}

t.test('market dialogue and questions in the open, from the meeting to the open data', async (t) => {
  t.setTimeout(900_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'udbud-dialogue-e2e-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const outbox = path.join(dataDir, 'outbox');
  let db!: Db;
  const portal = await portalInChromium(
    async (d) => {
      db = d;
      await createUser(d, { email: OFFICER.email, name: 'Dialog Ende Til Ende', role: 'officer', password: OFFICER.password }, null);
    },
    { DATA_DIR: dataDir },
    { sampleFirms: true, firmMail: true, dialogueMail: true, alerts: true },
  );
  t.teardown(portal.close);
  const { base, browser } = portal;
  const problems: string[] = [];
  const newPage = pageMaker(t, browser, problems);

  // The officer signs in and announces an information meeting for two pipeline projects.
  const officer = await newPage();
  await signInOfficer(officer, base, OFFICER);
  await officer.goto(`${base}/admin/dialog/ny`);
  await accessibleInBoth(t, officer, '/admin/dialog/ny', problems);
  await officer.check('input[name=kind][value=information_meeting]');
  await officer.fill('#title', 'Informationsmøde om Søndre Skole');
  await officer.check(`input[name=tenderIds][value="${TENDER}"]`);
  await officer.check(`input[name=tenderIds][value="${OTHER_PROJECT}"]`);
  await officer.fill('#description', 'Vi fortæller om vinduer og tag på Søndre Skole og hører jeres råd.');
  await officer.fill('#startsAtDate', copenhagenDay(14));
  await officer.fill('#startsAtTime', '09:00');
  await officer.fill('#endsAtTime', '11:00');
  await officer.fill('#place', 'Køge Rådhus, Torvet 1');
  await officer.fill('#capacity', '3');
  await officer.fill('#signupDeadlineDate', copenhagenDay(12));
  await officer.fill('#signupDeadlineTime', '12:00');
  await Promise.all([officer.waitForURL(/\/admin\/dialog\/\d+\?gemt=oprettet/), officer.click('main form[action="/admin/dialog/ny"] button[type=submit]')]);
  const activityId = Number(/\/admin\/dialog\/(\d+)/.exec(officer.url())![1]);
  const linked = await db.selectFrom('dialogue_activity_tenders').select('tender_id').where('activity_id', '=', activityId).orderBy('tender_id').execute();
  t.same(linked.map((l) => l.tender_id), [OTHER_PROJECT, TENDER], 'linked to both projects');
  await accessibleInBoth(t, officer, 'the officer’s activity page', problems);

  // It is public on /dialog and on both projects' pages.
  const visitor = await newPage();
  await visitor.goto(`${base}/dialog`);
  t.match(await visitor.textContent('main'), 'Informationsmøde om Søndre Skole');
  await accessibleInBoth(t, visitor, '/dialog', problems);
  for (const id of [TENDER, OTHER_PROJECT]) {
    await visitor.goto(`${base}/udbud/${id}`);
    t.match(await visitor.textContent('main'), 'Informationsmøde om Søndre Skole', `${id} shows the meeting`);
  }

  // Another firm takes two of the three seats.
  const early = await db
    .selectFrom('firms as f')
    .innerJoin('firm_contacts as c', 'c.firm_id', 'f.id')
    .select(['f.id as firmId', 'c.id as contactId'])
    .where('f.cvr', '=', EARLY_FIRM_CVR)
    .executeTakeFirstOrThrow();
  const earlySignup = await signUp(db, activityId, early, { attendees: 2, slotId: null });
  t.ok(earlySignup.ok && earlySignup.status === 'confirmed', 'the early firm has two seats');

  // The firm signs in from the mailed link and signs up two people: the meeting is full.
  const firm = await newPage();
  await firm.goto(`${base}/virksomhed/log-ind`);
  await firm.fill('#email', FIRM.email);
  await Promise.all([firm.waitForNavigation(), firm.click('main form button[type=submit]')]);
  const signin = /https?:\/\/\S+?(\/virksomhed\/log-ind\/[A-Za-z0-9._~-]+)/.exec(await mailTo(outbox, FIRM.email, /log-ind\//));
  t.ok(signin, 'the sign-in mail carries a link');
  await firm.goto(base + signin![1]);
  await Promise.all([firm.waitForURL(`${base}/virksomhed`), firm.click('main form button[type=submit]')]);
  await firm.goto(`${base}/dialog/${activityId}`);
  await accessibleInBoth(t, firm, 'the activity page for a signed-in firm', problems);
  await firm.fill('.dialogue-signup input[name=attendees]', '2');
  await Promise.all([firm.waitForNavigation(), firm.click('.dialogue-signup form button[type=submit]')]);
  const waitingText = (await firm.textContent('.dialogue-signup'))!;
  t.match(waitingText, /venteliste/i, 'the firm is told it is on the waiting list');
  const waitingMail = await mailTo(outbox, FIRM.email, /venteliste/i);
  t.match(waitingMail, 'Informationsmøde om Søndre Skole', 'the waiting-list mail names the meeting');

  // The early firm cancels: the firm moves up and gets its seat with an invitation to its calendar.
  const cancelled = await cancelSignup(db, (earlySignup as { signupId: number }).signupId, { firmId: early.firmId });
  t.ok(cancelled.ok, 'the early firm cancels');
  const movedUp = await mailTo(outbox, FIRM.email, /BEGIN:VCALENDAR/);
  t.match(movedUp, 'METHOD:REQUEST', 'the seat comes with an .ics invitation');
  t.match(movedUp, /DTSTART;TZID=Europe\/Copenhagen:\d{8}T090000/, 'at 09:00 Copenhagen time');
  await firm.goto(`${base}/dialog/${activityId}`);
  t.notMatch(await firm.textContent('.dialogue-signup'), /venteliste/i, 'the firm has a seat now');
  const attendees = await db.selectFrom('dialogue_signups').select(['status', 'attendees']).where('activity_id', '=', activityId).where('status', '=', 'confirmed').execute();
  t.same(attendees, [{ status: 'confirmed', attendees: 2 }], 'one confirmed sign-up of two people');

  // After the meeting the officer publishes what was learned.
  await db
    .updateTable('dialogue_activities')
    .set({ starts_at: new Date(Date.now() - 3 * 3_600_000), ends_at: new Date(Date.now() - 3_600_000), signup_deadline: new Date(Date.now() - 4 * 3_600_000) })
    .where('id', '=', activityId)
    .execute();
  await officer.goto(`${base}/admin/dialog/${activityId}`);
  await officer.fill('#summary', 'Otte virksomheder deltog. Vi gennemgik tidsplanen for vinduer og tag.');
  await officer.fill('#learned', 'Leverancetiden for vinduer er 14 uger.');
  await officer.fill('#changesMade', 'Udførelsesperioden er flyttet fire uger.');
  await Promise.all([officer.waitForURL(/gemt=resultat/), officer.click(`form[action$="/admin/dialog/${activityId}/resultat"] button[type=submit]`)]);
  await visitor.goto(`${base}/dialog/${activityId}`);
  t.match(await visitor.textContent('main'), 'Leverancetiden for vinduer er 14 uger.');
  await accessibleInBoth(t, visitor, 'the activity page with its outcome', problems);
  await visitor.goto(`${base}/udbud/${TENDER}`);
  t.match(await visitor.textContent('main'), 'Udførelsesperioden er flyttet fire uger.', 'the tender page shows what changed');

  // Later: DBD publishes the tender; a subscriber follows it.
  await subscribe(db, { email: SUBSCRIBER, filter: (parseTenderFilter({ id: TENDER }, 'da') as { ok: true; filter: never }).filter, frequency: 'instant' });
  const subscription = await db.selectFrom('subscriptions').select('id').where('email', '=', SUBSCRIBER).executeTakeFirstOrThrow();
  t.equal(await confirmSubscription(db, subscription.id), 'confirmed');
  await dbdPublishes(db, TENDER);

  // The firm asks a question on the tender page.
  const question = 'Må vi tilbyde træ-alu-vinduer i stedet for træ? Vi hedder Eksempel Tømrer & Snedker ApS.';
  await firm.goto(`${base}/udbud/${TENDER}`);
  await accessibleInBoth(t, firm, 'the tender page with the question form', problems);
  await firm.fill('section.questions form textarea[name=text]', question);
  await Promise.all([firm.waitForNavigation(), firm.click('section.questions form button[type=submit]')]);
  const asked = await db.selectFrom('questions').select(['id', 'status']).where('tender_id', '=', TENDER).executeTakeFirstOrThrow();
  t.equal(asked.status, 'received', 'the question is received');
  await accessibleInBoth(t, firm, 'the receipt for a question', problems);
  await visitor.goto(`${base}/udbud/${TENDER}/spoergsmaal`);
  await accessibleInBoth(t, visitor, 'the question page for a firm without an account', problems);

  // The officer rewords it (no firm name) and answers.
  await officer.goto(`${base}/admin/spoergsmaal`);
  t.match(await officer.textContent('main'), 'Udskiftning af vinduer, Søndre Skole', 'the question waits in the officers’ list');
  await accessibleInBoth(t, officer, 'the officers’ list of unanswered questions', problems);
  await officer.goto(`${base}/admin/udbud/${TENDER}/spoergsmaal`);
  await accessibleInBoth(t, officer, 'the officer’s questions page', problems);
  await officer.check(`#q-${asked.id}`);
  await officer.fill(`#text-${asked.id}`, 'Må man tilbyde træ-alu-vinduer i stedet for træ?');
  await officer.fill('#answer', 'Ja, træ-alu-vinduer er tilladt, når de opfylder kravene i beskrivelsen.');
  await Promise.all([officer.waitForNavigation(), officer.click('section[aria-labelledby=received-heading] form button[type=submit]')]);
  await visitor.goto(`${base}/udbud/${TENDER}`);
  const page = (await visitor.textContent('main'))!;
  t.match(page, 'Må man tilbyde træ-alu-vinduer i stedet for træ?', 'the reworded question is public');
  t.match(page, 'Ja, træ-alu-vinduer er tilladt');
  t.notMatch(page, 'Vi hedder Eksempel', 'the asker is not shown');
  await accessibleInBoth(t, visitor, 'the tender page with an answer', problems);

  // The subscriber gets it by e-mail.
  await portal.matchSoon();
  const alert = await mailTo(outbox, SUBSCRIBER, /træ-alu-vinduer er tilladt/);
  t.match(alert, 'Må man tilbyde træ-alu-vinduer', 'the alert carries the question');
  t.notMatch(alert, 'Vi hedder Eksempel', 'and not the asker');

  // The feed and OCDS carry it.
  const feed = await (await fetch(`${base}/feeds/udbud.atom?id=${TENDER}`)).text();
  t.match(feed, 'træ-alu-vinduer er tilladt', 'the Atom feed carries the answer');
  const record = await fetch(`${base}/api/ocds/records/ocds-kge001-${TENDER}`);
  t.equal(record.status, 200);
  const recordJson = (await record.json()) as { records: Array<{ compiledRelease: { tender: { enquiries?: Array<{ description: string; answer: string; author?: unknown }> } } }> };
  t.equal(schemaErrors('recordPackage', recordJson), '', 'the OCDS record package validates with the enquiry extension');
  const enquiries = recordJson.records[0]!.compiledRelease.tender.enquiries ?? [];
  t.equal(enquiries.length, 1, 'one enquiry');
  t.match(enquiries[0]!.answer, 'træ-alu-vinduer er tilladt');
  t.equal(enquiries[0]!.author, undefined, 'without its author');
  t.notMatch(JSON.stringify(recordJson), FIRM.email);

  t.same(problems, [], 'no load errors on the way');
});

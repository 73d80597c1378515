import pino from 'pino';
import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { guestIdFrom, loadGuestSigner } from '../../src/dialogue/guests.js';
import { queueDialogueMail, type DialogueMailDetails, type DialogueMailKind, type DialogueRecipient } from '../../src/dialogue/mail-queue.js';
import { startDialogueMail } from '../../src/dialogue/mail-runtime.js';
import { testConfig, type Teardown } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { activityInDatabase, guestInDatabase, questionInDatabase, signupInDatabase, slotInDatabase } from '../helpers/dialogue-rows.js';
import { firmInDatabase } from '../helpers/firms.js';
import { SCRIPT } from '../helpers/hostile.js';
import { calendarPart, parseIcs } from '../helpers/ics.js';
import { linkIn, mailbox } from '../helpers/mail.js';
import { eventually, PUBLIC_URL } from '../helpers/subscriptions.js';

/** The dialogue mail worker (polling every half second) and a real SMTP server. */
async function dialogueMailSetup(t: Teardown) {
  const box = await mailbox(t);
  const base = testConfig({ publicUrl: PUBLIC_URL });
  const config = testConfig({
    publicUrl: PUBLIC_URL,
    municipalityName: 'Køge Kommune',
    mail: { ...base.mail, smtpUrl: box.url, from: 'Køge Kommune <udbud@koege.dk>', retryDelaySeconds: 1 },
  });
  const database = await createTestDatabase();
  const worker = await startDialogueMail(config, database, pino({ level: 'silent' }), { pollingIntervalSeconds: 0.5 });
  t.teardown(async () => {
    await worker.stop();
    await database.close();
  });
  return { db: database.db, box };
}

const queue = <K extends DialogueMailKind>(db: Db, to: DialogueRecipient, kind: K, details: DialogueMailDetails[K]) =>
  db.transaction().execute((trx) => queueDialogueMail(trx, to, kind, details));

const HOSTILE_TITLE = `Skolerne 2027 ${SCRIPT} & "Tag"`;

t.test('a firm’s seat: the mail in Danish with the .ics invitation; a changed time: the same UID with a higher SEQUENCE; signing off: a CANCEL', async (t) => {
  const { db, box } = await dialogueMailSetup(t);
  const firm = await firmInDatabase(db, { name: 'Tømrer <b>Hansen</b> ApS', contactName: 'Kim Kontakt', email: 'kim@toemrer.test' });
  // Winter time: 09:00–11:00 in Copenhagen.
  const activityId = await activityInDatabase(db, { title: HOSTILE_TITLE, place: 'Rådhuset; mødesal 1' });
  const signupId = await signupInDatabase(db, activityId, firm, { attendees: 2 });

  await queue(db, { contactId: firm.contactId }, 'signup_confirmed', { signupId });
  const [confirmed] = await box.waitFor(1);
  t.equal(confirmed!.subject, `Du er tilmeldt: ${HOSTILE_TITLE}`);
  t.equal(confirmed!.to && 'text' in confirmed!.to ? confirmed!.to.text : '', 'kim@toemrer.test');
  t.match(confirmed!.text, 'Hej Kim Kontakt.');
  t.match(confirmed!.text, `Tømrer <b>Hansen</b> ApS er tilmeldt "${HOSTILE_TITLE}".`);
  t.match(confirmed!.text, 'Hvornår: 10. marts 2027 kl. 09.00–11.00');
  t.match(confirmed!.text, 'Hvor: Rådhuset; mødesal 1');
  t.match(confirmed!.text, 'Deltagere: 2');
  t.match(confirmed!.text, `${PUBLIC_URL}/dialog/${activityId}\n`);
  t.match(confirmed!.text, 'Du får denne mail, fordi du er kontaktperson for Tømrer <b>Hansen</b> ApS');
  const html = String(confirmed!.html);
  t.notMatch(html, SCRIPT, 'the title is escaped in the HTML');
  t.notMatch(html, '<b>Hansen', 'the firm name is escaped in the HTML');
  t.match(html, 'Skolerne 2027 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Tag&quot;');
  t.match(html, '<html lang="da">');

  const invitation = calendarPart(confirmed!);
  t.ok(invitation, 'a text/calendar part');
  t.equal(invitation!.method, 'REQUEST');
  const first = parseIcs(invitation!.text);
  t.equal(first.calendar.getFirstPropertyValue('method'), 'REQUEST');
  t.equal(first.event.uid, `dialogue-${activityId}-${signupId}@udbud.koege.dk`);
  t.equal(first.event.sequence, 0);
  t.equal(first.event.summary, HOSTILE_TITLE, 'the title as text, not markup');
  t.equal(first.event.location, 'Rådhuset; mødesal 1');
  t.equal(first.event.startDate.toJSDate().toISOString(), '2027-03-10T08:00:00.000Z');
  t.match(invitation!.text, 'DTSTART;TZID=Europe/Copenhagen:20270310T090000');
  t.match(String(first.event.component.getFirstPropertyValue('organizer')), /udbud@koege\.dk/i);

  // The officer moves the meeting (as activities.ts does: new time, sequence + 1) into summer time.
  await db
    .updateTable('dialogue_activities')
    .set({ starts_at: new Date('2027-04-07T11:00:00Z'), ends_at: new Date('2027-04-07T12:30:00Z'), sequence: 1 })
    .where('id', '=', activityId)
    .execute();
  await queue(db, { contactId: firm.contactId }, 'activity_changed', { signupId });
  const [, changed] = await box.waitFor(2);
  t.equal(changed!.subject, `Ændret tid eller sted: ${HOSTILE_TITLE}`);
  t.match(changed!.text, 'Hvornår: 7. april 2027 kl. 13.00–14.30');
  const update = parseIcs(calendarPart(changed!)!.text);
  t.equal(calendarPart(changed!)!.method, 'REQUEST');
  t.equal(update.event.uid, first.event.uid, 'the same UID');
  t.equal(update.event.sequence, 1, 'a higher SEQUENCE');
  t.equal(update.event.startDate.toJSDate().toISOString(), '2027-04-07T11:00:00.000Z');
  t.match(calendarPart(changed!)!.text, 'DTSTART;TZID=Europe/Copenhagen:20270407T130000');

  await db.updateTable('dialogue_signups').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', signupId).execute();
  await queue(db, { contactId: firm.contactId }, 'signup_cancelled', { signupId });
  const [, , cancelled] = await box.waitFor(3);
  t.equal(cancelled!.subject, `Du er afmeldt: ${HOSTILE_TITLE}`);
  const cancel = calendarPart(cancelled!)!;
  t.equal(cancel.method, 'CANCEL');
  const parsed = parseIcs(cancel.text);
  t.equal(parsed.calendar.getFirstPropertyValue('method'), 'CANCEL');
  t.equal(parsed.event.uid, first.event.uid);
  t.equal(parsed.event.sequence, 1);
  t.equal(parsed.event.component.getFirstPropertyValue('status'), 'CANCELLED');
  await eventually(async () => (await db.selectFrom('dialogue_mails').select('sent_at').where('sent_at', 'is', null).execute()).length === 0, { what: 'all marked sent' });
});

t.test('an English guest: the confirmation link of a question, of a sign-up; a slot’s times in the invitation; what is kept and how to have it deleted', async (t) => {
  const { db, box } = await dialogueMailSetup(t);
  await withTenders(db);
  const signer = await loadGuestSigner(db);

  const asker = await guestInDatabase(db, { email: 'guest@firm.test', firmName: 'Guest & Co <Ltd>', lang: 'en' });
  await questionInDatabase(db, SMALL_TENDER, { guestId: asker }, { status: 'unconfirmed' });
  await queue(db, { guestId: asker }, 'guest_confirm', { guestId: asker, action: 'question' });
  const [confirmQuestion] = await box.waitFor(1);
  t.equal(confirmQuestion!.subject, 'Confirm your question about Renovering af tag, Testskolen');
  t.match(confirmQuestion!.text, 'Dear Guest & Co <Ltd>,');
  t.match(confirmQuestion!.text, 'You have sent a question about the tender "Renovering af tag, Testskolen" on behalf of Guest & Co <Ltd>.');
  t.match(confirmQuestion!.text, 'within 24 hours');
  const questionLink = linkIn(confirmQuestion!, `${PUBLIC_URL}/udbud/${SMALL_TENDER}/spoergsmaal/bekraeft/`);
  t.match(questionLink, /\?lang=en$/);
  const token = questionLink.slice(`${PUBLIC_URL}/udbud/${SMALL_TENDER}/spoergsmaal/bekraeft/`.length, -'?lang=en'.length);
  t.equal(guestIdFrom(signer, token), asker, 'the link carries the guest’s signed id');
  t.match(confirmQuestion!.text, 'We keep your e-mail address, the firm name and what you sent');
  t.match(confirmQuestion!.text, 'If you want your details deleted sooner, write to Køge Kommune');
  t.notMatch(confirmQuestion!.text, 'My firm', 'a guest has no account to link to');
  t.notMatch(String(confirmQuestion!.html), '<Ltd>');
  t.match(String(confirmQuestion!.html), '<html lang="en">');
  t.equal(calendarPart(confirmQuestion!), null, 'no calendar part');

  const attendee = await guestInDatabase(db, { email: 'talk@firm.test', firmName: 'Talk Ltd', lang: 'en', confirmed: true });
  const talks = await activityInDatabase(db, { kind: 'one_to_one', title: 'Én-til-én: Skolerne 2027', startsAt: new Date('2027-05-03T07:00:00Z'), endsAt: new Date('2027-05-03T14:00:00Z'), place: null, onlineUrl: 'https://meet.example/abc' });
  const slotId = await slotInDatabase(db, talks, new Date('2027-05-03T08:30:00Z'), new Date('2027-05-03T09:00:00Z'));
  const signupId = await signupInDatabase(db, talks, { guestId: attendee }, { slotId, status: 'unconfirmed' });
  await queue(db, { guestId: attendee }, 'guest_confirm', { guestId: attendee, action: 'signup' });
  const [, confirmSignup] = await box.waitFor(2);
  t.equal(confirmSignup!.subject, 'Confirm your sign-up: Én-til-én: Skolerne 2027');
  const signupLink = linkIn(confirmSignup!, `${PUBLIC_URL}/dialog/bekraeft/`);
  t.equal(guestIdFrom(signer, signupLink.slice(`${PUBLIC_URL}/dialog/bekraeft/`.length, -'?lang=en'.length)), attendee);

  await db.updateTable('dialogue_signups').set({ status: 'confirmed', confirmed_at: new Date() }).where('id', '=', signupId).execute();
  await queue(db, { guestId: attendee }, 'signup_confirmed', { signupId });
  const [, , seat] = await box.waitFor(3);
  t.equal(seat!.subject, 'You are signed up: Én-til-én: Skolerne 2027');
  t.match(seat!.text, 'Talk Ltd has a time for "Én-til-én: Skolerne 2027".');
  t.match(seat!.text, 'When: 3 May 2027, 10:30–11:00', 'the slot’s time, not the day’s');
  t.match(seat!.text, 'Online: https://meet.example/abc');
  t.match(seat!.text, 'What: One-to-one talk: Én-til-én: Skolerne 2027');
  t.match(seat!.text, `${PUBLIC_URL}/dialog/${talks}?lang=en`);
  t.match(seat!.text, 'We keep your e-mail address');
  const ics = parseIcs(calendarPart(seat!)!.text);
  t.equal(ics.event.uid, `dialogue-${talks}-${signupId}@udbud.koege.dk`);
  t.equal(ics.event.startDate.toJSDate().toISOString(), '2027-05-03T08:30:00.000Z');
  t.equal(ics.event.endDate.toJSDate().toISOString(), '2027-05-03T09:00:00.000Z');
  t.equal(ics.event.location, 'https://meet.example/abc');
  t.match(String(ics.event.component.getFirstPropertyValue('attendee')), /talk@firm\.test/i);
});

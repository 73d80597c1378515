import t, { type Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import type { DialogueMailContext } from '../../src/dialogue/compose.js';
import { loadGuestSigner } from '../../src/dialogue/guests.js';
import { queueDialogueMail, type DialogueMailDetails, type DialogueMailKind, type DialogueRecipient } from '../../src/dialogue/mail-queue.js';
import { deliverDialogueMail } from '../../src/dialogue/mail-runtime.js';
import type { MailTransport, OutgoingMail } from '../../src/subscriptions/mailer.js';
import { createTestDatabase } from '../helpers/database.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { activityInDatabase, answerInDatabase, commentInDatabase, guestInDatabase, questionInDatabase, signupInDatabase } from '../helpers/dialogue-rows.js';
import { firmInDatabase } from '../helpers/firms.js';
import { SCRIPT } from '../helpers/hostile.js';
import { PUBLIC_URL } from '../helpers/subscriptions.js';

// Every kind of dialogue mail, composed and handed to a transport that keeps what it is given
// (the SMTP path is dialogue-mail.test.ts's), and the mails that are not sent.

async function setup(t: Test) {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  await withTenders(db);
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = { send: async (mail) => void sent.push(mail), close: () => {} };
  const context: DialogueMailContext = { publicUrl: PUBLIC_URL, municipality: 'Køge Kommune', organizerEmail: 'udbud@koege.dk', signer: await loadGuestSigner(db) };
  const deliver = async <K extends DialogueMailKind>(to: DialogueRecipient, kind: K, details: DialogueMailDetails[K]) => {
    const id = await db.transaction().execute((trx) => queueDialogueMail(trx, to, kind, details));
    const outcome = await deliverDialogueMail(db, context, transport, id);
    return { outcome, mail: outcome === 'sent' ? sent.at(-1)! : null, id };
  };
  return { db, deliver, sent };
}

const firmOf = (db: Db, lang: 'da' | 'en' = 'da') =>
  firmInDatabase(db, { name: 'Maler Hansen ApS', contactName: 'Kim Kontakt' }).then(async (firm) => {
    await db.updateTable('firm_contacts').set({ lang }).where('id', '=', firm.contactId).execute();
    return firm;
  });

t.test('questions: the receipt quotes the question, the answer mail quotes the answer as published; both escaped in HTML, in Danish and English', async (t) => {
  const { db, deliver } = await setup(t);
  const firm = await firmOf(db);
  const questionId = await questionInDatabase(db, SMALL_TENDER, firm, { text: `Må vi bruge ${SCRIPT}?` });
  const received = await deliver({ contactId: firm.contactId }, 'question_received', { questionId });
  t.equal(received.outcome, 'sent');
  t.equal(received.mail!.subject, 'Vi har modtaget dit spørgsmål: Renovering af tag, Testskolen');
  t.match(received.mail!.text, `Dit spørgsmål:\nMå vi bruge ${SCRIPT}?`);
  t.match(received.mail!.text, 'Vi viser aldrig, hvem der har spurgt');
  t.match(received.mail!.text, `${PUBLIC_URL}/udbud/${SMALL_TENDER}\n`);
  t.notMatch(received.mail!.html, SCRIPT);
  t.equal(received.mail!.calendar, undefined);

  const unanswered = await deliver({ contactId: firm.contactId }, 'question_answered', { questionId });
  t.equal(unanswered.outcome, 'gone', 'not yet published: not sent');

  await answerInDatabase(db, SMALL_TENDER, [questionId], `Ja. ${SCRIPT}`);
  await db.updateTable('firm_contacts').set({ lang: 'en' }).where('id', '=', firm.contactId).execute();
  const answered = await deliver({ contactId: firm.contactId }, 'question_answered', { questionId });
  t.equal(answered.mail!.subject, 'Your question is answered: Renovering af tag, Testskolen');
  t.match(answered.mail!.text, 'is answered and published as question no. 1.');
  t.match(answered.mail!.text, `The answer:\nJa. ${SCRIPT}`);
  t.match(answered.mail!.text, `${PUBLIC_URL}/udbud/${SMALL_TENDER}?lang=en`);
  t.match(answered.mail!.text, `${PUBLIC_URL}/virksomhed?lang=en`, 'a contact’s footer links to My firm');
  t.notMatch(answered.mail!.html, SCRIPT);

  const guest = await guestInDatabase(db, { firmName: 'Gæstefirmaet ApS', confirmed: true });
  const guestQuestion = await questionInDatabase(db, SMALL_TENDER, { guestId: guest });
  const receipt = await deliver({ guestId: guest }, 'question_received', { questionId: guestQuestion });
  t.match(receipt.mail!.text, 'Hej Gæstefirmaet ApS.');
  t.match(receipt.mail!.text, 'Vi gemmer din e-mailadresse, firmanavnet og det, du har sendt');
  t.match(receipt.mail!.text, 'Vil du have dine oplysninger slettet før, så skriv til Køge Kommune');
  t.notMatch(receipt.mail!.text, '/virksomhed', 'a guest has no account to link to');
});

t.test('waiting list with its position; a seat after a cancellation; a cancelled meeting with its reason; a reminder; a comment receipt', async (t) => {
  const { db, deliver } = await setup(t);
  const activityId = await activityInDatabase(db, { capacity: 1, title: 'Leverandørdag', kind: 'supplier_day' });
  const first = await firmOf(db);
  const second = await firmOf(db);
  const third = await firmOf(db, 'en');
  const seated = await signupInDatabase(db, activityId, first);
  const waitingA = await signupInDatabase(db, activityId, second, { status: 'waiting', createdAt: new Date('2026-11-01T10:00:00Z') });
  const waitingB = await signupInDatabase(db, activityId, third, { status: 'waiting', createdAt: new Date('2026-11-01T11:00:00Z') });

  const waitA = await deliver({ contactId: second.contactId }, 'signup_waiting', { signupId: waitingA });
  t.match(waitA.mail!.text, 'står som nr. 1 på ventelisten');
  t.equal(waitA.mail!.calendar, undefined, 'no invitation while waiting');
  const waitB = await deliver({ contactId: third.contactId }, 'signup_waiting', { signupId: waitingB });
  t.equal(waitB.mail!.subject, 'You are on the waiting list: Leverandørdag');
  t.match(waitB.mail!.text, 'is number 2 on the waiting list');
  t.match(waitB.mail!.text, 'What: Supplier day: Leverandørdag');

  await db.updateTable('dialogue_signups').set({ status: 'cancelled' }).where('id', '=', seated).execute();
  await db.updateTable('dialogue_signups').set({ status: 'confirmed' }).where('id', '=', waitingA).execute();
  const moved = await deliver({ contactId: second.contactId }, 'signup_moved_up', { signupId: waitingA });
  t.equal(moved.mail!.subject, 'Der er plads til dig: Leverandørdag');
  t.match(moved.mail!.text, 'Der er blevet en plads fri, og Maler Hansen ApS er nu tilmeldt "Leverandørdag".');
  t.equal(moved.mail!.calendar?.method, 'REQUEST');

  const reminder = await deliver({ contactId: second.contactId }, 'reminder', { signupId: waitingA });
  t.equal(reminder.mail!.subject, 'Påmindelse: Leverandørdag 10. marts 2027 kl. 09.00–11.00');
  t.match(reminder.mail!.text, 'Husk "Leverandørdag", som Maler Hansen ApS er tilmeldt.');

  await db.updateTable('dialogue_activities').set({ status: 'cancelled', cancel_reason: `Lokalet er ${SCRIPT} optaget` }).where('id', '=', activityId).execute();
  const cancelled = await deliver({ contactId: second.contactId }, 'activity_cancelled', { signupId: waitingA });
  t.equal(cancelled.mail!.subject, 'Aflyst: Leverandørdag');
  t.match(cancelled.mail!.text, `Begrundelse:\nLokalet er ${SCRIPT} optaget`);
  t.notMatch(cancelled.mail!.html, SCRIPT);
  t.equal(cancelled.mail!.calendar?.method, 'CANCEL');
  t.match(cancelled.mail!.calendar!.content, 'STATUS:CANCELLED');

  const consultation = await activityInDatabase(db, { kind: 'written_consultation', title: 'Høring: udbudsmateriale skoler', startsAt: null, endsAt: null, place: null });
  const commentId = await commentInDatabase(db, consultation, first, `Husk ${SCRIPT}`);
  const comment = await deliver({ contactId: first.contactId }, 'comment_received', { commentId });
  t.equal(comment.mail!.subject, 'Vi har modtaget din kommentar: Høring: udbudsmateriale skoler');
  t.match(comment.mail!.text, 'Kommentarerne offentliggøres ikke.');
  t.match(comment.mail!.text, `Din kommentar:\nHusk ${SCRIPT}`);
  t.notMatch(comment.mail!.html, SCRIPT);
});

t.test('a mail about something gone or no longer true is dropped, not sent; a mail already sent is not sent again', async (t) => {
  const { db, deliver, sent } = await setup(t);
  const firm = await firmOf(db);
  const activityId = await activityInDatabase(db);
  const signupId = await signupInDatabase(db, activityId, firm);
  await db.updateTable('dialogue_signups').set({ status: 'cancelled' }).where('id', '=', signupId).execute();
  t.equal((await deliver({ contactId: firm.contactId }, 'signup_confirmed', { signupId })).outcome, 'gone', 'a seat since given up');
  t.equal((await deliver({ contactId: firm.contactId }, 'reminder', { signupId })).outcome, 'gone', 'no reminder for a cancelled sign-up');
  t.equal((await deliver({ contactId: firm.contactId }, 'signup_waiting', { signupId })).outcome, 'gone', 'no longer waiting');
  t.equal((await deliver({ contactId: firm.contactId }, 'signup_cancelled', { signupId })).outcome, 'sent', 'the cancellation itself is sent');
  t.equal((await deliver({ contactId: firm.contactId }, 'signup_confirmed', { signupId: 999_999 })).outcome, 'gone', 'an unknown sign-up');

  const guest = await guestInDatabase(db);
  t.equal((await deliver({ guestId: guest }, 'guest_confirm', { guestId: guest, action: 'comment' })).outcome, 'gone', 'nothing the guest sent');
  const queued = await db.transaction().execute((trx) => queueDialogueMail(trx, { guestId: guest }, 'guest_confirm', { guestId: guest, action: 'signup' }));
  await db.deleteFrom('dialogue_guests').where('id', '=', guest).execute();
  t.equal(await db.selectFrom('dialogue_mails').select('id').where('id', '=', queued).executeTakeFirst(), undefined, 'the guest’s mails go with the guest');

  const confirmedSignup = await signupInDatabase(db, activityId, await firmOf(db));
  const contact = (await db.selectFrom('dialogue_signups').select('contact_id').where('id', '=', confirmedSignup).executeTakeFirstOrThrow()).contact_id!;
  const once = await deliver({ contactId: contact }, 'signup_confirmed', { signupId: confirmedSignup });
  t.equal(once.outcome, 'sent');
  const count = sent.length;
  const context: DialogueMailContext = { publicUrl: PUBLIC_URL, municipality: 'Køge Kommune', organizerEmail: 'udbud@koege.dk', signer: await loadGuestSigner(db) };
  t.equal(await deliverDialogueMail(db, context, { send: async (m) => void sent.push(m), close: () => {} }, once.id), 'already-sent');
  t.equal(sent.length, count, 'not sent again');
});

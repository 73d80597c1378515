import t from 'tap';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { EU_TENDER, PLANNED_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { correctAnswer, dialogueEvent, publishAnswer } from '../helpers/question-rows.js';
import { alertSetup, confirmedSubscriber } from '../helpers/subscriptions.js';

// Alert mails for the two dialogue events: a follower of the tender and a matching saved search get
// a published answer with its questions (and later its correction), each in their own language,
// escaped in HTML and never naming who asked; market dialogue on a tender reaches its followers too.

const hostile = 'Må vi bruge <b>stillads</b> & lift?';

t.test('followers of the tender and matching searches get the answer, its questions and its correction; never the asker', async (t) => {
  const { database, box } = await alertSetup(t);
  const db = database.db;
  await withTenders(db);
  await matchPendingEvents(db);
  const follower = await confirmedSubscriber(database, 'follower@example.com', { id: EU_TENDER });
  await db.updateTable('subscriptions').set({ lang: 'en' }).where('id', '=', follower).execute();
  await confirmedSubscriber(database, 'soegning@example.dk', { status: 'published' });
  await confirmedSubscriber(database, 'planlagt@example.dk', { status: 'planned' });
  const asker = await firmInDatabase(db, { name: 'Spørgelysten Tømrer ApS', email: 'spoerger@toemrer.test' });

  const { answerId } = await publishAnswer(db, EU_TENDER, [{ text: 'Kim spørger om stillads', published: hostile, ...asker }], 'Ja, stillads og lift skal med.');
  await matchPendingEvents(db);
  const mails = await box.waitFor(2);
  const to = (address: string) => box.received.filter((m) => m.to && 'text' in m.to && m.to.text === address);
  const [english] = to('follower@example.com');
  const [danish] = to('soegning@example.dk');
  t.equal(english!.subject, 'Answer to question 1 published: Ny skole i Ølby');
  t.match(english!.text, `Question 1: ${hostile}`);
  t.match(english!.text, 'Answer: Ja, stillads og lift skal med.');
  t.equal(danish!.subject, 'Svar på spørgsmål 1 er offentliggjort: Ny skole i Ølby');
  t.match(danish!.text, `Spørgsmål 1: ${hostile}`);
  t.match(danish!.text, 'Svar: Ja, stillads og lift skal med.');
  t.match(String(danish!.html), 'Spørgsmål 1: Må vi bruge &lt;b&gt;stillads&lt;/b&gt; &amp; lift?', 'the question escaped in HTML');
  t.notMatch(String(danish!.html), '<b>stillads');
  for (const mail of mails) {
    for (const secret of ['Spørgelysten', 'Kim spørger', asker.email]) t.notMatch(`${mail.text}${mail.html}`, secret, `never ${secret}`);
  }
  t.same(to('planlagt@example.dk'), [], 'a search the tender does not match gets nothing');

  await correctAnswer(db, answerId, 'Ja, men kun stillads.');
  await matchPendingEvents(db);
  await box.waitFor(4);
  t.equal(to('follower@example.com')[1]!.subject, 'The answer to question 1 was corrected: Ny skole i Ølby');
  t.match(to('follower@example.com')[1]!.text, 'Corrected answer: Ja, men kun stillads.');
  t.equal(to('soegning@example.dk')[1]!.subject, 'Svaret på spørgsmål 1 er rettet: Ny skole i Ølby');
  t.match(to('soegning@example.dk')[1]!.text, 'Rettet svar: Ja, men kun stillads.');
});

t.test('market dialogue on a tender reaches those who follow it', async (t) => {
  const { database, box } = await alertSetup(t);
  const db = database.db;
  await withTenders(db);
  await matchPendingEvents(db);
  await confirmedSubscriber(database, 'planlagt@example.dk', { status: 'planned' });
  await confirmedSubscriber(database, 'aaben@example.dk', { status: 'published' });
  await dialogueEvent(db, PLANNED_TENDER, { action: 'announced', activityId: 3, kind: 'supplier_day', title: 'Leverandørdag om maling', startsAt: '2027-03-04T08:30:00Z' });
  await matchPendingEvents(db);
  const [mail] = await box.waitFor(1);
  t.equal(mail!.subject, 'Markedsdialog annonceret: Leverandørdag »Leverandørdag om maling« 4. marts 2027 kl. 09.30: Maling af gang');
  await dialogueEvent(db, PLANNED_TENDER, { action: 'cancelled', activityId: 3, kind: 'supplier_day', title: 'Leverandørdag om maling', startsAt: '2027-03-04T08:30:00Z' });
  await matchPendingEvents(db);
  const [, cancelled] = await box.waitFor(2);
  t.match(cancelled!.subject, /^Markedsdialog aflyst: Leverandørdag/);
  t.ok(box.received.every((m) => m.to && 'text' in m.to && m.to.text === 'planlagt@example.dk'), 'only the follower of the planned tender');
});

import t from 'tap';
import { commentCount, commentsOf, confirmDialogueGuest, sendComment } from '../../src/dialogue/comments.js';
import { cancelActivity } from '../../src/dialogue/activities.js';
import { localize } from '../../src/i18n/messages.js';
import { testDatabase } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';
import { anActivity, at, consultationInput, dialogueCounts, mailsQueued, meetingInput, NOW, withPipeline } from '../helpers/dialogue.js';

// Comments on a draft in written consultation: from firms and confirmed guests, before the
// deadline; officers read them with who sent them, the public never does.

t.test('firms and guests comment on a draft before the deadline; officers see who, with a receipt each', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, consultationInput());
  const firm = await firmInDatabase(db, { name: 'Hal og Tag ApS' });
  const sent = await sendComment(db, id, firm, '  Kravet til gulvbelægning bør tillade flere produkter.  ', NOW);
  t.match(sent, { ok: true, status: 'received' });
  t.match((await mailsQueued(db)).at(-1), { kind: 'comment_received', contactId: firm.contactId, details: { commentId: (sent as { commentId: number }).commentId } });

  const guest = await sendComment(db, id, { guest: { email: 'gaest@firma.test', firmName: 'Gæst ApS', lang: 'en' } }, 'Please allow 8 weeks for delivery.', at('2027-02-01', '12:00'));
  t.match(guest, { ok: true, status: 'unconfirmed' });
  t.equal((await commentsOf(db, id)).length, 1, 'an unconfirmed comment is not received yet');
  const guestId = (await db.selectFrom('dialogue_guests').select('id').executeTakeFirstOrThrow()).id;
  t.match(await confirmDialogueGuest(db, guestId, at('2027-02-01', '13:00')), { action: 'comment', outcome: { ok: true, firstTime: true } }, 'sent before the deadline, it counts when confirmed after');
  t.match(await confirmDialogueGuest(db, guestId, at('2027-02-01', '13:00')), { action: 'comment', outcome: { ok: true, firstTime: false } });
  t.equal((await mailsQueued(db)).filter((m) => m.kind === 'comment_received').length, 2, 'one receipt each');

  t.match(await commentsOf(db, id), [
    { text: 'Kravet til gulvbelægning bør tillade flere produkter.', firmName: 'Hal og Tag ApS', email: firm.email, guest: false },
    { text: 'Please allow 8 weeks for delivery.', firmName: 'Gæst ApS', email: 'gaest@firma.test', guest: true },
  ]);
  t.equal(await commentCount(db, id), 2);
});

t.test('bad comments are refused with their words, and nothing is written', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, consultationInput());
  const meeting = await anActivity(db, officer, meetingInput());
  const cancelled = await anActivity(db, officer, consultationInput());
  await cancelActivity(db, cancelled, 'Udkastet er trukket tilbage.', officer);
  const firm = await firmInDatabase(db);
  const rejected = await firmInDatabase(db, { status: 'rejected' });
  const before = await dialogueCounts(db);
  const cases: Array<[string, ReturnType<typeof sendComment>, string, string, string]> = [
    ['an empty comment', sendComment(db, id, firm, '   ', NOW), 'empty', 'Skriv din kommentar', 'Enter your comment'],
    ['10.000 characters', sendComment(db, id, firm, 'x'.repeat(10_000), NOW), 'too_long', 'Højst 8000 tegn', 'At most 8000 characters'],
    ['after the deadline', sendComment(db, id, firm, 'For sent', at('2027-02-01', '12:01')), 'closed', 'Fristen for kommentarer er overstået', 'The deadline for comments has passed'],
    ['on a meeting', sendComment(db, meeting, firm, 'Hej', NOW), 'not_consultation', 'Aktiviteten tager ikke imod kommentarer', 'The activity takes no comments'],
    ['on a cancelled consultation', sendComment(db, cancelled, firm, 'Hej', NOW), 'cancelled', 'Aktiviteten er aflyst', 'The activity is cancelled'],
    ['from a rejected firm', sendComment(db, id, rejected, 'Hej', NOW), 'rejected', 'Kommunen har afvist virksomhedens registrering, så den kan ikke deltage i markedsdialogen', ''],
    ['from a guest without address', sendComment(db, id, { guest: { email: '', firmName: 'X', lang: 'da' } }, 'Hej', NOW), 'invalid_guest', 'Skriv din e-mailadresse', 'Enter your e-mail address'],
    ['on no activity', sendComment(db, 4711, firm, 'Hej', NOW), 'not_found', 'Aktiviteten findes ikke', ''],
  ];
  for (const [what, promise, reason, da, en] of cases) {
    const outcome = await promise;
    t.match(outcome, { ok: false, reason }, what);
    const message = outcome.ok ? '' : outcome.message;
    t.equal(localize('da', message), da, `${what} (da)`);
    if (en) t.equal(localize('en', message), en, `${what} (en)`);
  }
  t.same(await dialogueCounts(db), before, 'nothing written');
});

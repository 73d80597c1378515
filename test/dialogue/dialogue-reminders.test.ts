import pino from 'pino';
import { sql } from 'kysely';
import t from 'tap';
import { deleteUnconfirmedGuests, queueReminders, startDialogueMail } from '../../src/dialogue/mail-runtime.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, testDatabaseKind } from '../helpers/database.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { activityInDatabase, commentInDatabase, guestInDatabase, questionInDatabase, signupInDatabase, slotInDatabase } from '../helpers/dialogue-rows.js';
import { firmInDatabase } from '../helpers/firms.js';
import { mailbox } from '../helpers/mail.js';
import { eventually, PUBLIC_URL } from '../helpers/subscriptions.js';

const hours = (n: number) => new Date(Date.now() + n * 3600_000);

t.test(`reminders the day before: confirmed sign-ups of meetings and slots starting within 24 hours, each reminded once even when two runs race (${testDatabaseKind})`, async (t) => {
  const box = await mailbox(t);
  const base = testConfig({ publicUrl: PUBLIC_URL });
  const config = testConfig({ publicUrl: PUBLIC_URL, municipalityName: 'Køge Kommune', mail: { ...base.mail, smtpUrl: box.url, from: 'Køge Kommune <udbud@koege.dk>', retryDelaySeconds: 1 } });
  const database = await createTestDatabase();
  const { db } = database;
  const worker = await startDialogueMail(config, database, pino({ level: 'silent' }), { pollingIntervalSeconds: 0.5 });
  t.teardown(async () => {
    await worker.stop();
    await database.close();
  });

  const soon = await activityInDatabase(db, { title: 'Informationsmøde i morgen', startsAt: hours(2), endsAt: hours(4) });
  const later = await activityInDatabase(db, { title: 'Om to dage', startsAt: hours(30), endsAt: hours(32) });
  const past = await activityInDatabase(db, { title: 'Allerede begyndt', startsAt: hours(-1), endsAt: hours(1) });
  const cancelled = await activityInDatabase(db, { title: 'Aflyst', startsAt: hours(2), endsAt: hours(3), status: 'cancelled' });
  // One-to-one: the slot's time counts, not the activity's.
  const talks = await activityInDatabase(db, { kind: 'one_to_one', title: 'Samtaler', startsAt: hours(1), endsAt: hours(60), place: null });
  const nearSlot = await slotInDatabase(db, talks, hours(3), hours(3.5));
  const farSlot = await slotInDatabase(db, talks, hours(40), hours(40.5));

  const firms = await Promise.all(Array.from({ length: 7 }, () => firmInDatabase(db)));
  const due = [
    await signupInDatabase(db, soon, firms[0]!),
    await signupInDatabase(db, talks, firms[1]!, { slotId: nearSlot }),
    await signupInDatabase(db, soon, { guestId: await guestInDatabase(db, { email: 'gaest@firma.test', confirmed: true }) }),
  ];
  const notDue = [
    await signupInDatabase(db, later, firms[2]!),
    await signupInDatabase(db, past, firms[3]!),
    await signupInDatabase(db, cancelled, firms[4]!),
    await signupInDatabase(db, soon, firms[5]!, { status: 'waiting' }),
    await signupInDatabase(db, talks, firms[6]!, { slotId: farSlot }),
  ];

  const [a, b] = await Promise.all([queueReminders(db), queueReminders(db)]);
  t.equal(a + b, 3, 'three reminders between the two runs');
  t.equal(await queueReminders(db), 0, 'a third run finds nothing left');

  const reminded = await db.selectFrom('dialogue_signups').select('id').where('reminded_at', 'is not', null).orderBy('id').execute();
  t.same(reminded.map((r) => r.id), due, 'the due sign-ups are marked reminded');
  t.notOk(reminded.some((r) => notDue.includes(r.id)));
  const mails = await db.selectFrom('dialogue_mails').select(['kind', 'details']).execute();
  t.equal(mails.length, 3, 'one reminder mail each');
  t.same(mails.map((m) => Number(m.details.signupId)).sort((x, y) => x - y), due);

  await box.waitFor(3);
  await eventually(async () => (await db.selectFrom('dialogue_mails').select('id').where('sent_at', 'is', null).execute()).length === 0, { what: 'every reminder sent' });
  t.equal(box.received.length, 3, 'three mails, none twice');
  t.ok(box.received.every((m) => m.subject?.startsWith('Påmindelse: ')));
  t.same(box.received.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort(), [firms[0]!.email, firms[1]!.email, 'gaest@firma.test'].sort());

  const schedules = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule where name like 'dialogue-%' order by name`.execute(db);
  t.same(schedules.rows, [
    { name: 'dialogue-cleanup', cron: '29 * * * *' },
    { name: 'dialogue-reminders', cron: '*/15 * * * *' },
  ], 'the jobs run every quarter of an hour and every hour');
});

t.test('guests who did not confirm within 24 hours are deleted with their question, sign-up, comment and mails; others are kept', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  await withTenders(db);
  const meeting = await activityInDatabase(db);
  const consultation = await activityInDatabase(db, { kind: 'written_consultation', startsAt: null, endsAt: null });

  const stale = await Promise.all([guestInDatabase(db, { hoursAgo: 25 }), guestInDatabase(db, { hoursAgo: 25 }), guestInDatabase(db, { hoursAgo: 25 })]);
  const staleQuestion = await questionInDatabase(db, SMALL_TENDER, { guestId: stale[0]! }, { status: 'unconfirmed' });
  await signupInDatabase(db, meeting, { guestId: stale[1]! }, { status: 'unconfirmed' });
  await commentInDatabase(db, consultation, { guestId: stale[2]! }, 'Kladde', 'unconfirmed');
  await db.insertInto('dialogue_mails').values(stale.map((guest_id) => ({ guest_id, kind: 'guest_confirm', details: '{}' }))).execute();

  const young = await guestInDatabase(db, { hoursAgo: 23 });
  const youngQuestion = await questionInDatabase(db, SMALL_TENDER, { guestId: young }, { status: 'unconfirmed' });
  const confirmed = await guestInDatabase(db, { hoursAgo: 48, confirmed: true });
  const confirmedQuestion = await questionInDatabase(db, SMALL_TENDER, { guestId: confirmed });
  await signupInDatabase(db, meeting, { guestId: confirmed });

  t.equal(await deleteUnconfirmedGuests(db), 3);
  const guests = await db.selectFrom('dialogue_guests').select('id').execute();
  t.same(guests.map((g) => g.id).sort(), [young, confirmed].sort());
  t.same((await db.selectFrom('questions').select('id').orderBy('id').execute()).map((q) => q.id), [youngQuestion, confirmedQuestion]);
  t.notOk(await db.selectFrom('questions').select('id').where('id', '=', staleQuestion).executeTakeFirst(), 'the stale question is gone, not left without its asker');
  t.same((await db.selectFrom('dialogue_signups').select('guest_id').execute()).map((s) => s.guest_id), [confirmed]);
  t.equal((await db.selectFrom('dialogue_comments').select('id').execute()).length, 0);
  t.equal((await db.selectFrom('dialogue_mails').select('id').execute()).length, 0);
  t.equal(await deleteUnconfirmedGuests(db), 0, 'nothing more on the next run');
});

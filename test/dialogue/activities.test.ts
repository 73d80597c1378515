import t from 'tap';
import { createActivity } from '../../src/dialogue/activities.js';
import { wordErrors } from '../../src/dialogue/activity-forms.js';
import { activitiesOfTenders, activityView, listActivities } from '../../src/dialogue/activity-views.js';

import {
  testDatabase,
} from '../helpers/app.js';

import {
  anActivity,
  dialogueEvents,
  at,
  consultationInput,
  dialogueCounts,
  meetingInput,
  NOW,
  PIPE_A,
  PIPE_B,
  PUBLISHED_EU,
  talksInput,
  withPipeline,
} from '../helpers/dialogue.js';

// An officer's market-dialogue activities, without the web: announcing one for two pipeline
// projects, changing and cancelling it (with the attendees' mails), the outcome afterwards and the
// public reason why an EU tender has none; events on each tender and the audit log for each.


t.test('an officer announces a meeting for two pipeline projects: both tenders tell, the audit log has it', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const made = await createActivity(db, meetingInput(), officer, NOW);
  t.ok(made.ok);
  const id = made.ok ? made.id : 0;
  for (const tender of [PIPE_A, PIPE_B]) {
    t.same(await dialogueEvents(db, tender), [
      { action: 'announced', activityId: id, kind: 'information_meeting', title: 'Informationsmøde om skole og hal', startsAt: at('2027-02-01', '09:00').toISOString() },
    ]);
  }
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.activity.create').execute();
  t.equal(audit.length, 1);
  t.match(audit[0], { user_email: 'otto@koege.test', entity_type: 'dialogue_activity', entity_id: String(id) });
  t.match(audit[0]!.new_value, { title: 'Informationsmøde om skole og hal', tenderIds: [PIPE_A, PIPE_B], capacity: 10 });

  const view = await activityView(db, id, NOW);
  t.match(view, {
    kind: 'information_meeting',
    status: 'announced',
    capacity: 10,
    seatsTaken: 0,
    seatsLeft: 10,
    waiting: 0,
    signupsOpen: true,
    commentsOpen: false,
    outcome: null,
    tenders: [
      { id: PIPE_A, title: 'Ny skole i Ølby', status: 'planned' },
      { id: PIPE_B, title: 'Renovering af idrætshal', status: 'in_preparation' },
    ],
  });
  t.equal(view!.startsAt!.toISOString(), '2027-02-01T08:00:00.000Z', '09:00 in Copenhagen in winter is 08:00 UTC');
});

t.test('a theme-only activity has no tender and no event; it is listed all the same', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ tenderIds: [], theme: 'Skoler 2027', title: 'Leverandørdag: Skoler 2027', kind: 'supplier_day' }));
  t.equal((await db.selectFrom('tender_events').selectAll().where('kind', '=', 'dialogue').execute()).length, 0);
  t.same((await listActivities(db, { when: 'coming', now: NOW })).map((a) => [a.id, a.theme, a.tenders.length]), [[id, 'Skoler 2027', 0]]);
});

t.test('bad input is refused field by field in Danish and English, and nothing is saved', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const before = await dialogueCounts(db);
  const cases: Array<[string, Parameters<typeof meetingInput>[0], string, string, string]> = [
    ['empty title', { title: '   ' }, 'title', 'Skriv en titel', 'Enter a title'],
    ['title of 201 characters', { title: 'x'.repeat(201) }, 'title', 'Højst 200 tegn', 'At most 200 characters'],
    ['neither project nor theme', { tenderIds: [] }, 'tenderIds', 'Vælg mindst ét projekt, eller skriv et tema (fx "Skoler 2027")', 'Choose at least one project, or enter a theme (e.g. "Schools 2027")'],
    ['an unknown project', { tenderIds: [PIPE_A, 'NOPE'] }, 'tenderIds', 'Projektet NOPE findes ikke', 'The project NOPE does not exist'],
    ['a published tender', { tenderIds: [PUBLISHED_EU] }, 'tenderIds', `Projektet ${PUBLISHED_EU} er ikke længere i pipeline: markedsdialog holdes, før udbuddet offentliggøres`, ''],
    ['no start', { startsAt: null }, 'startsAt', 'Angiv dato og klokkeslæt for starten', 'Enter the date and time it starts'],
    ['a start in the past', { startsAt: at('2027-01-10', '09:59'), endsAt: null, signupDeadline: null }, 'startsAt', 'Tidspunktet er overstået: vælg et tidspunkt i fremtiden', 'That time has passed: choose a time in the future'],
    ['an end before the start', { endsAt: at('2027-02-01', '08:00') }, 'endsAt', 'Sluttidspunktet skal ligge efter starten', 'The end must be after the start'],
    ['neither place nor link', { place: ' ', onlineUrl: null }, 'place', 'Angiv et sted eller et link til onlinemødet', 'Enter a place or a link to the online meeting'],
    ['a link that is no web address', { onlineUrl: 'javascript:alert(1)' }, 'onlineUrl', 'Skriv en webadresse, der begynder med https:// eller http://', 'Enter a web address starting with https:// or http://'],
    ['no seats', { capacity: 0 }, 'capacity', 'Antal pladser skal være et helt tal fra 1 til 10000, eller tomt for ubegrænset', 'The number of seats must be a whole number from 1 to 10000, or empty for no limit'],
    ['half a seat', { capacity: 2.5 }, 'capacity', 'Antal pladser skal være et helt tal fra 1 til 10000, eller tomt for ubegrænset', ''],
    ['a sign-up deadline after the start', { signupDeadline: at('2027-02-01', '10:00') }, 'signupDeadline', 'Tilmeldingsfristen skal ligge før aktiviteten begynder', 'The sign-up deadline must be before the activity starts'],
    ['a consultation without draft', { ...consultationInput(), draftUrl: null }, 'draftUrl', 'Angiv linket til udkastet', 'Enter the link to the draft'],
    ['a consultation without deadline', { ...consultationInput(), commentDeadline: null }, 'commentDeadline', 'Angiv fristen for kommentarer', 'Enter the deadline for comments'],
    ['talks without slots', { ...talksInput(), slots: [] }, 'slots', 'Angiv tidsrummet for samtalerne: dato, start, slut og samtalernes længde', ''],
    [
      'overlapping slots',
      { ...talksInput(), slots: [{ startsAt: at('2027-02-02', '09:00'), endsAt: at('2027-02-02', '09:45') }, { startsAt: at('2027-02-02', '09:30'), endsAt: at('2027-02-02', '10:00') }] },
      'slots',
      'To tidspunkter overlapper hinanden',
      'Two time slots overlap',
    ],
  ];
  for (const [what, overrides, field, da, en] of cases) {
    const outcome = await createActivity(db, meetingInput(overrides), officer, NOW);
    if (outcome.ok) {
      t.fail(`${what}: accepted`);
      continue;
    }
    t.equal(outcome.code, 'invalid', what);
    t.equal(wordErrors('da', outcome.errors).errors[field], da, `${what} (da)`);
    if (en) t.equal(wordErrors('en', outcome.errors).errors[field], en, `${what} (en)`);
  }
  t.same(await dialogueCounts(db), before, 'nothing saved, no event, no audit entry');
});

t.test('coming and past activities, and the dialogue history of each tender', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const meeting = await anActivity(db, officer);
  const talks = await anActivity(db, officer, talksInput());
  const consultation = await anActivity(db, officer, consultationInput());
  const later = at('2027-02-01', '13:00');
  t.same((await listActivities(db, { when: 'coming', now: NOW })).map((a) => a.id), [meeting, consultation, talks], 'soonest first');
  t.same((await listActivities(db, { when: 'coming', now: later })).map((a) => a.id), [talks]);
  t.same((await listActivities(db, { when: 'past', now: later })).map((a) => a.id), [meeting, consultation], 'latest first');
  const history = await activitiesOfTenders(db, [PIPE_A, PIPE_B, PUBLISHED_EU]);
  t.same(history.get(PIPE_A)!.map((a) => a.id), [meeting, talks]);
  t.same(history.get(PIPE_B)!.map((a) => a.id), [meeting, consultation]);
  t.notOk(history.has(PUBLISHED_EU));
  t.match(await activityView(db, consultation, NOW), { commentsOpen: true, signupsOpen: false, draftUrl: 'https://koege.dk/udkast/hal-kravspec.pdf' });
  t.equal(await activityView(db, 99999, NOW), null);
});

import t from 'tap';
import { wordErrors } from '../../src/dialogue/activity-forms.js';
import { activityView } from '../../src/dialogue/activity-views.js';
import { publishOutcome, setWaiver, waiverOf } from '../../src/dialogue/outcomes.js';

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
  PIPE_EU,
  PUBLISHED_EU,
  PUBLISHED_SMALL,
  withPipeline,
} from '../helpers/dialogue.js';

// An officer's market-dialogue activities, without the web: announcing one for two pipeline
// projects, changing and cancelling it (with the attendees' mails), the outcome afterwards and the
// public reason why an EU tender has none; events on each tender and the audit log for each.


t.test('the outcome is published once the activity has taken place; the tenders tell, the audit keeps both versions', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer);
  const outcome = { summary: '14 firmaer deltog.', learned: 'Markedet ønsker længere udførelsestid.', changesMade: 'Udførelsestiden er forlænget med 2 måneder.' };
  const early = await publishOutcome(db, id, outcome, officer, at('2027-02-01', '08:59'));
  t.equal(!early.ok && wordErrors('da', early.errors).errors.form, 'Resultatet kan først offentliggøres, når aktiviteten har fundet sted');
  const empty = await publishOutcome(db, id, { ...outcome, summary: ' ' }, officer, at('2027-02-02', '10:00'));
  t.equal(!empty.ok && wordErrors('en', empty.errors).errors.summary, 'Enter a summary of the activity');

  t.same(await publishOutcome(db, id, outcome, officer, at('2027-02-02', '10:00')), { ok: true });
  t.match((await activityView(db, id, at('2027-02-02', '10:00')))!.outcome, { ...outcome, publishedAt: at('2027-02-02', '10:00') });
  t.same((await dialogueEvents(db, PIPE_A)).map((e) => e.action), ['announced', 'outcome']);

  t.same(await publishOutcome(db, id, { ...outcome, learned: '' }, officer, at('2027-02-03', '10:00')), { ok: true });
  t.match((await activityView(db, id, NOW))!.outcome, { learned: null });
  const audits = await db.selectFrom('audit_log').select(['old_value', 'new_value']).where('action', '=', 'dialogue.activity.outcome').orderBy('id').execute();
  t.match(audits[1], { old_value: { learned: outcome.learned }, new_value: { learned: '' } });

  const consultation = await anActivity(db, officer, consultationInput());
  const open = await publishOutcome(db, consultation, outcome, officer, at('2027-01-20', '10:00'));
  t.equal(!open.ok && wordErrors('da', open.errors).errors.form, 'Resultatet kan først offentliggøres, når fristen for kommentarer er udløbet');
});

t.test('the public reason why an EU tender has no market dialogue', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  t.same(await setWaiver(db, PUBLISHED_EU, 'Standardiseret byggeri; markedet er velkendt fra tre lignende udbud.', officer, NOW), { ok: true });
  t.match(await waiverOf(db, PUBLISHED_EU), { reason: 'Standardiseret byggeri; markedet er velkendt fra tre lignende udbud.' });
  t.same(await dialogueEvents(db, PUBLISHED_EU), [
    { action: 'waiver', activityId: null, kind: null, title: null, startsAt: null, reason: 'Standardiseret byggeri; markedet er velkendt fra tre lignende udbud.' },
  ]);
  t.match(await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.waiver').executeTakeFirst(), { entity_type: 'tender', entity_id: PUBLISHED_EU });

  const before = await dialogueCounts(db);
  const small = await setWaiver(db, PUBLISHED_SMALL, 'Lille opgave.', officer, NOW);
  t.equal(!small.ok && wordErrors('da', small.errors).errors.form, `En begrundelse for ingen markedsdialog gives for udbud over EU-tærsklen, og ${PUBLISHED_SMALL} er ikke et EU-udbud`);
  const empty = await setWaiver(db, PUBLISHED_EU, '', officer, NOW);
  t.equal(!empty.ok && wordErrors('en', empty.errors).errors.reason, 'Enter why there is no market dialogue (the reason is public)');
  const unknown = await setWaiver(db, 'NOPE', 'x', officer, NOW);
  t.match(unknown, { ok: false, code: 'not_found' });
  await anActivity(db, officer, meetingInput({ tenderIds: [PIPE_EU] }));
  const withDialogue = await setWaiver(db, PIPE_EU, 'Ingen grund', officer, NOW);
  t.equal(!withDialogue.ok && wordErrors('da', withDialogue.errors).errors.form, 'Projektet har en markedsdialog-aktivitet: aflys den først, hvis der alligevel ingen dialog skal være');
  const after = await dialogueCounts(db);
  t.equal(after.waivers, before.waivers, 'no waiver saved by a refusal');
});

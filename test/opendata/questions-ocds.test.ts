import t from 'tap';
import { ENQUIRY_EXTENSION } from '../../src/opendata/ocds/enquiries.js';
import { testApp } from '../helpers/app.js';
import { EU_TENDER, PLANNED_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { correctAnswer, dialogueEvent, publishAnswer, receivedQuestion } from '../helpers/question-rows.js';
import { harvest } from '../fixtures/ocds/harvest.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

// The Enquiries extension in the OCDS packages: each 'answer' event is a 'tenderUpdate' release
// whose tender.enquiries hold every question answered so far, as published, with the answer as of
// that event (a correction is a later release with the new text). No author: who asked is never
// published. Every package validates against the release schema patched with the extension.

type Enquiry = { id: string; date: string; title: string; description: string; answer: string; dateAnswered: string; author?: unknown };
type Release = { ocid: string; tag: string[]; date: string; tender: { enquiries?: Enquiry[] } };

const published = new Date('2026-11-02T10:00:00Z');

async function withAnswers(t: Parameters<typeof testApp>[0]) {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const asker = await firmInDatabase(db, { name: 'Spørgelysten Tømrer ApS', email: 'spoerger@toemrer.test' });
  const first = await publishAnswer(
    db,
    EU_TENDER,
    [{ text: 'Kim fra Spørgelysten spørger: lørdagsarbejde?', published: 'Må der arbejdes om lørdagen?', receivedAt: new Date('2026-10-31T10:00:00Z'), ...asker }],
    'Ja, fra kl. 8 til 16.',
    { publishedAt: published },
  );
  await publishAnswer(db, EU_TENDER, [{ text: 'Skal stilladset med i tilbuddet?', receivedAt: new Date('2026-11-01T10:00:00Z') }], 'Ja.', { publishedAt: published });
  await correctAnswer(db, first.answerId, 'Ja, fra kl. 7 til 16.', { publishedAt: new Date('2026-11-03T10:00:00Z') });
  await receivedQuestion(db, EU_TENDER, { text: 'Ubesvaret spørgsmål', ...asker });
  const waiver = { action: 'waiver' as const, activityId: null, kind: null, title: null, startsAt: null, reason: 'Markedet er velkendt.' };
  await dialogueEvent(db, EU_TENDER, waiver);
  await dialogueEvent(db, PLANNED_TENDER, { action: 'announced', activityId: 3, kind: 'information_meeting', title: 'Informationsmøde om maling', startsAt: '2027-01-15T13:00:00Z' });
  return { app, asker };
}

t.test('a tenderUpdate release per answer event, enquiries as of that event, no author; valid with the extension', async (t) => {
  const { app, asker } = await withAnswers(t);
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  for (const page of pages) {
    t.equal(schemaErrors('releasePackage', page), '', page.uri);
    t.ok((page.extensions as string[]).includes(ENQUIRY_EXTENSION), 'the package declares the Enquiries extension');
  }
  const releases = pages.flatMap((p) => p.releases as unknown as Release[]).filter((r) => r.ocid.endsWith(EU_TENDER));
  const [created, firstAnswer, secondAnswer, correction, waiver] = releases;
  t.equal(releases.length, 5, 'created, two answers, a correction, a waiver');
  t.equal(created!.tender.enquiries, undefined, 'no enquiries before the first answer');
  for (const release of [firstAnswer, secondAnswer, correction]) t.same(release!.tag, ['tenderUpdate']);
  t.same(firstAnswer!.tender.enquiries, [
    {
      id: '1',
      date: '2026-10-31T11:00:00+01:00',
      title: 'Spørgsmål 1',
      description: 'Må der arbejdes om lørdagen?',
      answer: 'Ja, fra kl. 8 til 16.',
      dateAnswered: '2026-11-02T11:00:00+01:00',
    },
  ]);
  t.same(secondAnswer!.tender.enquiries!.map((e) => [e.id, e.answer]), [
    ['1', 'Ja, fra kl. 8 til 16.'],
    ['2', 'Ja.'],
  ]);
  t.same(correction!.tender.enquiries!.map((e) => [e.id, e.answer, e.dateAnswered]), [
    ['1', 'Ja, fra kl. 7 til 16.', '2026-11-02T11:00:00+01:00'],
    ['2', 'Ja.', '2026-11-02T11:00:00+01:00'],
  ], 'the correction is a release of its own with the new text');
  t.same(waiver!.tag, ['tenderUpdate'], 'a dialogue event is an update of the stage the tender is in');
  t.equal(waiver!.tender.enquiries!.length, 2, 'every release is a full snapshot');

  const body = JSON.stringify(pages);
  t.notMatch(body, /"author"/, 'no author');
  for (const secret of ['Spørgelysten', 'Kim fra', asker.email, asker.cvr, 'Ubesvaret']) t.notMatch(body, secret, `never ${secret}`);

  const planned = pages.flatMap((p) => p.releases as unknown as Release[]).filter((r) => r.ocid.endsWith(PLANNED_TENDER));
  t.same(planned.at(-1)!.tag, ['planningUpdate'], 'dialogue before the tender is a planning update');
});

t.test('the record compiles the enquiries with the corrected answer and validates', async (t) => {
  const { app } = await withAnswers(t);
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  const ocid = (pages.flatMap((p) => p.releases) as unknown as Release[]).find((r) => r.ocid.endsWith(`-${EU_TENDER}`))!.ocid;
  const record = await app.inject(`/api/ocds/records/${ocid}`);
  t.equal(record.statusCode, 200);
  t.equal(schemaErrors('recordPackage', record.json()), '');
  const compiled = (record.json() as { records: Array<{ compiledRelease: Release }> }).records[0]!.compiledRelease;
  t.same(compiled.tender.enquiries!.map((e) => [e.id, e.description, e.answer]), [
    ['1', 'Må der arbejdes om lørdagen?', 'Ja, fra kl. 7 til 16.'],
    ['2', 'Skal stilladset med i tilbuddet?', 'Ja.'],
  ]);
});

t.test('the validation really applies the extension: an enquiry without its id is refused', async (t) => {
  const { app } = await withAnswers(t);
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  const release = (pages.flatMap((p) => p.releases) as unknown as Release[]).find((r) => r.tender.enquiries)!;
  t.equal(schemaErrors('release', release), '');
  const broken = structuredClone(release);
  delete (broken.tender.enquiries![0] as Partial<Enquiry>).id;
  t.match(schemaErrors('release', broken), /enquiries\/0 must have required property 'id'/);
});

t.test('market dialogue is an engagement milestone in planning: scheduled, then not met when cancelled; valid', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const meeting = { activityId: 3, kind: 'information_meeting', title: 'Informationsmøde om maling', startsAt: '2027-01-15T13:00:00Z' };
  await dialogueEvent(database.db, PLANNED_TENDER, { action: 'announced', ...meeting });
  await dialogueEvent(database.db, PLANNED_TENDER, { action: 'cancelled', ...meeting });
  await dialogueEvent(database.db, PLANNED_TENDER, { action: 'outcome', activityId: 4, kind: 'written_consultation', title: 'Høring af udkast', startsAt: null });
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  for (const page of pages) t.equal(schemaErrors('releasePackage', page), '', page.uri);
  type Planned = Release & { planning: { milestones?: Array<Record<string, unknown>> } };
  const releases = (pages.flatMap((p) => p.releases) as unknown as Planned[]).filter((r) => r.ocid.endsWith(PLANNED_TENDER));
  t.equal(releases.length, 4);
  t.equal(releases[0]!.planning.milestones, undefined, 'none before any dialogue');
  t.same(releases.slice(1).map((r) => r.tag), [['planningUpdate'], ['planningUpdate'], ['planningUpdate']]);
  t.match(releases[1]!.planning.milestones, [
    { id: 'dialogue-3', title: 'Informationsmøde om maling', type: 'engagement', description: 'Markedsdialog: Informationsmøde', dueDate: '2027-01-15T14:00:00+01:00', status: 'scheduled' },
  ]);
  t.match(releases[3]!.planning.milestones, [
    { id: 'dialogue-3', status: 'notMet' },
    { id: 'dialogue-4', title: 'Høring af udkast', description: 'Markedsdialog: Skriftlig høring af udkast', status: 'met' },
  ]);
  t.equal(releases[3]!.planning.milestones![1]!.dueDate, undefined, 'no time for written consultation');
});

import ICAL from 'ical.js';
import t, { type Test } from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';

const PUBLIC_URL = 'https://udbud.koege.dk';

async function calendarApp(t: Test) {
  return testApp(t, { config: { publicUrl: PUBLIC_URL, municipalityName: 'Køge Kommune' } });
}

/** Parses the feed with ical.js and returns the calendar and its events by UID. */
function parseCalendar(body: string) {
  const calendar = new ICAL.Component(ICAL.parse(body));
  const events = new Map<string, ICAL.Event>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    events.set(event.uid, event);
  }
  return { calendar, events };
}

async function fetchCalendar(app: Awaited<ReturnType<typeof calendarApp>>['app'], query = '') {
  const res = await app.inject(`/kalender/udbud.ics${query}`);
  return { res, ...parseCalendar(res.body) };
}

t.test('the feed is text/calendar with the municipality name and an event per kind of date', async (t) => {
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'K-PLAN', title: 'Nyt tag, Rådhuset', status: 'planned', timeline: { expectedTenderPublication: '2027-Q2' } }),
    dbdItem({ id: 'K-MONTH', title: 'Facaderenovering', status: 'in_preparation', timeline: { expectedTenderPublication: '2027-08' } }),
    dbdItem({
      id: 'K-OPEN',
      title: 'Skolegård',
      status: 'published',
      timeline: { expectedTenderPublication: '2026-12', tenderDeadline: '2027-01-15T12:00:00+01:00' },
    }),
  ]);

  const { res, calendar, events } = await fetchCalendar(app);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/calendar; charset=utf-8$/);
  t.match(res.headers['content-disposition'], /filename="udbud\.ics"/);
  t.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Udbud – Køge Kommune');

  const planned = events.get('forventet-K-PLAN@udbud.koege.dk');
  t.ok(planned, 'the expected publication of a planned tender');
  t.equal(planned!.summary, 'Forventet udbud: Nyt tag, Rådhuset');
  t.ok(planned!.startDate.isDate, 'an all-day event');
  t.equal(planned!.startDate.toString(), '2027-04-01', 'the first day of the quarter');
  t.match(planned!.description, /2\. kvartal 2027/);
  t.equal(planned!.component.getFirstPropertyValue('url'), `${PUBLIC_URL}/udbud/K-PLAN`);

  const month = events.get('forventet-K-MONTH@udbud.koege.dk');
  t.equal(month?.startDate.toString(), '2027-08-01');
  t.match(month!.description, /august 2027/);

  t.notOk(events.has('forventet-K-OPEN@udbud.koege.dk'), 'no expected publication once published');
  const deadline = events.get('deadline-K-OPEN@udbud.koege.dk');
  t.ok(deadline, 'the bid deadline');
  t.equal(deadline!.summary, 'Tilbudsfrist: Skolegård');
  t.notOk(deadline!.startDate.isDate, 'a timed event');
  t.equal(deadline!.startDate.toJSDate().toISOString(), '2027-01-15T11:00:00.000Z', '12.00 Copenhagen time');
  t.equal(deadline!.component.getFirstPropertyValue('url'), `${PUBLIC_URL}/udbud/K-OPEN`);
  t.equal(events.size, 3);
});

t.test('the deadline instant does not depend on the server process time zone', async (t) => {
  const previous = process.env.TZ;
  process.env.TZ = 'America/New_York';
  t.teardown(() => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  });
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'K-SUMMER', status: 'published', timeline: { tenderDeadline: '2027-07-01T10:00:00+02:00' } }),
  ]);
  const { res, events } = await fetchCalendar(app);
  t.match(res.body, /DTSTART:20270701T080000Z/);
  t.equal(events.get('deadline-K-SUMMER@udbud.koege.dk')?.startDate.toJSDate().toISOString(), '2027-07-01T08:00:00.000Z');
});

t.test('the /udbud filter applies, and a bad parameter is a 400 naming it', async (t) => {
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'K-WORKS', contractType: 'works', status: 'planned' }),
    dbdItem({ id: 'K-SERVICES', workType: 'service', contractType: 'services', status: 'planned' }),
  ]);
  const { res, events } = await fetchCalendar(app, '?contractType=services');
  t.equal(res.statusCode, 200);
  t.same([...events.keys()], ['forventet-K-SERVICES@udbud.koege.dk']);

  const bad = await app.inject('/kalender/udbud.ics?contractType=bygning');
  t.equal(bad.statusCode, 400);
  t.match(bad.headers['content-type'], /^text\/plain/);
  t.match(bad.body, /contractType/);
  t.match(bad.body, /ukendt kontrakttype/);
  t.notMatch(bad.body, /at .*\.ts:\d+/, 'no stack trace');

  const badValue = await app.inject('/kalender/udbud.ics?minValue=mange');
  t.equal(badValue.statusCode, 400);
  t.match(badValue.body, /minValue/);
});

t.test('a moved deadline keeps its UID and gets the new time', async (t) => {
  const { app, database } = await calendarApp(t);
  const item = (revision: number, tenderDeadline: string) =>
    dbdItem({ id: 'DBD-UDB-2027-0008', revision, status: 'published', timeline: { tenderDeadline } });
  await importDbdItems(database.db, [item(1, '2027-01-15T12:00:00+01:00')]);
  const before = await fetchCalendar(app);
  await importDbdItems(database.db, [item(2, '2027-01-22T10:00:00+01:00')]);
  const after = await fetchCalendar(app);

  const uid = 'deadline-DBD-UDB-2027-0008@udbud.koege.dk';
  t.same([...before.events.keys()], [uid]);
  t.same([...after.events.keys()], [uid], 'the same calendar entry, not a second one');
  t.equal(before.events.get(uid)!.startDate.toJSDate().toISOString(), '2027-01-15T11:00:00.000Z');
  t.equal(after.events.get(uid)!.startDate.toJSDate().toISOString(), '2027-01-22T09:00:00.000Z');
  t.ok(after.events.get(uid)!.sequence > before.events.get(uid)!.sequence, 'a higher SEQUENCE');
});

t.test('untrusted titles are escaped and round-trip through the parser', async (t) => {
  const { app, database } = await calendarApp(t);
  const title = 'Tag <script>alert(1)</script>, fase 1; del 2\\3\nBEGIN:VEVENT\nUID:injected';
  await importDbdItems(database.db, [dbdItem({ id: 'K-EVIL', title, status: 'planned' })]);
  const { res, events } = await fetchCalendar(app);
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, /^UID:injected/m, 'no injected property line');
  t.equal(res.body.match(/^BEGIN:VEVENT/gm)?.length, 1, 'no injected event');
  const event = events.get('forventet-K-EVIL@udbud.koege.dk');
  t.ok(event);
  // DBD text may be normalised on import; the title as stored must come back unchanged.
  const stored = await database.db.selectFrom('tenders').select('title').where('id', '=', 'K-EVIL').executeTakeFirstOrThrow();
  t.match(stored.title, /<script>/);
  t.equal(event!.summary, `Forventet udbud: ${stored.title}`);
});

t.test('an awarded tender with a standstill gets a standstill event', async (t) => {
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'K-AWARD', title: 'Nye vinduer', status: 'published', timeline: { tenderDeadline: '2026-11-02T12:00:00+01:00' } }),
    dbdItem({ id: 'K-EVAL', title: 'Ny belysning', status: 'published', timeline: { tenderDeadline: '2026-11-02T12:00:00+01:00' } }),
  ]);
  await database.db
    .insertInto('decisions')
    .values([
      { tender_id: 'K-AWARD', kind: 'award', decided_on: '2026-11-20', standstill_ends_on: '2026-12-01', details: '{}' },
      // Not awarded (yet): a decision alone does not make the event.
      { tender_id: 'K-EVAL', kind: 'award', decided_on: '2026-11-20', standstill_ends_on: '2026-12-01', details: '{}' },
    ])
    .execute();
  await database.db.updateTable('tenders').set({ status: 'awarded' }).where('id', '=', 'K-AWARD').execute();
  await database.db.updateTable('tenders').set({ status: 'evaluation' }).where('id', '=', 'K-EVAL').execute();

  const { events } = await fetchCalendar(app);
  const standstill = events.get('standstill-K-AWARD@udbud.koege.dk');
  t.ok(standstill);
  t.equal(standstill!.summary, 'Standstill udløber: Nye vinduer');
  t.ok(standstill!.startDate.isDate, 'an all-day event');
  t.equal(standstill!.startDate.toString(), '2026-12-01');
  t.notOk(events.has('standstill-K-EVAL@udbud.koege.dk'));
  t.ok(events.has('deadline-K-AWARD@udbud.koege.dk'), 'the past deadline stays in the calendar');
});

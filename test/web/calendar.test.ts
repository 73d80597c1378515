import ICAL from 'ical.js';
import t, { type Test } from 'tap';
import { COPENHAGEN, vtimezone } from '../../src/subscriptions/vtimezone.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';

const PUBLIC_URL = 'https://udbud.koege.dk';

async function calendarApp(t: Test) {
  return testApp(t, { config: { publicUrl: PUBLIC_URL, municipalityName: 'Køge Kommune' } });
}

/**
 * Parses the feed with ical.js and returns the calendar and its events by UID. ical.js resolves a
 * TZID only through its TimezoneService, so the service is emptied and given the feed's own
 * VTIMEZONEs: a deadline whose TZID had no VTIMEZONE would be floating (process-local) time and
 * come back as the wrong instant.
 */
function parseCalendar(body: string) {
  const calendar = new ICAL.Component(ICAL.parse(body));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
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

/** Runs `fn` with the process in time zone `zone` (Node applies a changed TZ at once). */
async function inProcessZone<T>(zone: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

/** The raw lines of `property` inside the feed's VEVENTs (not those of the VTIMEZONE). */
function eventLines(body: string, property: string): string[] {
  let inEvent = false;
  return body.split('\r\n').filter((line) => {
    if (line === 'BEGIN:VEVENT') inEvent = true;
    if (line === 'END:VEVENT') inEvent = false;
    return inEvent && (line.startsWith(`${property}:`) || line.startsWith(`${property};`));
  });
}

t.test('deadlines are Copenhagen wall-clock times with TZID and the VTIMEZONE', async (t) => {
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'K-WINTER', status: 'published', timeline: { tenderDeadline: '2027-01-15T11:00:00Z' } }),
    dbdItem({ id: 'K-SUMMER', status: 'published', timeline: { tenderDeadline: '2027-06-15T10:00:00Z' } }),
    dbdItem({ id: 'K-PLAN', status: 'planned', timeline: { expectedTenderPublication: '2027-Q2' } }),
  ]);
  const { res, calendar, events } = await fetchCalendar(app);

  t.match(res.body, /^DTSTART;TZID=Europe\/Copenhagen:20270115T120000\r$/m, 'winter: 11.00 UTC is 12.00 CET');
  t.match(res.body, /^DTSTART;TZID=Europe\/Copenhagen:20270615T120000\r$/m, 'summer: 10.00 UTC is 12.00 CEST');
  t.same(
    eventLines(res.body, 'DTSTART')
      .filter((line) => !line.startsWith('DTSTART;VALUE=DATE:'))
      .sort(),
    ['DTSTART;TZID=Europe/Copenhagen:20270115T120000', 'DTSTART;TZID=Europe/Copenhagen:20270615T120000'],
    'every timed DTSTART carries the TZID, none is UTC or floating',
  );
  t.match(res.body, /^DTSTART;VALUE=DATE:20270401\r$/m, 'the all-day date as it is');

  t.equal(res.body.match(/^BEGIN:VTIMEZONE\r$/gm)?.length, 1, 'one VTIMEZONE for the two deadlines');
  const vtimezones = calendar.getAllSubcomponents('vtimezone');
  t.equal(vtimezones.length, 1);
  t.equal(vtimezones[0]!.getFirstPropertyValue('tzid'), 'Europe/Copenhagen', 'the zone itself, not Europe/Berlin');
  t.same(
    vtimezones[0]!.getAllSubcomponents().map((c) => [c.name, c.getFirstPropertyValue('tzoffsetto')?.toString(), c.getFirstPropertyValue('rrule')?.toString()]),
    [
      ['daylight', '+02:00', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'],
      ['standard', '+01:00', 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'],
    ],
  );

  // ical.js reads the TZID through the registered VTIMEZONE (see parseCalendar) back to the instant.
  const winter = events.get('deadline-K-WINTER@udbud.koege.dk')!.startDate;
  t.equal(winter.zone.tzid, 'Europe/Copenhagen');
  t.equal(winter.toString(), '2027-01-15T12:00:00');
  t.equal(winter.toJSDate().toISOString(), '2027-01-15T11:00:00.000Z');
  const summer = events.get('deadline-K-SUMMER@udbud.koege.dk')!.startDate;
  t.equal(summer.toString(), '2027-06-15T12:00:00');
  t.equal(summer.toJSDate().toISOString(), '2027-06-15T10:00:00.000Z');

  const stamps = [...eventLines(res.body, 'DTSTAMP'), ...eventLines(res.body, 'LAST-MODIFIED')];
  t.equal(stamps.length, 6);
  for (const line of stamps) t.match(line, /^(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z$/, `${line} is UTC`);
  t.match(res.body, /^X-WR-TIMEZONE:Europe\/Copenhagen\r$/m);
  t.notMatch(res.body, /^TIMEZONE-ID:/m);
});

t.test('an all-day feed has no VTIMEZONE', async (t) => {
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [dbdItem({ id: 'K-PLAN', status: 'planned', timeline: { expectedTenderPublication: '2027-08' } })]);
  const { res } = await fetchCalendar(app);
  t.notMatch(res.body, /VTIMEZONE|TZID/);
});

t.test('the feed does not depend on the server process time zone', async (t) => {
  const { app, database } = await calendarApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'K-SUMMER', status: 'published', timeline: { tenderDeadline: '2027-07-01T10:00:00+02:00' } }),
    // 02.30 in Copenhagen on the night New York skips 02.00–03.00: no local Date can hold it there.
    dbdItem({ id: 'K-NIGHT', status: 'published', timeline: { tenderDeadline: '2027-03-14T01:30:00Z' } }),
    dbdItem({ id: 'K-PLAN', status: 'planned', timeline: { expectedTenderPublication: '2027-Q2' } }),
    dbdItem({ id: 'K-AWARD', status: 'published', timeline: { tenderDeadline: '2026-11-02T12:00:00+01:00' } }),
  ]);
  await database.db
    .insertInto('decisions')
    .values({ tender_id: 'K-AWARD', kind: 'award', decided_on: '2026-11-20', standstill_ends_on: '2026-12-01', details: '{}' })
    .execute();
  await database.db.updateTable('tenders').set({ status: 'awarded' }).where('id', '=', 'K-AWARD').execute();

  const reference = await inProcessZone('UTC', () => app.inject('/kalender/udbud.ics'));
  t.match(reference.body, /^DTSTART;TZID=Europe\/Copenhagen:20270701T100000\r$/m);
  t.match(reference.body, /^DTSTART;TZID=Europe\/Copenhagen:20270314T023000\r$/m);
  t.match(reference.body, /^DTSTART;TZID=Europe\/Copenhagen:20261102T120000\r$/m);
  t.match(reference.body, /^DTSTART;VALUE=DATE:20270401\r$/m);
  t.match(reference.body, /^DTSTART;VALUE=DATE:20261201\r$/m);

  for (const zone of ['America/New_York', 'Pacific/Kiritimati', 'Europe/Copenhagen']) {
    await inProcessZone(zone, async () => {
      t.equal(process.env.TZ, zone);
      const { res, events } = await fetchCalendar(app);
      t.equal(res.body, reference.body, `the same feed, byte for byte, with TZ=${zone}`);
      t.equal(events.get('deadline-K-SUMMER@udbud.koege.dk')?.startDate.toJSDate().toISOString(), '2027-07-01T08:00:00.000Z');
      t.equal(events.get('deadline-K-NIGHT@udbud.koege.dk')?.startDate.toJSDate().toISOString(), '2027-03-14T01:30:00.000Z');
      t.equal(events.get('forventet-K-PLAN@udbud.koege.dk')?.startDate.toString(), '2027-04-01');
      t.equal(events.get('standstill-K-AWARD@udbud.koege.dk')?.startDate.toString(), '2026-12-01');
    });
  }
  // Node does apply the change: New York's offset is seen by local Date methods.
  await inProcessZone('America/New_York', async () => t.equal(new Date('2027-01-15T12:00:00Z').getTimezoneOffset(), 300));
});

t.test('the hand-written VTIMEZONE agrees with the tzdata of Intl', async (t) => {
  t.throws(() => vtimezone('Europe/Berlin'), /no VTIMEZONE for time zone Europe\/Berlin/);
  const block = vtimezone(COPENHAGEN);
  t.match(block, /^BEGIN:VTIMEZONE\r\nTZID:Europe\/Copenhagen\r\n/);
  t.match(block, /END:VTIMEZONE$/);

  const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(block)));
  const wallClock = new Intl.DateTimeFormat('en-CA', {
    timeZone: COPENHAGEN,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const intl = (instant: Date) => {
    const part = (type: string) => wallClock.formatToParts(instant).find((p) => p.type === type)!.value;
    return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
  };

  // The feed writes the wall-clock time from Intl with the TZID; a client turns it back into an
  // instant through the VTIMEZONE. Check that direction for every half hour around the transitions
  // (01.00 UTC on the last Sunday of March and October) and for noon on the 15th of every month,
  // 1997–2060. A wall-clock time that occurs twice (02.00–02.59 on the October night) cannot say
  // which: RFC 5545 means the first, ical.js takes the second; either shows the same time.
  let checked = 0;
  const mismatches: string[] = [];
  const check = (instant: Date) => {
    checked++;
    const written = intl(instant);
    const time = ICAL.Time.fromDateTimeString(written);
    time.zone = zone;
    const resolved = time.toJSDate();
    // The same date and hour an hour earlier or later: the repeated hour.
    const ambiguous = [-3_600_000, 3_600_000].some((d) => intl(new Date(instant.getTime() + d)).slice(0, 13) === written.slice(0, 13));
    const ok = ambiguous ? intl(resolved) === written : resolved.getTime() === instant.getTime();
    if (!ok) mismatches.push(`${instant.toISOString()}: written ${written}, read back as ${resolved.toISOString()}`);
  };
  for (let year = 1997; year <= 2060; year++) {
    for (let month = 0; month < 12; month++) check(new Date(Date.UTC(year, month, 15, 12)));
    for (const month of [2, 9]) {
      for (let day = 25; day <= 31; day++) {
        for (let minutes = -60; minutes <= 180; minutes += 30) check(new Date(Date.UTC(year, month, day, 0, minutes)));
      }
    }
  }
  t.same(mismatches, [], `${checked} instants`);
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

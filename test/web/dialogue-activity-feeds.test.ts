import { parseFeed } from '@rowanmanning/feed-parser';
import ICAL from 'ical.js';
import t from 'tap';
import { cancelActivity } from '../../src/dialogue/activities.js';
import { testApp } from '../helpers/app.js';
import { activity, inDays, pastMeetingWithOutcome, withProjects } from '../helpers/dialogue-pages.js';

const PUBLIC_URL = 'https://udbud.koege.dk';

for (const format of ['rss', 'atom'] as const) {
  t.test(`the ${format} feed of /dialog parses with an entry per activity and absolute links`, async (t) => {
    const { app, database } = await testApp(t, { config: { publicUrl: PUBLIC_URL } });
    const officer = await withProjects(database.db);
    const coming = await activity(database.db, officer);
    const past = await pastMeetingWithOutcome(database.db, officer);
    const res = await app.inject(`/feeds/dialog.${format}`);
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], format === 'rss' ? /^application\/rss\+xml/ : /^application\/atom\+xml/);
    const feed = parseFeed(res.body);
    t.match(feed.title, /Markedsdialog – /);
    t.same(feed.items.map((i) => i.title), ['Informationsmøde: Informationsmøde om skole og idrætshal', 'Resumé offentliggjort: Leverandørdag om tage']);
    t.same(feed.items.map((i) => i.url), [`${PUBLIC_URL}/dialog/${coming}`, `${PUBLIC_URL}/dialog/${past}`]);
    const english = parseFeed((await app.inject(`/feeds/dialog.${format}?lang=en`)).body);
    t.same(english.items.map((i) => i.title), ['Information meeting: Informationsmøde om skole og idrætshal', 'Summary published: Leverandørdag om tage']);
    t.equal(english.items[0]!.url, `${PUBLIC_URL}/dialog/${coming}?lang=en`);
  });
}

t.test('the calendar of /dialog parses, with Copenhagen times from its own VTIMEZONE and a cancelled meeting marked', async (t) => {
  const { app, database } = await testApp(t, { config: { publicUrl: PUBLIC_URL } });
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { startsAt: inDays(10, '09:00'), endsAt: inDays(10, '11:00') });
  const cancelled = await activity(database.db, officer, { title: 'Aflyst møde', startsAt: inDays(11, '09:00'), endsAt: inDays(11, '10:00') });
  t.ok((await cancelActivity(database.db, cancelled, 'For få tilmeldte', officer)).ok);
  const res = await app.inject('/kalender/dialog.ics');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(res.body));
  ICAL.TimezoneService.reset();
  const zones = calendar.getAllSubcomponents('vtimezone');
  t.same(zones.map((z) => z.getFirstPropertyValue('tzid')), ['Europe/Copenhagen']);
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  t.same(events.map((e) => e.uid), [`dialog-${id}@udbud.koege.dk`, `dialog-${cancelled}@udbud.koege.dk`]);
  t.equal(events[1]!.component.getFirstPropertyValue('status'), 'CANCELLED', 'a cancelled meeting stays, marked cancelled');
  t.equal(events[1]!.sequence, 1, 'its SEQUENCE moved on');
  const event = events[0]!;
  t.equal(event.uid, `dialog-${id}@udbud.koege.dk`);
  t.equal(event.summary, 'Informationsmøde: Informationsmøde om skole og idrætshal');
  t.equal(event.location, 'Rådhuset, Torvet 1, Køge');
  t.equal(event.startDate.zone?.tzid, 'Europe/Copenhagen');
  t.equal(event.startDate.toJSDate().toISOString(), inDays(10, '09:00').toISOString(), 'the exact instant');
  t.equal(event.endDate.toJSDate().toISOString(), inDays(10, '11:00').toISOString());
  t.match(res.body, /DTSTART;TZID=Europe\/Copenhagen:\d{8}T090000/);
});

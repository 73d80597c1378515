import t from 'tap';
import { copenhagenDate, parseExpectedPeriod, wallClock } from '../../src/domain/period.js';
import { formatExpectedPeriod } from '../../src/wording/period.js';

t.test('expected publication as precise as DBD knows it', async (t) => {
  const label = (text: string) => formatExpectedPeriod(parseExpectedPeriod(text)!);
  t.equal(label('2027-Q2'), '2. kvartal 2027');
  t.equal(label('2027-08'), 'august 2027');
  t.equal(label('2027-08-15'), '15. august 2027');
  t.equal(parseExpectedPeriod('2027-Q2')?.start, '2027-04-01');
  t.equal(parseExpectedPeriod('2027-11')?.quarter, 4);
});

t.test('text that is not a period is refused', async (t) => {
  for (const bad of ['2027-Q5', '2027-13', '2027-02-30', 'snart', '27-Q1', '']) {
    t.equal(parseExpectedPeriod(bad), null, bad);
  }
});

t.test('the calendar day is the one in Copenhagen', async (t) => {
  t.equal(copenhagenDate(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
  t.equal(copenhagenDate(new Date('2026-07-01T21:59:00Z')), '2026-07-01');
});

t.test('wall-clock fields agree with tzdata at every offset change, in zones with odd offsets too', async (t) => {
  // wallClock reads a zone's offset once per quarter hour of UTC; Intl's formatToParts of each
  // instant is the reference.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const formatFor = (zone: string) =>
    formats.get(zone) ??
    formats.set(zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })).get(zone)!;
  const reference = (instant: Date, zone: string) => {
    const format = formatFor(zone);
    const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
    return { year: p.year!.padStart(4, '0'), month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, offset: p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.replace('GMT', '') };
  };
  const zones = ['Europe/Copenhagen', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
  const wrong: string[] = [];
  let checked = 0;
  for (const zone of zones) {
    // Every minute (and a few milliseconds) of the hours around 2026's changes in both hemispheres.
    for (const day of [Date.UTC(2026, 2, 28), Date.UTC(2026, 3, 4), Date.UTC(2026, 9, 3), Date.UTC(2026, 9, 24), Date.UTC(2026, 10, 1)]) {
      for (let time = day; time < day + 2 * 86_400_000; time += 5 * 60_000 + 7) {
        checked++;
        const instant = new Date(time);
        if (JSON.stringify(wallClock(instant, zone)) !== JSON.stringify(reference(instant, zone))) wrong.push(`${zone} ${instant.toISOString()}`);
      }
    }
    // Across 150 years, local mean times and wartime rules among them.
    for (let time = Date.UTC(1880, 0, 1); time < Date.UTC(2030, 0, 1); time += 86_400_000 * 3 + 3_607_001) {
      checked++;
      const instant = new Date(time);
      if (JSON.stringify(wallClock(instant, zone)) !== JSON.stringify(reference(instant, zone))) wrong.push(`${zone} ${instant.toISOString()}`);
    }
  }
  t.same(wrong.slice(0, 5), [], `${checked} instants`);
  t.same(wallClock(new Date('2026-03-29T00:59:59.999Z')), { year: '2026', month: '03', day: '29', hour: '01', minute: '59', second: '59', offset: '+01:00' });
  t.same(wallClock(new Date('2026-03-29T01:00:00Z')), { year: '2026', month: '03', day: '29', hour: '03', minute: '00', second: '00', offset: '+02:00' });
  t.match(wallClock(new Date('1880-01-01T12:00:00Z')).offset, /^\+00:5\d:\d\d$/, 'local mean time, to the second');
});

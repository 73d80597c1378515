import type { ICalDayJsStub } from 'ical-generator';
import { wallClock } from '../domain/period.js';

// The VTIMEZONE for Europe/Copenhagen, for iCalendar feeds whose times carry TZID=Europe/Copenhagen.
//
// RFC 5545 requires a VTIMEZONE for every TZID an iCalendar object uses, and ical-generator has no
// time zone database, only a hook for a generator. It is hand-written rather than taken from a
// package: timezones-ical-library answers Europe/Copenhagen (a tzdb link) with a block whose TZID
// is Europe/Berlin, which then does not match the events' TZID. Denmark follows the EU rules,
// unchanged since 1996: summer time from the last Sunday of March at 02:00 (+0100 → +0200) to the
// last Sunday of October at 03:00 local time (+0200 → +0100), both at 01:00 UTC. The tests check
// the block against the host's tzdata (Intl) over the years tenders are planned for, so a change of
// the EU rules shows up as a failing test, not wrong times.

export const COPENHAGEN = 'Europe/Copenhagen';

// DTSTART of each sub-component is its first onset under the current rules (October: 1996; the
// March rule dates from 1981, but one year is enough and keeps the two in step).
const COPENHAGEN_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${COPENHAGEN}`,
  `X-LIC-LOCATION:${COPENHAGEN}`,
  'BEGIN:DAYLIGHT',
  'TZNAME:CEST',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'DTSTART:19960331T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZNAME:CET',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/**
 * The VTIMEZONE component for `tzid`, as ical-generator's `timezone.generator` hook wants it.
 * Only Europe/Copenhagen is known: any other zone throws, since an event whose TZID has no
 * VTIMEZONE would be silently read as floating (local) time by many clients.
 */
export function vtimezone(tzid: string): string {
  if (tzid !== COPENHAGEN) throw new Error(`no VTIMEZONE for time zone ${tzid}`);
  return COPENHAGEN_VTIMEZONE;
}

/**
 * An instant as ical-generator's Day.js stub: for an event with a TZID it calls `.tz(zone)` (or
 * `.utc()` without one) and then `.format('YYYYMMDD')` and `.format('HHmmss')`, and gets the
 * wall-clock time from Intl, never from the server process's TZ. Only those tokens are supported;
 * `toDate`/`toJSON` give the instant itself. Used by the calendar feeds and the dialogue .ics.
 */
export function zonedInstant(instant: Date, zone = 'UTC'): ICalDayJsStub {
  const value: ICalDayJsStub = {
    format: (pattern = 'YYYY-MM-DDTHH:mm:ss') => {
      const c = wallClock(instant, zone);
      const fields: Record<string, string> = { YYYY: c.year, MM: c.month, DD: c.day, HH: c.hour, mm: c.minute, ss: c.second };
      return pattern.replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => fields[token]!);
    },
    isValid: () => !Number.isNaN(instant.getTime()),
    toDate: () => new Date(instant),
    toJSON: () => instant.toISOString(),
    tz: (to?: string) => (to === undefined ? value : zonedInstant(instant, to)),
    utc: () => zonedInstant(instant, 'UTC'),
  };
  return value;
}

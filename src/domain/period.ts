// DBD knows a pipeline project's expected tender date only as precisely as planning allows:
// a quarter ('2027-Q2'), a month ('2027-08') or a day ('2027-08-15').
// This file reads them; src/wording/period.ts says them in Danish or English.

export type PeriodPrecision = 'quarter' | 'month' | 'day';

export interface ExpectedPeriod {
  precision: PeriodPrecision;
  /** First day of the period, 'YYYY-MM-DD': used for sorting and for the threshold set in force. */
  start: string;
  year: number;
  /** 1–4 */
  quarter: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Parses 'YYYY-Qn', 'YYYY-MM' or 'YYYY-MM-DD'; null when the text is none of them. */
export function parseExpectedPeriod(text: string): ExpectedPeriod | null {
  let m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const quarter = Number(m[2]);
    return { precision: 'quarter', start: `${year}-${pad((quarter - 1) * 3 + 1)}-01`, year, quarter };
  }
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return { precision: 'month', start: `${year}-${pad(month)}-01`, year, quarter: Math.ceil(month / 3) };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(year, month, day)) return null;
    return { precision: 'day', start: text, year, quarter: Math.ceil(month / 3) };
  }
  return null;
}

/** 'YYYY-MM-DD' of a date in Europe/Copenhagen (the municipality's calendar day). */
const isoDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' });

export function copenhagenDate(instant: Date): string {
  return isoDay.format(instant);
}

export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** '+01:00', '+02:00', '+00:00' */
  offset: string;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** Each zone's UTC offset in seconds per quarter of an hour of UTC already asked about. */
const offsets = new Map<string, Map<number, number>>();
const QUARTER_MS = 15 * 60 * 1000;

/** A zone's offset from UTC in seconds at an instant, read from tzdata via Intl. */
function readOffset(instant: number, zone: string): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
  if (!m) return 0; // 'GMT'
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
}

/**
 * A zone's offset from UTC in seconds at an instant (never the server process's own TZ). Zones
 * change offset on a quarter hour of UTC (Copenhagen at 01:00 UTC), so one reading holds for a
 * whole quarter hour whose start and end agree; formatToParts, which a page of a hundred dates
 * would otherwise call a hundred times, runs about once per quarter hour asked about. A quarter
 * with a change inside it (old local mean times) is read for the instant itself.
 */
function offsetSeconds(instant: number, zone: string): number {
  const quarter = Math.floor(instant / QUARTER_MS);
  let known = offsets.get(zone);
  if (!known) offsets.set(zone, (known = new Map()));
  const cached = known.get(quarter);
  if (cached !== undefined) return cached;
  const atStart = readOffset(quarter * QUARTER_MS, zone);
  if (readOffset((quarter + 1) * QUARTER_MS - 1, zone) !== atStart) return readOffset(instant, zone);
  if (known.size > 10_000) known.clear();
  known.set(quarter, atStart);
  return atStart;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * An instant's wall-clock fields in a zone (Copenhagen unless told), from tzdata via Intl: never
 * from the server process's own TZ.
 */
export function wallClock(instant: Date, zone = 'Europe/Copenhagen'): WallClock {
  const time = instant.getTime();
  const seconds = offsetSeconds(time, zone);
  // Intl's seconds are whole: the instant's milliseconds do not carry into them.
  const local = new Date(Math.floor(time / 1000) * 1000 + seconds * 1000);
  const size = Math.abs(seconds);
  return {
    year: String(local.getUTCFullYear()).padStart(4, '0'),
    month: two(local.getUTCMonth() + 1),
    day: two(local.getUTCDate()),
    hour: two(local.getUTCHours()),
    minute: two(local.getUTCMinutes()),
    second: two(local.getUTCSeconds()),
    offset: `${seconds < 0 ? '-' : '+'}${two(Math.floor(size / 3600))}:${two(Math.floor(size / 60) % 60)}${size % 60 ? `:${two(size % 60)}` : ''}`,
  };
}

/** The first day after an expected period, 'YYYY-MM-DD': the day from which the period is over. */
export function dayAfterPeriod(period: ExpectedPeriod): string {
  const [year, month, day] = period.start.split('-').map(Number) as [number, number, number];
  const next =
    period.precision === 'quarter'
      ? new Date(Date.UTC(year, month - 1 + 3, 1))
      : period.precision === 'month'
        ? new Date(Date.UTC(year, month, 1))
        : new Date(Date.UTC(year, month - 1, day + 1));
  return next.toISOString().slice(0, 10);
}

/** The statuses of a tender that is still coming (DBD has not opened it for bids). */
export const comingStatuses = ['planned', 'in_preparation'] as const;

/**
 * A coming tender whose whole expected period lies before `today` ('YYYY-MM-DD', Copenhagen) is
 * late: a contractor must not read it as coming work. SQL's twin is `delayedCondition` in
 * tenders/search.ts; a test holds them together.
 */
export function isDelayed(status: string, expectedPublication: string | null, today: string): boolean {
  if (!(comingStatuses as readonly string[]).includes(status) || !expectedPublication) return false;
  const period = parseExpectedPeriod(expectedPublication);
  return period !== null && dayAfterPeriod(period) <= today;
}

/**
 * The instant of a Copenhagen wall-clock time ('YYYY-MM-DD', 'HH:MM'), as officers type it in a
 * form; null when it is no such time. In the autumn's repeated hour the earlier instant (summer
 * time) is taken; a time in the spring's skipped hour is read as the hour after it.
 */
export function copenhagenInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const h = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !h) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], h[1], h[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const probe = new Date(asUtc);
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  // Try summer time (+2) first, then standard time (+1): the first whose wall clock matches.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const c = wallClock(candidate);
    if (Number(c.hour) === hour && Number(c.minute) === minute && Number(c.day) === day) return candidate;
  }
  return new Date(asUtc - 3_600_000);
}

/**
 * The same Copenhagen wall-clock time `days` calendar days later (earlier when negative): across a
 * change to or from summer time the instant moves by 23 or 25 hours, the clock time stays.
 */
export function shiftCopenhagenDays(instant: Date, days: number): Date {
  const c = wallClock(instant);
  const shifted = new Date(Date.UTC(Number(c.year), Number(c.month) - 1, Number(c.day) + days));
  const date = shifted.toISOString().slice(0, 10);
  return copenhagenInstant(date, `${c.hour}:${c.minute}`) ?? new Date(instant.getTime() + days * 86_400_000);
}

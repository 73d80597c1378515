// The standstill period (klagenævnsloven §3): after bidders are told who won, the contract may
// not be signed before the period has run out. Dates are calendar dates, 'YYYY-MM-DD', with no
// time zone: the municipality's calendar day is what the law counts.

export type NotificationChannel = 'electronic' | 'letter';

/** Calendar days of standstill per way of notifying bidders. */
export const standstillDaysByChannel: Record<NotificationChannel, number> = { electronic: 10, letter: 15 };

export interface PublicHoliday {
  date: string;
  name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const toText = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function parseDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  if (Number.isNaN(d.getTime()) || toText(d) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return d;
}

export const addDays = (date: string, days: number): string => {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toText(d);
};

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / 86_400_000);

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, after Gauss). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The last year Store Bededag was a public holiday (abolished by lov nr. 154 of 28 February 2023). */
const LAST_STORE_BEDEDAG = 2023;

/** Denmark's public holidays of a year, in date order. */
export function danishPublicHolidays(year: number): PublicHoliday[] {
  const easter = easterSunday(year);
  const fromEaster = (days: number, name: string) => ({ date: addDays(easter, days), name });
  const holidays: PublicHoliday[] = [
    { date: `${year}-01-01`, name: 'Nytårsdag' },
    fromEaster(-3, 'Skærtorsdag'),
    fromEaster(-2, 'Langfredag'),
    fromEaster(0, 'Påskedag'),
    fromEaster(1, '2. påskedag'),
    ...(year <= LAST_STORE_BEDEDAG ? [fromEaster(26, 'Store bededag')] : []),
    fromEaster(39, 'Kristi himmelfartsdag'),
    fromEaster(49, 'Pinsedag'),
    fromEaster(50, '2. pinsedag'),
    { date: `${year}-12-25`, name: 'Juledag' },
    { date: `${year}-12-26`, name: '2. juledag' },
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

const holidayCache = new Map<number, Set<string>>();

function holidayDates(year: number): Set<string> {
  let dates = holidayCache.get(year);
  if (!dates) {
    dates = new Set(danishPublicHolidays(year).map((h) => h.date));
    holidayCache.set(year, dates);
  }
  return dates;
}

/**
 * Whether offices are closed: Saturday, Sunday, a public holiday, or one of the municipality's
 * extra closed days ('MM-DD', e.g. Constitution Day and 24 and 31 December, which the law does not
 * name but many authorities treat as closed).
 */
export function isClosedDay(date: string, extraClosedDays: readonly string[] = []): boolean {
  const d = parseDate(date);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return true;
  if (holidayDates(d.getUTCFullYear()).has(date)) return true;
  return extraClosedDays.includes(date.slice(5));
}

/** The date itself when it is a working day, else the first working day after it. */
export function nextWorkingDay(date: string, extraClosedDays: readonly string[] = []): string {
  let day = date;
  // A run of closed days is short (Easter is the longest, five days); the bound only guards
  // against a calendar configured to close every day.
  for (let i = 0; i < 366 && isClosedDay(day, extraClosedDays); i++) day = addDays(day, 1);
  return day;
}

/**
 * The last day of the standstill period, or null when the procedure has none (tilbudsloven,
 * direct awards). Counted from the day after notification: 10 calendar days when bidders were
 * notified electronically, 15 by letter; a last day that falls on a closed day moves to the next
 * working day.
 */
export function standstillEnd(
  notifiedOn: string,
  channel: NotificationChannel,
  standstillApplies: boolean,
  extraClosedDays: readonly string[] = [],
): string | null {
  if (!standstillApplies) return null;
  return nextWorkingDay(addDays(notifiedOn, standstillDaysByChannel[channel]), extraClosedDays);
}

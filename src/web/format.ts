// Danish presentation of money and time. Times are stored in UTC and shown in Europe/Copenhagen.
import { wallClock } from '../domain/period.js';

const TIME_ZONE = 'Europe/Copenhagen';

const kroner = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });

/** 1540000 → "1.540.000 kr." */
export const formatDkk = (amount: number) => `${kroner.format(amount)} kr.`;

const dateTime = new Intl.DateTimeFormat('da-DK', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "15. januar 2027 kl. 12.00" in Copenhagen time. */
export function formatDateTime(instant: Date | string): string {
  const parts = dateTime.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}. ${get('month')} ${get('year')} kl. ${get('hour')}.${get('minute')}`;
}

const dateOnly = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** 'YYYY-MM-DD' → "1. marts 2026" (a calendar date, no time zone involved). */
export const formatDate = (date: string) => dateOnly.format(new Date(`${date}T00:00:00Z`));

/** ISO-8601 in UTC, for <time datetime>. */
export const isoInstant = (instant: Date | string) => new Date(instant).toISOString();

/** An instant as Copenhagen time with its offset, for machines: 2027-01-15T12:00:00+01:00. */
export function isoCopenhagen(instant: Date | string): string {
  const date = new Date(instant);
  const c = wallClock(date);
  const millis = date.getUTCMilliseconds();
  const fraction = millis ? `.${String(millis).padStart(3, '0')}` : '';
  return `${c.year}-${c.month}-${c.day}T${c.hour}:${c.minute}:${c.second}${fraction}${c.offset}`;
}

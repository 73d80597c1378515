// Money and time in words, Danish or English. Times are stored in UTC and shown in Europe/Copenhagen.
import { wallClock } from '../domain/period.js';
import { t, type Lang } from '../i18n/index.js';

const TIME_ZONE = 'Europe/Copenhagen';
const locales: Record<Lang, string> = { da: 'da-DK', en: 'en-GB' };
const perLang = <T>(make: (locale: string) => T): Record<Lang, T> => ({ da: make(locales.da), en: make(locales.en) });

const kroner = perLang((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }));

/** 1540000 → "1.540.000 kr." (English: "DKK 1,540,000") */
export const formatDkk = (amount: number, lang: Lang = 'da') => t(lang, 'format.kroner', { amount: kroner[lang].format(amount) });

const dateTime = perLang(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
);

/** "15. januar 2027 kl. 12.00" in Copenhagen time (English: "15 January 2027, 12:00"). */
export function formatDateTime(instant: Date | string, lang: Lang = 'da'): string {
  const parts = dateTime[lang].formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return t(lang, 'format.dateTime', { day: get('day'), month: get('month'), year: get('year'), hour: get('hour'), minute: get('minute') });
}

const dateOnly = perLang((locale) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }));

/** 'YYYY-MM-DD' → "1. marts 2026" (English: "1 March 2026"; a calendar date, no time zone involved). */
export const formatDate = (date: string, lang: Lang = 'da') => dateOnly[lang].format(new Date(`${date}T00:00:00Z`));

const shortDay: Record<Lang, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
};

/** 'YYYY-MM-DD' → "01.03.2026" (English: "1 Mar 2026"): where a line has little room, as under a timeline's dots. */
export const formatShortDate = (date: string, lang: Lang = 'da') =>
  shortDay[lang].format(new Date(`${date}T00:00:00Z`));

/**
 * A threshold set's effective date in the refusal to change a set in force: the Danish text keeps
 * the ISO date of the error's own message (rules/thresholds.ts); English words it.
 */
export const effectiveFromText = (date: string, lang: Lang = 'da') => (lang === 'da' ? date : formatDate(date, lang));

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

const shares = perLang((locale) => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const counts = perLang((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));

/** 0.3333 → "33,3 %" (English: "33.3%"), one decimal. */
export const formatShare = (share: number, lang: Lang = 'da') => shares[lang].format(share);

/** 1234 → "1.234" (English: "1,234"). */
export const formatCount = (count: number, lang: Lang = 'da') => counts[lang].format(count);

const figures = new Map<string, Intl.NumberFormat>();

/** A measured figure with at most `decimals` decimals: 2.5 → "2,5" (English "2.5"). */
export function formatFigure(value: number, decimals: number, lang: Lang = 'da'): string {
  const key = `${lang}|${decimals}`;
  if (!figures.has(key)) figures.set(key, new Intl.NumberFormat(locales[lang], { maximumFractionDigits: decimals }));
  return figures.get(key)!.format(value);
}

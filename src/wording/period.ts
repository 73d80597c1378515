import type { ExpectedPeriod } from '../domain/period.js';
import { parseExpectedPeriod } from '../domain/period.js';
import { t, type Lang } from '../i18n/index.js';
import { formatDate, formatShortDate } from './format.js';

// An expected period in words. domain/period.ts reads the text DBD sends; this file says it.

const MONTHS = [
  'januar', 'februar', 'marts', 'april', 'maj', 'juni',
  'juli', 'august', 'september', 'oktober', 'november', 'december',
];

/** "2. kvartal 2027" (English: "Q2 2027"). */
export const quarterLabel = (year: number, quarter: number, lang: Lang = 'da') => t(lang, 'format.quarter', { quarter, year });

/** "2. kvartal 2027", "august 2027", "15. august 2027" (English: "Q2 2027", "August 2027", "15 August 2027"). */
export function formatExpectedPeriod(period: ExpectedPeriod, lang: Lang = 'da'): string {
  const [, month, day] = period.start.split('-').map(Number) as [number, number, number];
  switch (period.precision) {
    case 'quarter':
      return quarterLabel(period.year, period.quarter, lang);
    case 'month':
      return lang === 'da'
        ? `${MONTHS[month - 1]} ${period.year}`
        : new Date(`${period.start}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
    case 'day':
      return lang === 'da' ? `${day}. ${MONTHS[month - 1]} ${period.year}` : formatDate(period.start, lang);
  }
}

/** A tender's expected publication in words; text that is no period is shown as it is. */
export const expectedPublicationLabel = (text: string | null, lang: Lang = 'da') => {
  if (!text) return null;
  const period = parseExpectedPeriod(text);
  return period ? formatExpectedPeriod(period, lang) : text;
};

const shortMonth: Record<Lang, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', month: 'short', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' }),
};

/** "2. kvt. 2027", "aug. 2027", "15.08.2027" (English: "Q2 2027", "Aug 2027", "15 Aug 2027"): where room is short. */
export function formatShortPeriod(period: ExpectedPeriod, lang: Lang = 'da'): string {
  switch (period.precision) {
    case 'quarter':
      return t(lang, 'format.quarterShort', { quarter: period.quarter, year: period.year });
    case 'month':
      return shortMonth[lang].format(new Date(`${period.start}T00:00:00Z`));
    case 'day':
      return formatShortDate(period.start, lang);
  }
}

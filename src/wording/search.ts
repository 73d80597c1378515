import { t, type Lang } from '../i18n/index.js';
import type { SavedSearch } from '../tenders/filter.js';
import { includesUnvalued } from '../tenders/filter.js';
import { formatDkk } from './format.js';
import { contractTypeLabel, statusLabel, workTypeLabel } from './labels.js';

/** "a, b eller c" (English: "a, b or c"); `word` is the dictionary's "or" or "and". */
const joined = (labels: string[], word: string) =>
  labels.length > 1 ? `${labels.slice(0, -1).join(', ')} ${word} ${labels.at(-1)}` : labels[0] ?? '';

/** A search in words, one condition per line: for the subscribe and manage pages and the mails. */
export function describeSearch(search: SavedSearch, lang: Lang = 'da'): string[] {
  const either = (labels: string[]) => joined(labels, t(lang, 'tenders.search.or'));
  const lines: string[] = [];
  if (search.q) lines.push(t(lang, 'tenders.search.text', { q: search.q }));
  if (search.id) lines.push(t(lang, 'tenders.search.id', { list: either(search.id) }));
  if (search.status) lines.push(t(lang, 'tenders.search.status', { list: either(search.status.map((s) => statusLabel(s, lang))) }));
  if (search.workType) lines.push(t(lang, 'tenders.search.workType', { list: either(search.workType.map((w) => workTypeLabel(w, lang))) }));
  if (search.contractType) {
    lines.push(t(lang, 'tenders.search.contractType', { list: either(search.contractType.map((c) => contractTypeLabel(c, lang))) }));
  }
  // Several requirements: a tender must carry all of them.
  if (search.requirement) lines.push(t(lang, 'tenders.search.requirement', { list: search.requirement.join(` ${t(lang, 'tenders.search.and')} `) }));
  if (search.cpv) lines.push(t(lang, 'tenders.search.cpv', { cpv: search.cpv }));
  if (search.minValue !== undefined || search.maxValue !== undefined) {
    const range =
      search.minValue !== undefined && search.maxValue !== undefined
        ? t(lang, 'tenders.search.valueBetween', { min: formatDkk(search.minValue, lang), max: formatDkk(search.maxValue, lang) })
        : search.minValue !== undefined
          ? t(lang, 'tenders.search.valueAtLeast', { min: formatDkk(search.minValue, lang) })
          : t(lang, 'tenders.search.valueAtMost', { max: formatDkk(search.maxValue!, lang) });
    const unvalued = includesUnvalued({ ...search, page: 1 }) ? t(lang, 'tenders.search.withUnvalued') : '';
    lines.push(`${range}${unvalued}`);
  }
  if (search.delayed !== undefined) lines.push(t(lang, search.delayed ? 'tenders.search.delayedOnly' : 'tenders.search.delayedLeftOut'));
  return lines.length ? lines : [t(lang, 'tenders.search.all')];
}

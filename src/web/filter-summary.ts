import type { SavedSearch } from '../tenders/filter.js';
import { includesUnvalued } from '../tenders/filter.js';
import { formatDkk } from './format.js';
import { contractTypeLabel, statusLabel, workTypeLabel } from './present.js';

const either = (labels: string[]) => (labels.length > 1 ? `${labels.slice(0, -1).join(', ')} eller ${labels.at(-1)}` : labels[0] ?? '');

/** A search in words, one condition per line: for the subscribe and manage pages and the mails. */
export function describeSearch(search: SavedSearch): string[] {
  const lines: string[] = [];
  if (search.q) lines.push(`Søgetekst: "${search.q}"`);
  if (search.status) lines.push(`Status: ${either(search.status.map((s) => statusLabel(s)))}`);
  if (search.workType) lines.push(`Arbejdstype: ${either(search.workType.map((w) => workTypeLabel(w)))}`);
  if (search.contractType) lines.push(`Kontrakttype: ${either(search.contractType.map((c) => contractTypeLabel(c)))}`);
  if (search.requirement) lines.push(`Krav: ${search.requirement.join(' og ')}`);
  if (search.cpv) lines.push(`CPV-kode begynder med ${search.cpv}`);
  if (search.minValue !== undefined || search.maxValue !== undefined) {
    const range =
      search.minValue !== undefined && search.maxValue !== undefined
        ? `fra ${formatDkk(search.minValue)} til ${formatDkk(search.maxValue)}`
        : search.minValue !== undefined
          ? `mindst ${formatDkk(search.minValue)}`
          : `højst ${formatDkk(search.maxValue!)}`;
    const unvalued = includesUnvalued({ ...search, page: 1 }) ? ', og udbud uden anslået værdi' : '';
    lines.push(`Anslået værdi ${range}${unvalued}`);
  }
  return lines.length ? lines : ['Alle udbud'];
}

import { z } from 'zod';
import { contractTypes, tenderStatuses, workTypes } from '../domain/vocabulary.js';

// The one filter every view of the tender list shares: the HTML list, and later feeds, CSV and API.
// Parameters arrive as query strings; a repeated parameter (?status=a&status=b) means "any of".

const blankToUndefined = (value: unknown) => {
  if (Array.isArray(value)) {
    const kept = value.filter((v) => v !== '');
    return kept.length ? kept : undefined;
  }
  return value === '' ? undefined : value;
};

const listOf = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return v === undefined || Array.isArray(v) ? v : [v];
    },
    z.array(z.enum(values, { error: `ukendt ${what}; gyldige værdier er ${values.join(', ')}` })).max(20, 'må højst angives 20 gange').optional(),
  );

const amount = (name: string) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      // Accept Danish thousands separators: "1.500.000".
      return typeof v === 'string' && /^\d{1,3}(\.\d{3})+$/.test(v.trim()) ? v.replaceAll('.', '') : v;
    },
    z.coerce
      .number({ error: `${name} skal være et beløb i hele kroner, fx 1500000` })
      .int(`${name} skal være et beløb i hele kroner, fx 1500000`)
      .nonnegative(`${name} må ikke være negativ`)
      .max(1e12, `${name} er urealistisk stor`)
      .optional(),
  );

const yesNo = z.preprocess(
  (value) => {
    const v = blankToUndefined(value);
    if (v === undefined) return undefined;
    if (['true', '1', 'ja', 'on'].includes(String(v))) return true;
    if (['false', '0', 'nej', 'off'].includes(String(v))) return false;
    return v;
  },
  z.boolean({ error: 'skal være true eller false' }).optional(),
);

export const sortOrders = ['relevance', 'publication', 'deadline', 'value_desc', 'value_asc', 'updated', 'title'] as const;
export type SortOrder = (typeof sortOrders)[number];

export const sortLabels: Record<SortOrder, string> = {
  relevance: 'Bedste match',
  publication: 'Forventet offentliggørelse',
  deadline: 'Tilbudsfrist',
  value_desc: 'Værdi, højeste først',
  value_asc: 'Værdi, laveste først',
  updated: 'Senest ændret',
  title: 'Titel (A–Å)',
};

export const tenderFilterSchema = z
  .object({
    q: z.preprocess(
      blankToUndefined,
      z.string({ error: 'skal være én søgetekst' }).trim().max(200, 'søgeteksten må højst være 200 tegn').optional(),
    ),
    status: listOf(tenderStatuses, 'status'),
    workType: listOf(workTypes, 'arbejdstype'),
    contractType: listOf(contractTypes, 'kontrakttype'),
    requirement: z.preprocess(
      (value) => {
        const v = blankToUndefined(value);
        return v === undefined || Array.isArray(v) ? v : [v];
      },
      z.array(z.string().regex(/^[A-Z0-9-]{1,50}$/, 'skal være en kravkode som LAB-ILO94')).max(20, 'må højst angives 20 gange').optional(),
    ),
    cpv: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'skal være én CPV-kode' })
        .trim()
        .regex(/^\d{2,8}(-\d)?$/, 'skal være begyndelsen af en CPV-kode (2–8 cifre), fx 45 eller 45261000')
        .optional(),
    ),
    minValue: amount('minValue'),
    maxValue: amount('maxValue'),
    includeUnvalued: yesNo,
    sort: z.preprocess(
      blankToUndefined,
      z.enum(sortOrders, { error: `ukendt sortering; gyldige værdier er ${sortOrders.join(', ')}` }).optional(),
    ),
    page: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'skal være et sidetal' })
        .int('skal være et helt sidetal')
        .min(1, 'skal være 1 eller mere')
        .max(10000, 'er for stort')
        .default(1),
    ),
  })
  .refine((f) => f.minValue === undefined || f.maxValue === undefined || f.minValue <= f.maxValue, {
    message: 'minValue må ikke være større end maxValue',
    path: ['minValue'],
  });

export type TenderFilter = z.infer<typeof tenderFilterSchema>;

export interface FilterError {
  parameter: string;
  message: string;
}

export type FilterParseResult = { ok: true; filter: TenderFilter } | { ok: false; errors: FilterError[] };

export function parseTenderFilter(query: unknown): FilterParseResult {
  const parsed = tenderFilterSchema.safeParse(query ?? {});
  if (parsed.success) return { ok: true, filter: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      parameter: String(issue.path[0] ?? 'forespørgslen'),
      message: issue.message,
    })),
  };
}

/** A value filter must not silently hide tenders without a value: they stay in unless asked. */
export const includesUnvalued = (filter: TenderFilter) => filter.includeUnvalued ?? true;

export const effectiveSort = (filter: TenderFilter): SortOrder => filter.sort ?? (filter.q ? 'relevance' : 'publication');

/** The filter as query parameters again, for links (pagination, feeds), page left out unless asked. */
export function filterToQuery(filter: TenderFilter, overrides: Partial<Record<keyof TenderFilter, unknown>> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...filter, page: undefined, ...overrides };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === null || (key === 'page' && value === 1)) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params.toString();
}

/** What a subscription keeps of a filter: the conditions, not the page or the order. */
export type SavedSearch = Omit<TenderFilter, 'page' | 'sort'>;

export function savedSearch(filter: TenderFilter): SavedSearch {
  const { page: _page, sort: _sort, ...conditions } = filter;
  return Object.fromEntries(Object.entries(conditions).filter(([, v]) => v !== undefined)) as SavedSearch;
}

/** A stored search back as a filter (stored searches were valid when saved; re-check anyway). */
export function filterFromSaved(saved: unknown): TenderFilter {
  const parsed = tenderFilterSchema.safeParse(saved);
  return parsed.success ? parsed.data : tenderFilterSchema.parse({});
}

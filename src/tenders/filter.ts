import { z } from 'zod';
import { amountFromInput } from '../domain/amount.js';
import { contractTypes, tenderStatuses, workTypes } from '../domain/vocabulary.js';
import { t, type Lang, type TranslationKey } from '../i18n/index.js';
import { localize, msg } from '../i18n/messages.js';

// The one filter every view of the tender list shares: the HTML list, and later feeds, CSV and API.
// Parameters arrive as query strings; a repeated parameter (?status=a&status=b) means "any of".

// The limits the filter enforces, exported so that the OpenAPI document states these very values
// (src/opendata/openapi.ts) and a client that follows it is never refused.
/** The longest free-text search, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** The most values a repeated parameter (status, workType, contractType, requirement) may have. */
export const MAX_REPEATS = 20;
/** A requirement code as the catalogue writes it. */
export const REQUIREMENT_CODE = /^[A-Z0-9-]{1,50}$/;
/** A tender's id as DBD writes it (the sync refuses any other): the `id` filter follows one tender. */
export const TENDER_ID = /^[\w.-]{1,100}$/;
/** The beginning of a CPV code: 2–8 digits, with the check digit only after all 8. */
export const CPV_PREFIX = /^\d{2,8}(-\d)?$/;
/** The largest amount in kroner taken as real; above it "urealistisk stort". */
export const MAX_AMOUNT_DKK = 1e12;

const blankToUndefined = (value: unknown) => {
  if (Array.isArray(value)) {
    const kept = value.filter((v) => v !== '');
    return kept.length ? kept : undefined;
  }
  return value === '' ? undefined : value;
};

// Messages are dictionary keys (msg()); parseTenderFilter() puts them in the reader's language.
const listOf = <T extends string>(values: readonly [T, ...T[]], unknown: TranslationKey) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return v === undefined || Array.isArray(v) ? v : [v];
    },
    z.array(z.enum(values, { error: msg(unknown, { values: values.join(', ') }) })).max(MAX_REPEATS, msg('tenders.errors.tooMany', { max: MAX_REPEATS })).optional(),
  );

const amount = (name: string) =>
  z.preprocess(
    (value) => amountFromInput(blankToUndefined(value)),
    z
      .number({ error: msg('tenders.errors.amount', { name }) })
      .int(msg('tenders.errors.amount', { name }))
      .nonnegative(msg('tenders.errors.negative', { name }))
      .max(MAX_AMOUNT_DKK, msg('tenders.errors.tooLarge', { name }))
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
  z.boolean({ error: msg('tenders.errors.yesNo') }).optional(),
);

export const sortOrders = ['relevance', 'publication', 'deadline', 'value_desc', 'value_asc', 'updated', 'title'] as const;
export type SortOrder = (typeof sortOrders)[number];

/** A sort order's name in a language: "Tilbudsfrist", "Bid deadline". */
export const sortLabel = (order: SortOrder, lang: Lang = 'da'): string => t(lang, `tenders.sort.${order}`);

/** The Danish names of the sort orders. */
export const sortLabels = Object.fromEntries(sortOrders.map((order) => [order, sortLabel(order)])) as Record<SortOrder, string>;

export const tenderFilterSchema = z
  .object({
    q: z.preprocess(
      blankToUndefined,
      z.string({ error: msg('tenders.errors.oneText') }).trim().max(MAX_QUERY_LENGTH, msg('tenders.errors.textMax', { max: MAX_QUERY_LENGTH })).optional(),
    ),
    status: listOf(tenderStatuses, 'tenders.errors.unknownStatus'),
    workType: listOf(workTypes, 'tenders.errors.unknownWorkType'),
    contractType: listOf(contractTypes, 'tenders.errors.unknownContractType'),
    requirement: z.preprocess(
      (value) => {
        const v = blankToUndefined(value);
        return v === undefined || Array.isArray(v) ? v : [v];
      },
      z
        .array(z.string().regex(REQUIREMENT_CODE, msg('tenders.errors.requirementCode')))
        .max(MAX_REPEATS, msg('tenders.errors.tooMany', { max: MAX_REPEATS }))
        .optional(),
    ),
    /** Only these tenders: a firm's interest follows one tender as a saved search of its id. */
    id: z.preprocess(
      (value) => {
        const v = blankToUndefined(value);
        return v === undefined || Array.isArray(v) ? v : [v];
      },
      z
        .array(z.string().regex(TENDER_ID, msg('tenders.errors.tenderId')))
        .max(MAX_REPEATS, msg('tenders.errors.tooMany', { max: MAX_REPEATS }))
        .optional(),
    ),
    cpv: z.preprocess(
      blankToUndefined,
      z
        .string({ error: msg('tenders.errors.oneCpv') })
        .trim()
        .regex(CPV_PREFIX, msg('tenders.errors.cpvPrefix'))
        .optional(),
    ),
    minValue: amount('minValue'),
    maxValue: amount('maxValue'),
    includeUnvalued: yesNo,
    /** true: only coming tenders whose expected time has passed; false: all but those. */
    delayed: yesNo,
    sort: z.preprocess(
      blankToUndefined,
      z.enum(sortOrders, { error: msg('tenders.errors.unknownSort', { values: sortOrders.join(', ') }) }).optional(),
    ),
    page: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: msg('tenders.errors.pageNumber') })
        .int(msg('tenders.errors.pageWhole'))
        .min(1, msg('tenders.errors.pageMin'))
        .max(10000, msg('tenders.errors.pageMax'))
        .default(1),
    ),
  })
  .refine((f) => f.minValue === undefined || f.maxValue === undefined || f.minValue <= f.maxValue, {
    message: msg('tenders.errors.minAboveMax'),
    path: ['minValue'],
  });

export type TenderFilter = z.infer<typeof tenderFilterSchema>;

export interface FilterError {
  parameter: string;
  message: string;
}

export type FilterParseResult = { ok: true; filter: TenderFilter } | { ok: false; errors: FilterError[] };

/** Reads a query as a filter; on failure, one error per issue with its message in `lang`. */
export function parseTenderFilter(query: unknown, lang: Lang = 'da'): FilterParseResult {
  const parsed = tenderFilterSchema.safeParse(query ?? {});
  if (parsed.success) return { ok: true, filter: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      parameter: String(issue.path[0] ?? t(lang, 'tenders.errors.query')),
      message: localize(lang, issue.message),
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

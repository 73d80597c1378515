import { z } from 'zod';
import { copenhagenDayStart } from '../../opendata/ocds/dates.js';
import { DEFAULT_LIMIT, MAX_LIMIT, SINCE_YEARS } from '../../opendata/limits.js';

// Paging shared by the API's lists: an opaque cursor (the last id of a page, base64url), a
// limit, and for event lists a `since` time. Parsing answers with the first bad parameter.

export { DEFAULT_LIMIT, MAX_LIMIT, SINCE_YEARS };

export type Query = Record<string, unknown>;
export type Refusal = { ok: false; parameter: string; message: string };
const refuse = (parameter: string, message: string): Refusal => ({ ok: false, parameter, message });

const limitSchema = z.coerce
  .number({ error: `skal være et tal fra 1 til ${MAX_LIMIT}` })
  .int(`skal være et heltal fra 1 til ${MAX_LIMIT}`)
  .min(1, `skal være fra 1 til ${MAX_LIMIT}`)
  .max(MAX_LIMIT, `må højst være ${MAX_LIMIT}`);

export const encodeCursor = (value: string | number) => Buffer.from(String(value)).toString('base64url');

export function decodeCursor(cursor: string): string | null {
  if (!/^[\w-]{1,400}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  return text === '' ? null : text;
}


/**
 * An ISO 8601 time with offset, or a date meaning midnight in Copenhagen; null when neither, and
 * 'out of range' outside SINCE_YEARS: before 1900 as written (both forms start with the year),
 * checked before the date is converted at all, or after 9999 in UTC.
 */
export function parseSince(text: string): Date | 'out of range' | null {
  const isDateTime = z.iso.datetime({ offset: true }).safeParse(text).success;
  if (!isDateTime && !z.iso.date().safeParse(text).success) return null;
  if (Number(text.slice(0, 4)) < SINCE_YEARS.min) return 'out of range';
  const since = new Date(isDateTime ? text : copenhagenDayStart(text));
  // 9999-12-31T23:59-12:00 is year 10000 in UTC, which PostgreSQL cannot read as JavaScript writes it.
  return since.getUTCFullYear() > SINCE_YEARS.max ? 'out of range' : since;
}

/** An unknown or repeated parameter, before anything else is read. */
export function checkParameters(query: Query, allowed: readonly string[], single: readonly string[] = allowed): Refusal | null {
  const unknown = Object.keys(query).find((key) => !allowed.includes(key));
  if (unknown) return refuse(unknown, `kendes ikke her; brug ${allowed.join(', ')}`);
  const repeated = single.find((key) => Array.isArray(query[key]));
  return repeated ? refuse(repeated, 'må kun angives én gang') : null;
}

export function parseLimit(value: unknown): { ok: true; limit: number } | Refusal {
  if (value === undefined || value === '') return { ok: true, limit: DEFAULT_LIMIT };
  const parsed = limitSchema.safeParse(value);
  return parsed.success ? { ok: true, limit: parsed.data } : refuse('limit', parsed.error.issues[0]!.message);
}

export interface EventPageQuery {
  since: Date | null;
  afterId: number | null;
  limit: number;
}

/** since, cursor and limit of a list of events (or of releases, one per event). */
export function parseEventPage(query: Query): { ok: true; page: EventPageQuery } | Refusal {
  const bad = checkParameters(query, ['since', 'cursor', 'limit']);
  if (bad) return bad;
  const { since, cursor, limit } = query as Record<string, string | undefined>;
  const sinceDate = since === undefined ? null : parseSince(since);
  if (since !== undefined && sinceDate === null) {
    return refuse('since', 'skal være et tidspunkt i ISO 8601 med tidszone, fx 2026-11-20T08:00:00+01:00, eller en dato, fx 2026-11-20');
  }
  if (sinceDate === 'out of range') return refuse('since', `skal ligge i årene ${SINCE_YEARS.min}–${SINCE_YEARS.max}`);
  const decoded = cursor === undefined ? null : decodeCursor(cursor);
  const afterId = decoded !== null && /^\d{1,15}$/.test(decoded) ? Number(decoded) : null;
  if (cursor !== undefined && afterId === null) return refuse('cursor', 'er ikke en cursor fra links.next');
  const parsedLimit = parseLimit(limit);
  if (!parsedLimit.ok) return parsedLimit;
  return { ok: true, page: { since: sinceDate, afterId, limit: parsedLimit.limit } };
}

/** The URL of the next page: the same query with the new cursor. */
export function nextLink(base: string, path: string, query: Query, cursor: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'cursor') continue;
    for (const v of [value].flat()) params.append(key, String(v));
  }
  params.set('cursor', cursor);
  return `${base}${path}?${params}`;
}

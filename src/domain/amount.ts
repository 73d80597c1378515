/**
 * An amount of kroner as a Danish reader writes it → a number; null when it is not one.
 *
 * The period only groups thousands (in threes: "1.500.000"), the comma only starts øre (one or
 * two digits: "1.500.000,50"), spaces anywhere and a trailing "kr." are ignored, and a leading
 * minus is read so that a form can say "must not be negative" rather than "not an amount".
 * English notation ("1,500,000", "1500.50"), exponents, hex and words are refused: "1.500" is
 * fifteen hundred to a Dane, never one and a half. Whether øre, negatives or very large sums are
 * allowed is each caller's rule, with its own message.
 */
export function parseDanishAmount(text: string): number | null {
  const compact = text.replace(/\s+/g, '').replace(/kr\.?$/i, '');
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(compact)) return null;
  return Number(compact.replaceAll('.', '').replace(',', '.'));
}

/**
 * An amount as the open-data API takes it: a plain decimal number, as JSON and an OpenAPI
 * `number` write one ("3000000", "1500000.5"); null when it is not one. A program sends this, not
 * a Danish reader, so the point is the decimal point here, and exponents ("1e6"), hex ("0x10"),
 * "Infinity" and separators are refused. A leading minus is read, as above, to be refused by name.
 */
export function parsePlainAmount(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * A query or form value as an amount, for a zod schema: undefined when it is missing or blank
 * (only spaces; a '+' in a query string is one), so a blank field is "missing", never 0 kr.; NaN,
 * which z.number() refuses with the caller's message, when it is no amount or given more than once.
 */
export function amountFromInput(value: unknown, parse: (text: string) => number | null = parseDanishAmount): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return Number.NaN;
  if (value.trim() === '') return undefined;
  return parse(value) ?? Number.NaN;
}

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

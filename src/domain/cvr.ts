// A Danish CVR number: 8 digits, the first not 0, and the modulus-11 check (weights 2, 7, 6, 5,
// 4, 3, 2, 1: the weighted sum is divisible by 11). Typed with spaces ("12 34 56 78") or a "DK"
// prefix as on invoices; stored as the 8 digits.

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/** The 8 digits of a CVR number as typed, or null when it is not 8 digits. */
export function normalizeCvr(input: string): string | null {
  const digits = input.replace(/\s+/g, '').replace(/^DK/i, '');
  return /^\d{8}$/.test(digits) ? digits : null;
}

/** True when the 8 digits pass the modulus-11 check and do not start with 0. */
export function isValidCvr(cvr: string): boolean {
  if (!/^[1-9]\d{7}$/.test(cvr)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(cvr[i]), 0);
  return sum % 11 === 0;
}

// The API's page sizes and the range of `since`, here below web/ so that the routes that enforce
// them (web/api/paging.ts) and the OpenAPI document that states them (openapi.ts) read the same numbers.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/**
 * The years a `since` may be written in. Copenhagen kept local mean time (+00:50:20) until 1894,
 * so an earlier date has no midnight at +01:00 or +02:00, and PostgreSQL has no year 0: from 1900
 * every instant is one both JavaScript and PostgreSQL hold, and nothing the portal stores is older.
 */
export const SINCE_YEARS = { min: 1900, max: 9999 } as const;

/** A supplier's CVR number in /api/v1/suppliers/{cvr}: 8 digits. */
export const CVR = /^\d{8}$/;

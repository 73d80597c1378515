// The API's page sizes, here below web/ so that the routes that enforce them (web/api/paging.ts)
// and the OpenAPI document that states them (openapi.ts) read the same numbers.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

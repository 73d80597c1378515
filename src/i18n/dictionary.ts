/**
 * The shape of a Danish group (or all of da.ts) with any text: a key missing in the English one (or
 * one too many) does not compile. In a file of its own so the groups need not import en.ts, which
 * imports them.
 */
export type Dictionary<T> = { readonly [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };

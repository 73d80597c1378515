// The municipality's own postcodes (config LOCAL_POSTCODES, Køge Kommune's by default): a firm there
// is local; a firm elsewhere may take the 4th place of an underhåndsbud round that reserved it
// (tilbudsloven §12 stk. 2).

/** Whether a postcode is outside the local area. */
export const isOutsideLocal = (postcode: string, local: readonly string[]) => !local.includes(postcode.trim());

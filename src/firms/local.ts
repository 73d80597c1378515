// The municipality's own postcodes: a firm there is local; a firm elsewhere may take the 4th place
// of an underhåndsbud round that reserved it (tilbudsloven §12 stk. 2). Køge Kommune's by default.
// NOTE: config gets a LOCAL_POSTCODES setting from another part of issue 15; until it is there,
// these are the postcodes used, and a config that has `localPostcodes` wins.

export const DEFAULT_LOCAL_POSTCODES: readonly string[] = ['4600', '4623', '4632', '4652', '4681', '4140'];

/** The local postcodes: the config's list when it has one, else Køge's. */
export function localPostcodes(config: { localPostcodes?: readonly string[] | undefined } | object): readonly string[] {
  const list = 'localPostcodes' in config ? config.localPostcodes : undefined;
  return Array.isArray(list) && list.length ? list : DEFAULT_LOCAL_POSTCODES;
}

/** Whether a postcode is outside the local area. */
export const isOutsideLocal = (postcode: string, local: readonly string[]) => !local.includes(postcode.trim());

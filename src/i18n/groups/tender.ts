import type { Dictionary } from '../en.js';

// Danish (the source of the keys) and English texts for one area of the portal.
export const tenderPageDa = {
} as const;

export const tenderPageEn: Dictionary<typeof tenderPageDa> = {
};

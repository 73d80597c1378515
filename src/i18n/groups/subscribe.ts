import type { Dictionary } from '../en.js';

// Danish (the source of the keys) and English texts for one area of the portal.
export const subscribePageDa = {
} as const;

export const subscribePageEn: Dictionary<typeof subscribePageDa> = {
};

import type { Dictionary } from '../en.js';

// Danish (the source of the keys) and English texts for one area of the portal.
export const tendersPageDa = {
} as const;

export const tendersPageEn: Dictionary<typeof tendersPageDa> = {
};

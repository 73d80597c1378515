import type { Dictionary } from '../en.js';

// Danish (the source of the keys) and English texts for one area of the portal.
export const pagesDa = {
} as const;

export const pagesEn: Dictionary<typeof pagesDa> = {
};

import type { Dictionary } from '../en.js';

// Danish (the source of the keys) and English texts for one area of the portal.
export const adminTendersDa = {
} as const;

export const adminTendersEn: Dictionary<typeof adminTendersDa> = {
};

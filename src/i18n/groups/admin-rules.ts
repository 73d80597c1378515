import type { Dictionary } from '../en.js';

// Danish (the source of the keys) and English texts for one area of the portal.
export const adminRulesDa = {
} as const;

export const adminRulesEn: Dictionary<typeof adminRulesDa> = {
};

import type { AwardCriterion, DecisionKind, NotificationChannel } from '../domain/decision.js';
import { da } from '../i18n/da.js';
import { label, type Lang } from '../i18n/index.js';

// A code's label in the reader's language. The labels live in the dictionary; these name them.

export const statusLabel = (status: string, lang: Lang = 'da') => label(lang, 'status', status);
export const workTypeLabel = (type: string, lang: Lang = 'da') => label(lang, 'workType', type);
export const contractTypeLabel = (type: string, lang: Lang = 'da') => label(lang, 'contractType', type);
export const categoryLabel = (category: string, lang: Lang = 'da') => label(lang, 'requirementCategory', category);

// The Danish records stay for the back office, the JSON API and OCDS, which are Danish on purpose.
export const decisionKindLabels: Record<DecisionKind, string> = da.tender.decision.kind;

export const criterionLabels: Record<AwardCriterion, string> = da.tender.decision.criterion;

export const channelLabels: Record<NotificationChannel, string> = da.tender.decision.channel;

/** "Tildeling" / "Award". */
export const decisionKindLabel = (kind: DecisionKind, lang: Lang = 'da') => label(lang, 'tender.decision.kind', kind);
/** "Laveste pris" / "Lowest price". */
export const criterionLabel = (criterion: AwardCriterion, lang: Lang = 'da') => label(lang, 'tender.decision.criterion', criterion);
/** "Elektronisk (10 dages standstill)" / "Electronic (10-day standstill)". */
export const channelLabel = (channel: NotificationChannel, lang: Lang = 'da') => label(lang, 'tender.decision.channel', channel);

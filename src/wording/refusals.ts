import type { Refusal } from '../domain/decision.js';
import { translate, type Lang } from '../i18n/index.js';
import { statusLabel } from './labels.js';
import { expectedPublicationLabel } from './period.js';

/** A decision refusal in words: "Standstill-perioden udløber 3. december 2026; …" (English: "… 3 December 2026; …"). */
export function refusalText(refusal: Refusal, lang: Lang = 'da'): string {
  const vars = refusal.vars ?? {};
  return translate(lang, `adminTenders.refusals.${refusal.key}`, {
    status: vars.status && statusLabel(vars.status, lang),
    date: vars.date && (expectedPublicationLabel(vars.date, lang) ?? vars.date),
    id: vars.id,
  });
}

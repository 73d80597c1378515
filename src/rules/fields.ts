import { z } from 'zod';
import { msg } from '../i18n/messages.js';

// Field formats shared by the officers' forms for threshold sets and requirements.

/** "3.000.000", "3000000" or "1.644.638,50" → a number; null when it is none of them. */
export function parseDanishAmount(text: string): number | null {
  const compact = text.replace(/\s/g, '');
  if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(compact)) return null;
  return Number(compact.replaceAll('.', '').replace(',', '.'));
}

/** Only web addresses: a `javascript:` link would run in every visitor's browser. */
export const optionalWebAddress = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.union([
    z.literal('').transform(() => null),
    z.url({ protocol: /^https?$/, error: msg('adminRules.requirementErrors.webAddress') }).max(1000, msg('validation.maxChars', { max: 1000 })),
  ]),
);

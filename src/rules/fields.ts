import { z } from 'zod';
import { msg } from '../i18n/messages.js';

// Field formats shared by the officers' forms for threshold sets and requirements.

/** Only web addresses: a `javascript:` link would run in every visitor's browser. */
export const optionalWebAddress = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.union([
    z.literal('').transform(() => null),
    z.url({ protocol: /^https?$/, error: msg('adminRules.requirementErrors.webAddress') }).max(1000, msg('validation.maxChars', { max: 1000 })),
  ]),
);

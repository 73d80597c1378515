import { z } from 'zod';
import type { TradeRow } from '../../../db/types.js';
import { isValidCvr, normalizeCvr } from '../../../domain/cvr.js';
import { firmSizes } from '../../../domain/firm.js';
import type { AccountRefusal } from '../../../firms/accounts.js';
import { t, type Lang } from '../../../i18n/index.js';
import { msg } from '../../../i18n/messages.js';
import type { FieldErrors } from '../../admin/forms.js';

// The firm forms' fields (sign-up, Min virksomhed) and what the templates need to show them again
// as typed: checkboxes and radios keep their choices, errors sit by their fields.

const text = (error: Parameters<typeof msg>[0], max = 200) =>
  z.string({ error: msg(error) }).trim().min(1, msg(error)).max(max);

export const emailField = z
  .string({ error: msg('firmAccount.errors.email') })
  .trim()
  .min(1, msg('firmAccount.errors.email'))
  .max(254)
  .pipe(z.email({ error: msg('firmAccount.errors.emailInvalid') }));

const cvrField = z
  .string({ error: msg('firmAccount.errors.cvr') })
  .trim()
  .min(1, msg('firmAccount.errors.cvr'))
  .max(20, msg('firmAccount.errors.cvrFormat'))
  .transform((typed, ctx) => {
    const cvr = normalizeCvr(typed);
    if (!cvr) ctx.addIssue({ code: 'custom', message: msg('firmAccount.errors.cvrFormat') });
    else if (!isValidCvr(cvr)) ctx.addIssue({ code: 'custom', message: msg('firmAccount.errors.cvrCheck') });
    return cvr ?? '';
  });

const checkbox = z.preprocess((value) => value === 'ja', z.boolean());
const langField = z.enum(['da', 'en'], { error: msg('firmAccount.errors.lang') });
const phoneField = z
  .string()
  .trim()
  .max(30, msg('firmAccount.errors.phone'))
  .regex(/^$|^\+?[0-9][0-9 -]{5,}$/, msg('firmAccount.errors.phone'))
  .optional()
  .transform((phone) => phone || null);

export const firmFields = {
  name: text('firmAccount.errors.name'),
  address: text('firmAccount.errors.address'),
  postalCode: z.string({ error: msg('firmAccount.errors.postalCode') }).trim().regex(/^\d{4}$/, msg('firmAccount.errors.postalCode')),
  city: text('firmAccount.errors.city', 100),
  trades: z.preprocess(
    (value) => (value === undefined ? [] : [value].flat()),
    z.array(z.string().max(40, msg('firmAccount.errors.unknownTrade'))).min(1, msg('firmAccount.errors.trades')).max(40),
  ),
  size: z.enum(firmSizes, { error: msg('firmAccount.errors.size') }),
  publicListing: checkbox,
  wantsInvitations: checkbox,
};

export const contactFields = {
  contactName: text('firmAccount.errors.contactName'),
  email: emailField,
  phone: phoneField,
  lang: langField,
};

export const signUpForm = z.object({ cvr: cvrField, ...firmFields, ...contactFields, _csrf: z.string().optional() });
export const detailsForm = z.object({ ...firmFields, _csrf: z.string().optional() });
export const addContactForm = z.object({ newContactName: contactFields.contactName, newEmail: emailField, _csrf: z.string().optional() });
export const meForm = z.object({ contactName: contactFields.contactName, phone: phoneField, lang: langField, _csrf: z.string().optional() });

/** The field a refusal from the service belongs to, and its words. */
export function refusalError(refusal: AccountRefusal, lang: Lang): { field: string; message: string } {
  const field = refusal === 'cvrTaken' ? 'cvr' : refusal === 'emailTaken' ? 'email' : 'trades';
  return { field, message: t(lang, `firmAccount.errors.${refusal}`) };
}

export const withError = (error: { field: string; message: string }) => ({ errors: { [error.field]: error.message } as FieldErrors, errorList: [error] });

/** What the firm fields' template needs: the values as typed, the choices as made. */
export interface FirmFormValues {
  values: Record<string, string>;
  trades: string[];
  publicListing: boolean;
  wantsInvitations: boolean;
}

/** The values a posted form had, to show again. */
export function postedValues(body: unknown): FirmFormValues {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (key !== '_csrf' && typeof value === 'string') values[key] = value;
  const trades = [form.trades ?? []].flat().filter((v): v is string => typeof v === 'string');
  return { values, trades, publicListing: form.publicListing === 'ja', wantsInvitations: form.wantsInvitations === 'ja' };
}

/** The template data of the firm fields: trade checkboxes, size and language radios. */
export function firmFormView(allTrades: readonly TradeRow[], form: FirmFormValues, lang: Lang) {
  return {
    values: form.values,
    tradeOptions: allTrades.map((trade) => ({ value: trade.code, label: lang === 'da' ? trade.name_da : trade.name_en, checked: form.trades.includes(trade.code) })),
    sizeOptions: firmSizes.map((size) => ({ value: size, label: t(lang, `firmAccount.form.sizes.${size}`), checked: form.values.size === size })),
    langOptions: (['da', 'en'] as const).map((value) => ({
      value,
      label: t(lang, value === 'da' ? 'firmAccount.form.langDa' : 'firmAccount.form.langEn'),
      checked: (form.values.lang ?? lang) === value,
    })),
    publicListing: form.publicListing,
    wantsInvitations: form.wantsInvitations,
  };
}

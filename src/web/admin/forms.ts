import type { z } from 'zod';
import type { Lang } from '../../i18n/index.js';
import { localize, msg } from '../../i18n/messages.js';

/**
 * Words for what a schema gives no message of its own (zod's defaults are English only): a field
 * sent twice, a text far too long, a value of the wrong kind.
 */
const defaultIssue = (issue: z.core.$ZodRawIssue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return msg(Array.isArray(issue.input) ? 'validation.onlyOnce' : 'validation.text');
    case 'too_big':
      return msg(issue.origin === 'string' ? 'validation.maxChars' : 'validation.max', { max: Number(issue.maximum) });
    case 'too_small':
      return msg(issue.origin === 'string' ? 'validation.minChars' : 'validation.min', { min: Number(issue.minimum) });
    default:
      return msg('validation.unusable');
  }
};

/** Field errors keyed by field name, in the reader's language, for the form partials. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; errorList: Array<{ field: string; message: string }> };

/**
 * Validates a posted form; on failure, one message per field (the first the schema gave), in
 * `lang`. Schemas give their messages as msg() keys or as plain (Danish) text.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, lang: Lang = 'da'): FormResult<z.infer<S>> {
  // A body that is no form (a JSON string, array or null, plain text) is read as an empty one,
  // so the answer names the fields to fill in rather than the shape of the body.
  const form = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const parsed = schema.safeParse(form, { error: defaultIssue });
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= localize(lang, issue.message);
  }
  return { ok: false, errors, errorList: Object.entries(errors).map(([field, message]) => ({ field, message })) };
}

/** Text fields as typed, to put back in a form that is shown again. */
export function typedValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [key, value] of Object.entries(body)) {
    if (key !== '_csrf' && key !== 'password' && typeof value === 'string') out[key] = value;
  }
  return out;
}

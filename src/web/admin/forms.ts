import type { z } from 'zod';

/** Field errors keyed by field name, in Danish, for the form partials. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; errorList: Array<{ field: string; message: string }> };

/** Validates a posted form; on failure, one Danish message per field (the first the schema gave). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
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

import { z } from 'zod';
import { MAX_ATTENDEES } from '../domain/dialogue.js';
import { msg } from '../i18n/messages.js';
import { MAX_FIRM_NAME_LENGTH, type NewGuest } from './guests.js';

// The words and forms of signing up (signups.ts does it): why a sign-up is refused, with the form
// field and message of each reason; a guest's details checked; and the sign-up forms as posted.

export type SignupRefusalReason =
  | 'not_found'
  | 'cancelled'
  | 'not_signup_kind'
  | 'started'
  | 'closed'
  | 'double'
  | 'slot_required'
  | 'forged_slot'
  | 'slot_taken'
  | 'too_many_attendees'
  | 'over_capacity'
  | 'rejected'
  | 'invalid_guest'
  | 'guest_unknown'
  | 'guest_expired'
  | 'signup_not_found'
  | 'already_cancelled';

/** A refusal: why, the form field it belongs to, and its message as a msg() key (localize words it). */
export interface SignupRefusal {
  ok: false;
  reason: SignupRefusalReason;
  field: 'form' | 'attendees' | 'slotId' | 'email' | 'firmName' | 'lang';
  message: string;
}

const refusalMessages: Record<SignupRefusalReason, { field: SignupRefusal['field']; message: () => string }> = {
  not_found: { field: 'form', message: () => msg('dialogue.errors.notFound') },
  cancelled: { field: 'form', message: () => msg('dialogue.errors.cancelled') },
  not_signup_kind: { field: 'form', message: () => msg('dialogue.errors.notSignupKind') },
  started: { field: 'form', message: () => msg('dialogue.errors.started') },
  closed: { field: 'form', message: () => msg('dialogue.errors.signupClosed') },
  double: { field: 'form', message: () => msg('dialogue.errors.double') },
  slot_required: { field: 'slotId', message: () => msg('dialogue.errors.slotRequired') },
  forged_slot: { field: 'slotId', message: () => msg('dialogue.errors.slotForged') },
  slot_taken: { field: 'slotId', message: () => msg('dialogue.errors.slotTaken') },
  too_many_attendees: { field: 'attendees', message: () => msg('dialogue.errors.attendees', { max: MAX_ATTENDEES }) },
  over_capacity: { field: 'attendees', message: () => msg('dialogue.errors.attendees', { max: MAX_ATTENDEES }) },
  rejected: { field: 'form', message: () => msg('dialogue.errors.rejectedFirm') },
  invalid_guest: { field: 'email', message: () => msg('dialogue.errors.email') },
  guest_unknown: { field: 'form', message: () => msg('dialogue.errors.guestUnknown') },
  guest_expired: { field: 'form', message: () => msg('dialogue.errors.guestExpired') },
  signup_not_found: { field: 'form', message: () => msg('dialogue.errors.signupNotFound') },
  already_cancelled: { field: 'form', message: () => msg('dialogue.errors.alreadyCancelled') },
};

/** The refusal for a reason, with its field and message (a msg() key). */
export function signupRefusal(reason: SignupRefusalReason, override?: Partial<Pick<SignupRefusal, 'field' | 'message'>>): SignupRefusal {
  const known = refusalMessages[reason];
  return { ok: false, reason, field: override?.field ?? known.field, message: override?.message ?? known.message() };
}

// ---------------------------------------------------------------------------------------------
// Guests' details, shared with comments.ts.

const guestSchema = z.object({
  email: z
    .string({ error: msg('dialogue.errors.email') })
    .trim()
    .min(1, msg('dialogue.errors.email'))
    .max(254, msg('dialogue.errors.emailInvalid'))
    .pipe(z.email({ error: msg('dialogue.errors.emailInvalid') })),
  firmName: z
    .string({ error: msg('dialogue.errors.firmName') })
    .trim()
    .min(1, msg('dialogue.errors.firmName'))
    .max(MAX_FIRM_NAME_LENGTH, msg('dialogue.errors.tooLong', { max: MAX_FIRM_NAME_LENGTH })),
  lang: z.enum(['da', 'en'], { error: msg('dialogue.errors.lang') }),
});

/** A guest's details checked (trimmed), or the refusal naming the field at fault. */
export function checkGuest(guest: NewGuest): { ok: true; guest: NewGuest } | SignupRefusal {
  const parsed = guestSchema.safeParse(guest);
  if (parsed.success) return { ok: true, guest: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]) as 'email' | 'firmName' | 'lang';
  return signupRefusal('invalid_guest', { field, message: issue.message });
}

// ---------------------------------------------------------------------------------------------
// The sign-up form: as posted (strings). Guests add email, firmName and lang.

const wholeNumber = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number);

export const signupForm = z.object({
  attendees: wholeNumber(msg('dialogue.errors.attendees', { max: MAX_ATTENDEES })).pipe(
    z.number().min(1, msg('dialogue.errors.attendees', { max: MAX_ATTENDEES })).max(MAX_ATTENDEES, msg('dialogue.errors.attendees', { max: MAX_ATTENDEES })),
  ),
  /** A slot id as posted; any non-number is a forged slot, which signUp refuses with the right words. */
  slotId: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? null : /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : -1)),
  _csrf: z.string().optional(),
});

/** The guest's sign-up form: the sign-up and the guest's address and firm (the language is the page's). */
export const guestSignupForm = signupForm.extend({ email: guestSchema.shape.email, firmName: guestSchema.shape.firmName });

/** The guest fields alone (email, firmName), for a form that adds them to another (comments). */
export const guestFields = { email: guestSchema.shape.email, firmName: guestSchema.shape.firmName };

import { z } from 'zod';
import { blank, danishDate } from '../decisions/schemas.js';
import { amountFromInput } from '../domain/amount.js';
import { changeReasons, checkOutcomes, legalBases, sanctions } from '../domain/contract.js';
import { msg } from '../i18n/messages.js';

// What an officer may type into the follow-up forms of a signed contract, with the message shown
// next to each field (keys under contractFollowup.errors). Values arrive as form strings; amounts
// and figures are read the Danish way ("1.440.000", "-120.000", "2,5"). The service (followup.ts)
// checks again what the contract decides: the dates against the signing, the target and the
// requirement against the contract, and §180's limits.

const MAX_TEXT = 5000;
const MAX_AMOUNT = 1e12;

const tooLong = (max: number) => msg('contractFollowup.errors.maxChars', { max });

const requiredText = (missing: string, max = MAX_TEXT) => z.preprocess(blank, z.string({ error: missing }).max(max, tooLong(max)));

const optionalText = (max = MAX_TEXT) => z.preprocess(blank, z.string().max(max, tooLong(max)).nullable().default(null));

/** A date from a date input or typed the Danish way (15.01.2027), as 'YYYY-MM-DD'. */
const date = z.preprocess(
  danishDate,
  z.iso.date({
    error: (issue) => msg(issue.input === undefined ? 'contractFollowup.errors.dateMissing' : 'contractFollowup.errors.dateInvalid'),
  }),
);

const optionalDate = z.preprocess(danishDate, z.iso.date({ error: msg('contractFollowup.errors.dateInvalid') }).nullable().default(null));

/** Runs a cross-field check once the fields it reads are valid, whatever else is wrong (every error shows at once). */
const whenValid = (...fields: string[]) => ({
  when: (payload: { issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey> }> }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
});

/** A blank choice is no choice: null. */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess(blank, z.enum(values, { error }).nullable().default(null));

/**
 * An amount read the Danish way; a minus is read so that the schema can say what is wrong with it.
 * `missing` when blank, `notNumber` when it is no amount.
 */
const amount = (missing: string, notNumber: string) =>
  z.preprocess(
    (value) => amountFromInput(value),
    z.number({ error: (issue) => (issue.input === undefined ? missing : notNumber) }),
  );

export const progressSchema = z.object({
  targetId: z.preprocess(blank, z.coerce.number({ error: msg('contractFollowup.errors.target') }).int(msg('contractFollowup.errors.target')).positive(msg('contractFollowup.errors.target'))),
  observedOn: date,
  value: amount(msg('contractFollowup.errors.valueMissing'), msg('contractFollowup.errors.valueNotNumber'))
    .pipe(z.number().nonnegative(msg('contractFollowup.errors.valueNegative')).max(MAX_AMOUNT, msg('contractFollowup.errors.valueTooLarge'))),
  note: optionalText(2000),
});

export const checkSchema = z
  .object({
    checkedOn: date,
    subject: requiredText(msg('contractFollowup.errors.subject'), 500),
    requirementCode: z.preprocess(blank, z.string().max(100, tooLong(100)).nullable().default(null)),
    outcome: z.preprocess(blank, z.enum(checkOutcomes, { error: msg('contractFollowup.errors.outcome') })),
    sanction: z.preprocess((value) => blank(value) ?? 'none', z.enum(sanctions, { error: msg('contractFollowup.errors.sanction') })),
    fineDkk: z
      .preprocess(
        (value) => amountFromInput(value),
        z.number({ error: msg('contractFollowup.errors.fineNotKroner') }).optional(),
      )
      .transform((value) => value ?? null),
    note: optionalText(2000),
  })
  .superRefine((check, ctx) => {
    const { fineDkk, sanction } = check;
    if (sanction === 'fine' && fineDkk === null) ctx.addIssue({ code: 'custom', path: ['fineDkk'], message: msg('contractFollowup.errors.fineMissing') });
    else if (sanction === 'fine' && fineDkk !== null && fineDkk <= 0) ctx.addIssue({ code: 'custom', path: ['fineDkk'], message: msg('contractFollowup.errors.finePositive') });
    else if (fineDkk !== null && fineDkk > MAX_AMOUNT) ctx.addIssue({ code: 'custom', path: ['fineDkk'], message: msg('contractFollowup.errors.amountTooLarge') });
    else if (sanction !== 'fine' && fineDkk !== null) ctx.addIssue({ code: 'custom', path: ['fineDkk'], message: msg('contractFollowup.errors.fineWithoutSanction') });
  }, whenValid('sanction', 'fineDkk'));

export const checkResponseSchema = z.object({
  response: requiredText(msg('contractFollowup.errors.response')),
});

export const changeSchema = z
  .object({
    changedOn: date,
    reason: z.preprocess(blank, z.enum(changeReasons, { error: msg('contractFollowup.errors.reason') })),
    reasonText: optionalText(1000),
    valueChangeDkk: amount(msg('contractFollowup.errors.valueChangeMissing'), msg('contractFollowup.errors.valueChangeNotKroner')).pipe(
      z.number().min(-MAX_AMOUNT, msg('contractFollowup.errors.amountTooLarge')).max(MAX_AMOUNT, msg('contractFollowup.errors.amountTooLarge')),
    ),
    newEndOn: optionalDate,
    description: optionalText(),
    legalBasis: optionalChoice(legalBases, msg('contractFollowup.errors.legalBasis')),
  })
  .superRefine((change, ctx) => {
    if (change.reason === 'other' && !change.reasonText) ctx.addIssue({ code: 'custom', path: ['reasonText'], message: msg('contractFollowup.errors.reasonText') });
  }, whenValid('reason', 'reasonText'));

export const completionSchema = z.object({
  finalValueDkk: amount(msg('contractFollowup.errors.finalValueMissing'), msg('contractFollowup.errors.finalValueNotKroner')).pipe(
    z.number().nonnegative(msg('contractFollowup.errors.finalValueNegative')).max(MAX_AMOUNT, msg('contractFollowup.errors.amountTooLarge')),
  ),
  handoverOn: date,
});

export type ProgressInput = z.infer<typeof progressSchema>;
export type CheckInput = z.infer<typeof checkSchema>;
export type CheckResponseInput = z.infer<typeof checkResponseSchema>;
export type ChangeInput = z.infer<typeof changeSchema>;
export type CompletionInput = z.infer<typeof completionSchema>;

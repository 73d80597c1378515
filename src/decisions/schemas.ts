import { z } from 'zod';
import { parseDanishAmount } from '../domain/amount.js';
import { awardCriteria, notificationChannels } from '../domain/decision.js';
import { msg } from '../i18n/messages.js';
import { checkBidRows, readBidRows, type BidInput, type BidRowText } from './bid-rows.js';

// What an officer may type into each decision form, with the message shown next to the field.
// Values arrive as form strings; these schemas turn them into typed decision details. Messages are
// dictionary keys (msg(), texts under adminTenders.errors): whoever shows them translates them with
// localize() or parseForm(schema, body, lang); untranslated they read as Danish.

const MAX_TEXT = 5000;

/** Trimmed text; an empty field counts as not filled in. Browsers send textarea line breaks as CRLF. */
export const blank = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const text = value.replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
};

const tooLong = (max: number) => msg('adminTenders.errors.maxChars', { max });

const requiredText = (missing: string, max = MAX_TEXT) =>
  z.preprocess(blank, z.string({ error: missing }).max(max, tooLong(max)));

const optionalText = (max = MAX_TEXT) =>
  z.preprocess(blank, z.string().max(max, tooLong(max)).nullable().default(null));

/** 'YYYY-MM-DD' from a date input, or a date typed the Danish way: 23.11.2026, 23-11-2026, 23/11/2026. */
export function danishDate(value: unknown) {
  const text = blank(value);
  if (typeof text !== 'string') return text;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text;
}

/** The date fields, each with its own messages under adminTenders.errors.dates. */
type DateField = 'decidedOn' | 'notifiedOn' | 'cancelledOn' | 'signedOn';

const date = (what: DateField) =>
  z.preprocess(
    danishDate,
    z.iso.date({
      error: (issue) => msg(issue.input === undefined ? `adminTenders.errors.dates.${what}.missing` : `adminTenders.errors.dates.${what}.invalid`),
    }),
  );

/**
 * Kroner as officers write them: 1540000, 1.540.000, 1 540 000 kr., 1.540.000,50. A negative sum
 * is not kroner to an officer either: it keeps the "write it in kroner" message.
 */
export function parseKroner(value: unknown): unknown {
  const text = blank(value);
  if (typeof text !== 'string') return text;
  const amount = parseDanishAmount(text);
  return amount !== null && amount >= 0 ? amount : text;
}

/** The amount fields, each with its own messages under adminTenders.errors.amounts. */
type AmountField = 'awardValue' | 'finalValue' | 'contractValue';

const kroner = (what: AmountField) =>
  z.preprocess(
    parseKroner,
    z
      .number({
        error: (issue) => msg(issue.input === undefined ? `adminTenders.errors.amounts.${what}.missing` : `adminTenders.errors.amounts.${what}.notKroner`),
      })
      .nonnegative(msg(`adminTenders.errors.amounts.${what}.negative`))
      .max(1e12, msg('adminTenders.errors.amountTooLarge')),
  );

/** A CVR number is exactly 8 digits; spaces as in "12 34 56 78" are allowed when typing. */
const cvr = z.preprocess(
  (value) => (typeof value === 'string' ? blank(value.replace(/\s+/g, '')) : value),
  z.string({ error: msg('adminTenders.errors.cvrMissing') }).regex(/^\d{8}$/, msg('adminTenders.errors.cvrFormat')),
);

const httpUrl = z.preprocess(
  blank,
  z
    .string()
    .max(2000, msg('adminTenders.errors.urlTooLong'))
    .refine((text) => {
      try {
        return ['http:', 'https:'].includes(new URL(text).protocol);
      } catch {
        return false;
      }
    }, msg('adminTenders.errors.url'))
    .nullable()
    .default(null),
);

/** The version of the tender the form was made from; a mismatch means somebody saved in between. */
export const officerVersion = z.preprocess(
  blank,
  z.coerce.number({ error: msg('adminTenders.errors.version') }).int().positive(msg('adminTenders.errors.version')),
);

/** Runs a cross-field check only once the fields it reads are valid (zod skips it otherwise). */
const whenValid = (...fields: string[]) => ({
  when: (payload: { issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey> }> }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
});

/**
 * The award form with its bid rows (bid-rows.ts) read from the whole form: when rows are given,
 * the number of bids is the number of rows, whatever the count field says.
 */
function withBidRows(value: unknown) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const form = value as Record<string, unknown>;
  const bidRows = readBidRows(form);
  return { ...form, bidRows, ...(bidRows.length ? { bidsReceived: String(bidRows.length) } : {}) };
}

const awardFields = z
  .object({
    winnerName: requiredText(msg('adminTenders.errors.winnerName'), 300),
    winnerCvr: cvr,
    awardValueDkk: kroner('awardValue'),
    bidsReceived: z.preprocess(
      blank,
      z.coerce
        .number({ error: msg('adminTenders.errors.bidsMissing') })
        .int(msg('adminTenders.errors.bidsWhole'))
        .min(1, msg('adminTenders.errors.bidsMin'))
        .max(10_000, msg('adminTenders.errors.bidsMax')),
    ),
    criterion: z.preprocess(blank, z.enum(awardCriteria, { error: msg('adminTenders.errors.criterion') })),
    weights: optionalText(1000),
    decidedOn: date('decidedOn'),
    notifiedOn: date('notifiedOn'),
    notificationChannel: z.preprocess(blank, z.enum(notificationChannels, { error: msg('adminTenders.errors.channel') })),
    justification: requiredText(msg('adminTenders.errors.awardJustification')),
    decisionLetterUrl: httpUrl,
    // Only asked for when the award comes before the tender's bid deadline (rules.ts, earlyAwardIssue).
    earlyReason: z.preprocess(blank, z.string().max(2000, tooLong(2000)).optional()),
    bidRows: z.custom<Array<{ row: number; text: BidRowText }>>().optional(),
  })
  .superRefine((award, ctx) => {
    if (award.criterion === 'best_price_quality' && !award.weights) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: msg('adminTenders.errors.weights') });
    }
  }, whenValid('criterion', 'weights'))
  .superRefine((award, ctx) => {
    if (award.notifiedOn < award.decidedOn) {
      ctx.addIssue({ code: 'custom', path: ['notifiedOn'], message: msg('adminTenders.errors.notifiedBeforeDecision') });
    }
  }, whenValid('decidedOn', 'notifiedOn'))
  // The rows are checked whatever else is wrong, so every error shows at once; the winner must be
  // one of the valid bids once the rows and the winner's CVR are good.
  .superRefine(
    (award, ctx) => {
      const bids = checkBidRows(award.bidRows ?? [], ctx);
      if (!bids?.length || typeof award.winnerCvr !== 'string' || !/^\d{8}$/.test(award.winnerCvr)) return;
      if (!bids.some((bid) => bid.valid && bid.cvr === award.winnerCvr)) {
        ctx.addIssue({ code: 'custom', path: ['winnerCvr'], message: msg('invitations.bidErrors.winnerNotValid') });
      }
    },
    { when: () => true },
  )
  .transform(({ bidRows, ...award }) => {
    const bids = checkBidRows(bidRows ?? [], { addIssue: () => {} }) ?? [];
    return bids.length ? { ...award, bids } : (award as typeof award & { bids?: BidInput[] });
  });

export const awardSchema = z.preprocess(withBidRows, awardFields);

export const cancellationSchema = z.object({
  reason: requiredText(msg('adminTenders.errors.cancellationReason')),
  decidedOn: date('cancelledOn'),
});

export const contractSchema = z.object({
  signedOn: date('signedOn'),
  finalValueDkk: kroner('finalValue'),
});

export const directAwardSchema = z.object({
  justification: requiredText(msg('adminTenders.errors.directJustification')),
  winnerName: requiredText(msg('adminTenders.errors.supplierName'), 300),
  winnerCvr: cvr,
  valueDkk: kroner('contractValue'),
  decidedOn: date('decidedOn'),
});

export const officerTextSchema = z.object({
  summary: optionalText(),
  bidderNotes: optionalText(),
});

export const decisionSchemas = {
  award: awardSchema,
  cancellation: cancellationSchema,
  contract: contractSchema,
  direct_award: directAwardSchema,
} as const;

export type AwardDetails = z.infer<typeof awardSchema>;
export type CancellationDetails = z.infer<typeof cancellationSchema>;
export type ContractDetails = z.infer<typeof contractSchema>;
export type DirectAwardDetails = z.infer<typeof directAwardSchema>;
export type OfficerText = z.infer<typeof officerTextSchema>;

/** A validated decision as the service takes it: its kind and the details typed into its form. */
export type DecisionInput =
  | { kind: 'award'; details: AwardDetails }
  | { kind: 'cancellation'; details: CancellationDetails }
  | { kind: 'contract'; details: ContractDetails }
  | { kind: 'direct_award'; details: DirectAwardDetails };

/** The date a decision carries in the `decided_on` column (a contract's is its signing). */
export const decisionDate = (input: DecisionInput): string =>
  input.kind === 'contract' ? input.details.signedOn : input.details.decidedOn;

import { z } from 'zod';

// What an officer may type into each decision form, with the Danish message shown next to the
// field. Values arrive as form strings; these schemas turn them into typed decision details.

export const decisionKinds = ['award', 'cancellation', 'contract', 'direct_award'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const awardCriteria = ['lowest_price', 'best_price_quality', 'lowest_cost'] as const;
export type AwardCriterion = (typeof awardCriteria)[number];

export const notificationChannels = ['electronic', 'letter'] as const;

const MAX_TEXT = 5000;

/** Trimmed text; an empty field counts as not filled in. Browsers send textarea line breaks as CRLF. */
const blank = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const text = value.replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
};

const requiredText = (missing: string, max = MAX_TEXT) =>
  z.preprocess(blank, z.string({ error: missing }).max(max, `Teksten må højst være ${max} tegn`));

const optionalText = (max = MAX_TEXT) =>
  z.preprocess(blank, z.string().max(max, `Teksten må højst være ${max} tegn`).nullable().default(null));

/** 'YYYY-MM-DD' from a date input, or a date typed the Danish way: 23.11.2026, 23-11-2026, 23/11/2026. */
function danishDate(value: unknown) {
  const text = blank(value);
  if (typeof text !== 'string') return text;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text;
}

const date = (what: string) =>
  z.preprocess(
    danishDate,
    z.iso.date({ error: (issue) => (issue.input === undefined ? `Skriv ${what}` : `Skriv ${what} som en gyldig dato, fx 23.11.2026`) }),
  );

/** Kroner as officers write them: 1540000, 1.540.000, 1 540 000 kr., 1.540.000,50. */
export function parseKroner(value: unknown): unknown {
  const text = blank(value);
  if (typeof text !== 'string') return text;
  const compact = text.replace(/\s+/g, '').replace(/kr\.?$/i, '');
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(compact)) return Number(compact.replaceAll('.', '').replace(',', '.'));
  if (/^\d+(,\d{1,2})?$/.test(compact)) return Number(compact.replace(',', '.'));
  return text;
}

const kroner = (what: string) =>
  z.preprocess(
    parseKroner,
    z
      .number({ error: (issue) => (issue.input === undefined ? `Skriv ${what}` : `Skriv ${what} i kroner, fx 1.540.000`) })
      .nonnegative(`${what[0]!.toUpperCase()}${what.slice(1)} må ikke være negativ`)
      .max(1e12, 'Beløbet er urealistisk stort'),
  );

/** A CVR number is exactly 8 digits; spaces as in "12 34 56 78" are allowed when typing. */
const cvr = z.preprocess(
  (value) => (typeof value === 'string' ? blank(value.replace(/\s+/g, '')) : value),
  z.string({ error: 'Skriv vinderens CVR-nummer' }).regex(/^\d{8}$/, 'CVR-nummeret skal være præcis 8 cifre'),
);

const httpUrl = z.preprocess(
  blank,
  z
    .string()
    .max(2000, 'Adressen er for lang')
    .refine((text) => {
      try {
        return ['http:', 'https:'].includes(new URL(text).protocol);
      } catch {
        return false;
      }
    }, 'Skriv en webadresse, der begynder med https://')
    .nullable()
    .default(null),
);

/** The version of the tender the form was made from; a mismatch means somebody saved in between. */
export const officerVersion = z.preprocess(
  blank,
  z.coerce.number({ error: 'Formularen mangler sin version. Indlæs siden igen.' }).int().positive('Formularen mangler sin version. Indlæs siden igen.'),
);

/** Runs a cross-field check only once the fields it reads are valid (zod skips it otherwise). */
const whenValid = (...fields: string[]) => ({
  when: (payload: { issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey> }> }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
});

export const awardSchema = z
  .object({
    winnerName: requiredText('Skriv vinderens navn', 300),
    winnerCvr: cvr,
    awardValueDkk: kroner('tildelingsbeløbet'),
    bidsReceived: z.preprocess(
      blank,
      z.coerce
        .number({ error: 'Skriv antallet af modtagne tilbud' })
        .int('Antal tilbud skal være et helt tal')
        .min(1, 'Der skal være modtaget mindst 1 tilbud')
        .max(10_000, 'Antal tilbud er urealistisk stort'),
    ),
    criterion: z.preprocess(blank, z.enum(awardCriteria, { error: 'Vælg tildelingskriteriet' })),
    weights: optionalText(1000),
    decidedOn: date('afgørelsesdatoen'),
    notifiedOn: date('datoen for underretning af tilbudsgiverne'),
    notificationChannel: z.preprocess(blank, z.enum(notificationChannels, { error: 'Vælg hvordan tilbudsgiverne blev underrettet' })),
    justification: requiredText('Skriv begrundelsen for tildelingen'),
    decisionLetterUrl: httpUrl,
  })
  .superRefine((award, ctx) => {
    if (award.criterion === 'best_price_quality' && !award.weights) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'Skriv vægtningen af pris og kvalitet, fx pris 60 %, kvalitet 40 %' });
    }
  }, whenValid('criterion', 'weights'))
  .superRefine((award, ctx) => {
    if (award.notifiedOn < award.decidedOn) {
      ctx.addIssue({ code: 'custom', path: ['notifiedOn'], message: 'Tilbudsgiverne kan ikke være underrettet før afgørelsen blev truffet' });
    }
  }, whenValid('decidedOn', 'notifiedOn'));

export const cancellationSchema = z.object({
  reason: requiredText('Skriv årsagen til aflysningen'),
  decidedOn: date('datoen for aflysningen'),
});

export const contractSchema = z.object({
  signedOn: date('datoen for kontraktens underskrift'),
  finalValueDkk: kroner('kontraktens endelige værdi'),
});

export const directAwardSchema = z.object({
  justification: requiredText('Skriv begrundelsen for den direkte tildeling'),
  winnerName: requiredText('Skriv leverandørens navn', 300),
  winnerCvr: cvr,
  valueDkk: kroner('kontraktværdien'),
  decidedOn: date('afgørelsesdatoen'),
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

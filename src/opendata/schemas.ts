import { z } from 'zod';
import { publicDecisionSchema } from '../domain/decision.js';
import { firmSizes } from '../domain/firm.js';
import { contractTypes, procedures, tenderStatuses, workTypes } from '../domain/vocabulary.js';

// The JSON API's responses, as zod schemas. The same schemas check every response in the tests and
// make the components of the OpenAPI document (openapi.ts), so the document cannot drift from
// what the API sends.

export const apiSchemas = z.registry<{ id: string; description: string }>();
/** Each named schema's description, for the OpenAPI components. */
export const schemaDescriptions = new Map<string, string>();

function named<T extends z.ZodType>(schema: T, id: string, description: string): T {
  schemaDescriptions.set(id, description);
  apiSchemas.add(schema, { id, description });
  return schema;
}

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 med tidszone, dansk tid, fx 2027-01-15T12:00:00+01:00');
const day = z.iso.date().describe('ISO 8601-dato, fx 2027-08-01');
const dkk = z.number().nonnegative().describe('Kroner (DKK) ekskl. moms');
const url = z.url();

export const errorSchema = named(
  z.object({
    error: z.object({
      code: z.string().describe('Stabil kode, fx bad_parameter, not_found, rate_limited'),
      message: z.string().describe('Hvad der er galt, på dansk'),
      parameter: z.string().optional().describe('Parameteren, fejlen handler om (ved 400)'),
    }),
  }),
  'Error',
  'En fejl: en stabil kode og en dansk forklaring.',
);

export const procedureRefSchema = named(
  z
  .object({
    code: z.enum(procedures).describe('Procedurens kode'),
    label: z.string().describe('Proceduren på dansk'),
  }),
  'ProcedureRef',
  'Den procedure, tærskelreglerne giver.',
);

export const thresholdRuleSchema = named(
  z
  .object({
    contractType: z.enum(contractTypes),
    minDkk: dkk,
    minInclusive: z.boolean().describe('true: minDkk hører til reglen ("fra og med"); false: først beløb over minDkk'),
    maxDkk: dkk.nullable(),
    procedure: z.enum(procedures),
    procedureLabel: z.string(),
    minBids: z.number().int().nullable(),
    maxInvited: z.number().int().nullable(),
    announce: z.boolean().describe('Skal opgaven annonceres'),
    standstillDays: z.number().int(),
    legalBasis: z.string(),
    source: z.string().nullable(),
  }),
  'ThresholdRule',
  'Én regel i et tærskelsæt: et beløbsinterval for en kontrakttype og dets procedure.',
);

export const thresholdSetRefSchema = named(
  z
  .object({ id: z.number().int(), name: z.string(), effectiveFrom: day, effectiveTo: day.nullable() }),
  'ThresholdSetRef',
  'Et tærskelsæt og dets gyldighedsperiode.',
);

export const thresholdSetSchema = named(
  thresholdSetRefSchema
  .extend({ rules: z.array(thresholdRuleSchema) }),
  'ThresholdSet',
  'Et tærskelsæt med alle dets regler.',
);

export const procedureSchema = named(
  z
  .object({
    kind: z.enum(['classified', 'unvalued', 'no_set', 'no_rule']).describe('classified: en regel gælder; ellers hvorfor ikke'),
    explanation: z.string().describe('Hvorfor, i én dansk linje'),
    procedure: procedureRefSchema.nullable(),
    rule: thresholdRuleSchema.nullable(),
    thresholdSet: thresholdSetRefSchema.nullable(),
  }),
  'Procedure',
  'Proceduren for et beløb og en kontrakttype, reglen der gav den, og tærskelsættet.',
);

export const requirementSchema = named(
  z
  .object({
    code: z.string(),
    category: z.string(),
    title: z.string(),
    summary: z.string(),
    evidence: z.string().nullable(),
    legalBasis: z.string().nullable(),
    source: z.string().nullable(),
    retired: z.boolean().describe('Udgået af kataloget'),
    links: z.object({ html: url }),
  }),
  'Requirement',
  'Et krav i kravkataloget (ESG, sociale og arbejdsklausuler).',
);

const propertySchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});

export const invitationSchema = named(
  z.object({
    cvr: z.string().describe('CVR-nummer, 8 cifre'),
    name: z.string().describe('Virksomhedens navn, som da den blev inviteret'),
    invitedAt: instant,
    outsideLocal: z.boolean().describe('Uden for kommunens postnumre (den 4. plads efter tilbudsloven §12 stk. 2)'),
  }),
  'Invitation',
  'En virksomhed inviteret til at give underhåndsbud; offentlig efter tildelingen.',
);

export const bidSchema = named(
  z.object({
    cvr: z.string(),
    name: z.string(),
    amountDkk: dkk,
    valid: z.boolean(),
    invalidReason: z.string().nullable().describe('Hvorfor tilbuddet ikke var gyldigt; null for et gyldigt'),
    winner: z.boolean().describe('Det vindende tilbud'),
    sme: z.boolean().nullable().describe('SMV efter registrets størrelse (2003/361/EF); null når virksomheden ikke er i registret'),
  }),
  'Bid',
  'Et tilbud i en tildeling; offentligt efter tildelingen.',
);

export const tenderSchema = named(
  z
  .object({
    id: z.string().describe('DBD-id'),
    title: z.string(),
    status: z.enum(tenderStatuses),
    statusLabel: z.string(),
    workType: z.enum(workTypes),
    contractType: z.enum(contractTypes),
    property: propertySchema,
    estimatedValueDkk: dkk.nullable(),
    cpvCodes: z.array(z.string()),
    expectedPublication: z.string().nullable().describe('Som DBD angiver den: 2027-Q2, 2027-05 eller 2027-05-12'),
    expectedPublicationDate: day.nullable().describe('Periodens første dag'),
    expectedPublicationText: z.string().nullable().describe('Den forventede offentliggørelse i ord, som portalen viser den: 2. kvartal 2027, august 2027 eller 12. maj 2027'),
    tenderDeadline: instant.nullable(),
    expectedContractStart: day.nullable(),
    requirements: z.array(z.string()).describe('Kravkoder'),
    procedure: procedureRefSchema.nullable(),
    missingFromDbd: z.boolean().describe('Findes ikke længere i DBD’s fulde eksport'),
    updatedAt: instant,
    interestCount: z.number().int().nonnegative().describe('Antal virksomheder, der har vist interesse for opgaven nu (aldrig hvilke)'),
    invitations: z
      .array(invitationSchema)
      .nullable()
      .describe('Underhåndsbud: de inviterede virksomheder, først når udbuddet er tildelt (status awarded eller contracted); null før, så ingen navne kendes, før tilbuddene er inde (konkurrenceloven §6)'),
    bids: z
      .array(bidSchema)
      .nullable()
      .describe('Alle tilbud med tilbudssum (tilbudsloven §7a), først når udbuddet er tildelt; null før. En tom liste: tildelingen oplyste kun antallet'),
    links: z.object({ html: url, self: url, events: url, questions: url }),
  }),
  'Tender',
  'Et udbud eller en planlagt opgave.',
);

export const questionStatsSchema = named(
  z.object({
    questions: z.number().int().nonnegative().describe('Modtagne spørgsmål (fra virksomheder og bekræftede gæster), uden dem udbudsafdelingen har afvist som ikke-spørgsmål'),
    answered: z.number().int().nonnegative().describe('Heraf besvaret: offentliggjort med svar'),
    medianHoursToAnswer: z.number().nonnegative().nullable().describe('Mediantiden fra et spørgsmål modtages til det første svar offentliggøres, i timer med én decimal; null før det første svar'),
  }),
  'QuestionStats',
  'Antal spørgsmål og mediantiden til svar: for ét udbud eller for alle.',
);

export const answerVersionSchema = named(
  z.object({
    version: z.number().int().positive().describe('1 for det første svar, 2 og op for rettelser'),
    text: z.string(),
    publishedAt: instant,
  }),
  'AnswerVersion',
  'En udgave af et svar; en rettelse er en ny udgave, intet offentliggjort ændres i stilhed.',
);

export const questionSchema = named(
  z.object({
    number: z.number().int().positive().describe('Spørgsmålets nummer på udbuddet (1, 2, 3 …), givet ved offentliggørelsen'),
    question: z.string().describe('Spørgsmålet, som udbudsafdelingen har offentliggjort det (evt. omformuleret, så spørgeren ikke kan genkendes)'),
    receivedAt: instant.describe('Hvornår spørgsmålet blev modtaget'),
    publishedAt: instant,
    answer: z
      .object({
        text: z.string().describe('Svaret, som det lyder nu (den nyeste udgave)'),
        publishedAt: instant.describe('Hvornår det første svar blev offentliggjort'),
        correctedAt: instant.nullable().describe('Hvornår svaret sidst blev rettet; null når det aldrig er rettet'),
        versions: z.array(answerVersionSchema).describe('Alle udgaver, ældste først; den sidste er den gældende'),
      })
      .nullable()
      .describe('Svaret; null mens spørgsmålet er ubesvaret'),
  }),
  'Question',
  'Et offentliggjort spørgsmål med svar. Aldrig hvem der spurgte.',
);

export const questionListSchema = named(
  z.object({
    tenderId: z.string(),
    stats: questionStatsSchema,
    items: z.array(questionSchema),
    links: z.object({ tender: url, html: url }),
  }),
  'QuestionList',
  'Et udbuds offentliggjorte spørgsmål og svar, efter nummer, og udbuddets spørgsmålstal.',
);

export const tenderDetailSchema = named(
  tenderSchema
  .extend({
    description: z.string(),
    platformUrl: z.string().nullable(),
    referenceNumber: z.string().nullable(),
    contact: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
    summary: z.string().nullable().describe('Udbudsafdelingens resumé'),
    bidderNotes: z.string().nullable().describe('Udbudsafdelingens noter til tilbudsgivere'),
    requirementDetails: z.array(
      z.object({ code: z.string(), known: z.boolean(), title: z.string().nullable(), category: z.string().nullable(), retired: z.boolean() }),
    ),
    procedureDetails: procedureSchema,
    decisions: z.array(publicDecisionSchema),
    questionStats: questionStatsSchema,
  }),
  'TenderDetail',
  'Et udbud med beslutninger, krav, proceduren med begrundelse og spørgsmålstal.',
);

export const eventSchema = named(
  z
  .object({
    id: z.number().int(),
    tenderId: z.string(),
    occurredAt: instant,
    kind: z.string().describe('created, updated, decision, officer_text, interest, invitations, answer, dialogue, …'),
    source: z.string().describe('dbd, eller udbudsafdelingens navn'),
    revision: z.number().int().nullable(),
    dbdCreatedAt: instant
      .nullable()
      .describe('Kun for created: hvornår DBD oprettede projektet (kendt når portalens første udgave var DBD-revision 1), ellers null'),
    headline: z.string().nullable(),
    changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown(), text: z.string() })),
    decision: publicDecisionSchema.nullable(),
    answer: z
      .object({
        version: z.number().int().positive().describe('1: svaret er offentliggjort; 2 og op: svaret er rettet'),
        numbers: z.array(z.number().int().positive()).describe('Numrene på de spørgsmål, svaret besvarer'),
      })
      .nullable()
      .describe('Kun for answer: hvilket svar (se /api/v1/tenders/{id}/questions); ellers null'),
    dialogue: z
      .object({
        action: z.enum(['announced', 'changed', 'cancelled', 'outcome', 'waiver']).describe('announced, changed, cancelled, outcome (resultatet er offentliggjort) eller waiver (begrundelse for ingen markedsdialog)'),
        activityId: z.number().int().nullable(),
        kind: z.string().nullable().describe('information_meeting, supplier_day, one_to_one eller written_consultation'),
        title: z.string().nullable(),
        startsAt: instant.nullable(),
        reason: z.string().nullable().describe('Kun for waiver: udbudsafdelingens offentlige begrundelse'),
      })
      .nullable()
      .describe('Kun for dialogue: markedsdialog om udbuddet; ellers null'),
    links: z.object({ tender: url }),
  }),
  'Event',
  'En hændelse i et udbuds historik: hvad der ændrede sig, hvornår og hvorfra.',
);

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Send som cursor for næste side; null på sidste side'),
    links: z.object({ next: url.nullable() }),
  });

export const tenderPageSchema = named(
  page(tenderSchema),
  'TenderPage',
  'En side af udbud, sorteret efter id.',
);
export const eventPageSchema = named(
  page(eventSchema),
  'EventPage',
  'En side af hændelser, sorteret efter id.',
);
export const eventListSchema = named(
  z.object({ items: z.array(eventSchema) }),
  'EventList',
  'Et udbuds hændelser, ældste først.',
);
export const firmSchema = named(
  z.object({
    cvr: z.string().describe('CVR-nummer, 8 cifre'),
    name: z.string(),
    trades: z.array(z.object({ code: z.string(), nameDa: z.string(), nameEn: z.string() })).describe('Fag fra portalens faste liste'),
    postalCode: z.string(),
    city: z.string(),
    size: z.enum(firmSizes).describe('Størrelse efter 2003/361/EF: micro, small, medium, large'),
    sme: z.boolean().describe('SMV: micro, small eller medium'),
    sample: z.boolean().describe('Eksempeldata, ikke en rigtig virksomhed'),
  }),
  'Firm',
  'En virksomhed i det offentlige register: godkendt af udbudsafdelingen og selv valgt at stå der. Aldrig kontaktpersoner eller adresse.',
);
export const firmPageSchema = named(
  page(firmSchema),
  'FirmPage',
  'En side af registrets virksomheder, sorteret efter CVR-nummer.',
);
export const thresholdListSchema = named(
  z
  .object({ inForce: z.number().int().nullable().describe('Id på sættet i kraft i dag'), items: z.array(thresholdSetSchema) }),
  'ThresholdSetList',
  'Alle tærskelsæt, ældste først.',
);
export const requirementListSchema = named(
  z.object({ items: z.array(requirementSchema) }),
  'RequirementList',
  'Kravkataloget.',
);

export type ApiTender = z.infer<typeof tenderSchema>;
export type ApiTenderDetail = z.infer<typeof tenderDetailSchema>;
export type ApiEvent = z.infer<typeof eventSchema>;
export type ApiFirm = z.infer<typeof firmSchema>;
export type ApiQuestion = z.infer<typeof questionSchema>;
export type ApiQuestionStats = z.infer<typeof questionStatsSchema>;
export type ApiQuestionList = z.infer<typeof questionListSchema>;
export type ApiProcedure = z.infer<typeof procedureSchema>;

import { z } from 'zod';
import { publicDecisionSchema } from '../domain/decision.js';
import { changeReasons, checkOutcomes, directions, legalBases, ratingOccasions, ratingScale, sanctions } from '../domain/contract.js';
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

const signedDkk = z.number().describe('Kroner (DKK) ekskl. moms, med fortegn: negativ for en ændring, der sænker værdien');
const targetStatus = z.enum(['met', 'in_progress', 'not_met']).describe('met (opfyldt), in_progress (i gang) eller not_met (ikke opfyldt ved afleveringen)');
const statusCounts = z.object({
  total: z.number().int().nonnegative(),
  met: z.number().int().nonnegative().describe('Opfyldte mål'),
  inProgress: z.number().int().nonnegative().describe('Mål i gang (arbejdet er ikke afleveret)'),
  notMet: z.number().int().nonnegative().describe('Mål ikke opfyldt ved afleveringen'),
});

export const contractTargetSchema = named(
  z.object({
    id: z.number().int(),
    kind: z.enum(['requirement', 'kpi']).describe('requirement: et krav fra udbuddet; kpi: et af kontraktens egne nøgletal (højst fem)'),
    requirementCode: z.string().nullable().describe('Kravkoden; null for et nøgletal'),
    measure: z.string().nullable().describe('Målet for kravet, fx apprentice_years eller co2_per_m2_year; null for et nøgletal'),
    label: z.string().describe('Målet i ord (dansk): målets navn eller nøgletallets titel'),
    unit: z.string().describe('Enheden (dansk), fx lærlingeår eller kg CO₂e/m²/år'),
    direction: z.enum(directions).describe('at_least: mindst målværdien skal leveres; at_most: højst målværdien'),
    targetValue: z.number(),
    delivered: z.number().nullable().describe('Det senest registrerede leverede tal; null før første registrering'),
    deliveredOn: day.nullable(),
    status: targetStatus,
    fraction: z.number().min(0).max(1).describe('Leveret i forhold til målet, 0–1 (til en fremdriftsbjælke)'),
    progress: z.array(z.object({ observedOn: day, value: z.number() })).describe('Alle registreringer, ældste først'),
  }),
  'ContractTarget',
  'Et mål aftalt ved kontraktens underskrift, med det leverede indtil nu.',
);

export const contractCheckSchema = named(
  z.object({
    id: z.number().int(),
    checkedOn: day,
    subject: z.string().describe('Hvad der blev kontrolleret'),
    requirementCode: z.string().nullable(),
    outcome: z.enum(checkOutcomes).describe('compliant (i orden), finding (bemærkning) eller breach (brud)'),
    sanction: z.enum(sanctions).describe('none, warning (advarsel) eller fine (bod)'),
    fineDkk: dkk.nullable(),
    supplierResponse: z.string().nullable().describe('Leverandørens svar; null før det er registreret'),
  }),
  'ContractCheck',
  'En kontrol på pladsen: hvad, hvornår, resultatet og en eventuel sanktion. Aldrig oplysninger om de ansatte.',
);

export const contractRatingSchema = named(
  z.object({
    id: z.number().int(),
    occasion: z.enum(ratingOccasions).describe('yearly (årlig) eller handover (ved aflevering)'),
    ratedOn: day,
    overall: z.enum(ratingScale).describe('good, approaching, requires_improvement eller inadequate'),
    reason: z.string(),
    reply: z.string().nullable().describe('Leverandørens svar, offentliggjort ved siden af vurderingen; null når leverandøren ikke svarede'),
    repliedAt: instant.nullable(),
    publishedAt: instant,
    items: z.array(z.object({ targetId: z.number().int(), rating: z.enum(ratingScale), reason: z.string() })).describe('Vurderingen af hvert mål'),
  }),
  'ContractRating',
  'En offentliggjort vurdering af leverandørens indsats med leverandørens svar. Udkast offentliggøres ikke.',
);

export const contractChangeSchema = named(
  z.object({
    id: z.number().int(),
    changedOn: day,
    reason: z.enum(changeReasons),
    reasonText: z.string().nullable().describe('Årsagen i ord, når reason er other'),
    description: z.string().nullable(),
    valueChangeDkk: signedDkk,
    newEndOn: day.nullable().describe('Ny afleveringsdato; null når ændringen ikke flytter den'),
    legalBasis: z.enum(legalBases).nullable().describe('Hjemlen, når ændringerne overstiger bagatelgrænsen i udbudslovens §180'),
    cumulativeDkk: signedDkk.describe('Ændringerne indtil og med denne, lagt sammen'),
    cumulativePercent: z.number().nullable().describe('cumulativeDkk i procent af den oprindelige værdi'),
    crossesDeMinimis: z.boolean().describe('Ændringerne indtil og med denne overstiger bagatelgrænsen i §180 (10 % for tjenesteydelser og varer, 15 % for bygge- og anlægsarbejder, eller EU-tærsklen)'),
  }),
  'ContractChange',
  'En ændring af kontrakten med værdi, årsag og hjemmel.',
);

export const contractSchema = named(
  z.object({
    supplier: z.object({ name: z.string(), cvr: z.string() }),
    contractType: z.enum(contractTypes),
    signedOn: day,
    originalValueDkk: dkk,
    currentValueDkk: dkk.describe('Den oprindelige værdi plus ændringerne; efter afleveringen den endelige værdi'),
    agreedHandoverOn: day.describe('Afleveringen aftalt ved underskriften'),
    plannedHandoverOn: day.describe('Afleveringen, som ændringerne har flyttet den'),
    overBudget: z.boolean().describe('Den endelige (eller nuværende) værdi er over den oprindelige'),
    late: z.boolean().describe('Afleveret efter den planlagte dato, eller ikke afleveret og datoen er passeret'),
    targets: z.array(contractTargetSchema),
    checks: z.array(contractCheckSchema),
    ratings: z.array(contractRatingSchema),
    changes: z.array(contractChangeSchema),
    totals: z.object({ cumulativeDkk: signedDkk, cumulativePercent: z.number().nullable() }),
    deMinimis: z.object({
      crosses: z.boolean(),
      limitPercent: z.number().describe('10 eller 15'),
      bySharePercent: z.boolean(),
      byEuThreshold: z.boolean(),
      euThresholdDkk: dkk.nullable().describe('EU-tærsklen for kontrakttypen ved underskriften'),
    }),
    completion: z
      .object({ handoverOn: day, finalValueDkk: dkk, daysLate: z.number().int().nonnegative() })
      .nullable()
      .describe('Afleveringen; null før kontrakten er afsluttet'),
    links: z.object({ supplier: url }),
  }),
  'Contract',
  'Den underskrevne kontrakt og opfølgningen på den: mål med fremdrift, kontroller, vurderinger med svar, ændringer og afleveringen.',
);

export const contractSummarySchema = named(
  z.object({
    tenderId: z.string(),
    title: z.string(),
    supplier: z.object({ name: z.string(), cvr: z.string() }),
    contractType: z.enum(contractTypes),
    signedOn: day,
    originalValueDkk: dkk,
    currentValueDkk: dkk,
    cumulativePercent: z.number().nullable(),
    plannedHandoverOn: day,
    handoverOn: day.nullable(),
    completed: z.boolean(),
    daysLate: z.number().int().nonnegative().nullable(),
    overBudget: z.boolean(),
    late: z.boolean(),
    targets: statusCounts,
    links: z.object({ tender: url, html: url }),
  }),
  'ContractSummary',
  'En kontrakt i listen: værdier, datoer og hvor målene står.',
);

export const contractPageSchema = named(
  z.object({
    items: z.array(contractSummarySchema),
    nextCursor: z.string().nullable().describe('Send som cursor for næste side; null på sidste side'),
    links: z.object({ next: url.nullable() }),
  }),
  'ContractPage',
  'En side af kontrakter, sorteret efter udbuddets id.',
);

export const supplierRecordSchema = named(
  z.object({
    cvr: z.string(),
    name: z.string().nullable().describe('Navnet på den seneste kontrakt; null når portalen ingen kontrakt har med CVR-nummeret'),
    contracts: z.array(
      z.object({
        tenderId: z.string(),
        title: z.string(),
        signedOn: day,
        originalValueDkk: dkk,
        currentValueDkk: dkk,
        plannedHandoverOn: day,
        handoverOn: day.nullable(),
        completed: z.boolean(),
        daysLate: z.number().int().nonnegative().nullable(),
        overBudget: z.boolean(),
        late: z.boolean(),
        targets: statusCounts,
        ratings: z.array(z.object({ occasion: z.enum(ratingOccasions), ratedOn: day, overall: z.enum(ratingScale), replied: z.boolean() })),
        links: z.object({ tender: url }),
      }),
    ),
    targets: statusCounts,
    ratings: z.object(Object.fromEntries(ratingScale.map((r) => [r, z.number().int().nonnegative()])) as Record<(typeof ratingScale)[number], z.ZodNumber>).describe('Offentliggjorte vurderinger efter samlet vurdering'),
    completed: z.number().int().nonnegative(),
    late: z.number().int().nonnegative(),
    overBudget: z.number().int().nonnegative(),
  }),
  'SupplierRecord',
  'En leverandørs kontrakter med kommunen: mål opfyldt og vurderinger. Tom, når portalen ingen kontrakt har med CVR-nummeret.',
);

export const requirementRecordSchema = named(
  z.object({
    code: z.string(),
    contracts: z.number().int().nonnegative().describe('Kontrakter med mindst ét mål for kravet'),
    targets: statusCounts,
    measures: z.array(
      z.object({
        measure: z.string(),
        label: z.string().describe('Målet i ord (dansk)'),
        unit: z.string(),
        direction: z.enum(directions),
        years: z.array(
          z.object({
            year: z.number().int().describe('Året, kontrakterne blev underskrevet (en årgang: hvad kontrakter underskrevet det år krævede, og hvad de har leveret indtil nu)'),
            contracts: z.number().int().nonnegative().describe('Kontrakter underskrevet det år med mål for kravet i dette mål'),
            targets: z.number().int().nonnegative(),
            aggregate: z.enum(['sum', 'mean']).describe('sum: mål og leverede tal lagt sammen (fx lærlingeår); mean: gennemsnittet (fx kg CO₂e/m²/år)'),
            required: z.number(),
            delivered: z.number().nullable().describe('null før et leveret tal er registreret'),
            reported: z.number().int().nonnegative().describe('Mål med et registreret leveret tal'),
          }),
        ),
      }),
    ),
    links: z.object({ requirement: url, html: url, contracts: z.array(url) }),
  }),
  'RequirementRecord',
  'Et kravs resultater på tværs af kontrakter: mål opfyldt, i gang og ikke opfyldt, og krævet og leveret pr. år og mål.',
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
    contract: contractSchema.nullable().describe('Den underskrevne kontrakt og opfølgningen på den; null før kontrakten er registreret på portalen'),
  }),
  'TenderDetail',
  'Et udbud med beslutninger, krav, proceduren med begrundelse, spørgsmålstal og kontrakten.',
);

export const eventSchema = named(
  z
  .object({
    id: z.number().int(),
    tenderId: z.string(),
    occurredAt: instant,
    kind: z.string().describe('created, updated, decision, officer_text, interest, invitations, answer, dialogue, contract, …'),
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
    contract: z
      .object({
        action: z
          .enum(['signed', 'progress', 'check', 'check_response', 'rating', 'rating_reply', 'change', 'completed'])
          .describe('signed (underskrevet med mål), progress (fremdrift), check (kontrol), check_response (leverandørens svar på en kontrol), rating (vurdering offentliggjort), rating_reply, change (ændring), completed (afleveret)'),
        id: z.number().int().nullable().describe('Id på fremdriften, kontrollen, vurderingen eller ændringen (som i /api/v1/tenders/{id}); null for signed og completed'),
        summary: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe('Det offentlige resumé, handlingen har: fx value og targetValue for progress, valueChangeDkk og cumulativePercent for change'),
      })
      .nullable()
      .describe('Kun for contract: opfølgning på kontrakten; ellers null'),
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
export type ApiContract = z.infer<typeof contractSchema>;
export type ApiContractSummary = z.infer<typeof contractSummarySchema>;
export type ApiSupplierRecord = z.infer<typeof supplierRecordSchema>;
export type ApiRequirementRecord = z.infer<typeof requirementRecordSchema>;

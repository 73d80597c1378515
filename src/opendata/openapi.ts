import { z } from 'zod';
import { contractTypes, tenderStatuses, workTypes } from '../domain/vocabulary.js';
import { CPV_PREFIX, MAX_AMOUNT_DKK, MAX_QUERY_LENGTH, MAX_REPEATS, REQUIREMENT_CODE, TENDER_ID } from '../tenders/filter.js';
import { POSTAL_CODE, TRADE_CODE } from '../firms/open-data.js';
import { CVR, DEFAULT_LIMIT, MAX_LIMIT, SINCE_YEARS } from './limits.js';
import { DATA_LICENSE } from './ocds/package.js';
import { apiSchemas, schemaDescriptions } from './schemas.js';

// The OpenAPI 3.1 document of /api/v1: components from the response schemas (schemas.ts), paths
// and parameters written here, next to each other, so /api/docs and the JSON agree. Every limit the
// server enforces is stated from the constant its validator uses, so the two cannot drift apart.

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
  /** A value that exists in the sample data (path parameters), for clients and contract testers. */
  example?: string;
}

interface Operation {
  /** Stable, for generated clients. */
  operationId: string;
  path: string;
  summary: string;
  description: string;
  parameters: Parameter[];
  /** A component of ours, or an absolute URL of an external schema (the OCDS packages). */
  response: string;
  example: string;
}

const text = (description: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'string', description, ...extra });
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }, required = false): Parameter => ({ name, in: 'query', required, description, schema });
const list = (values: readonly string[]) => ({ type: 'array', items: { type: 'string', enum: [...values] }, maxItems: MAX_REPEATS });
const amount = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT_DKK };

const filterParameters: Parameter[] = [
  q('q', `Fritekst (dansk stemming) i titel, beskrivelse, ejendom og adresse; højst ${MAX_QUERY_LENGTH} tegn`, { type: 'string', maxLength: MAX_QUERY_LENGTH }),
  q('id', 'Udbuddets id; gentag for flere (id=a&id=b)', { type: 'array', items: { type: 'string', pattern: TENDER_ID.source }, maxItems: MAX_REPEATS }),
  q('status', 'Status; gentag for flere (status=planned&status=published)', list(tenderStatuses)),
  q('workType', 'Arbejdstype; kan gentages', list(workTypes)),
  q('contractType', 'Kontrakttype; kan gentages', list(contractTypes)),
  q('requirement', 'Kravkode; gentaget betyder alle kravene', { type: 'array', items: { type: 'string', pattern: REQUIREMENT_CODE.source }, maxItems: MAX_REPEATS }),
  q('cpv', 'Begyndelsen af en CPV-kode, fx 45', { type: 'string', pattern: CPV_PREFIX.source }),
  q('minValue', 'Anslået værdi mindst (kr.); højst maxValue, når begge er angivet', amount),
  q('maxValue', 'Anslået værdi højst (kr.); mindst minValue, når begge er angivet', amount),
  q('includeUnvalued', 'Medtag udbud uden anslået værdi, når der filtreres på værdi (standard true)', { type: 'boolean' }),
  q('delayed', 'true: kun planlagte udbud, hvis forventede tidspunkt er passeret (forsinkede); false: alle andre', { type: 'boolean' }),
];
/** `since`'s documented range, so a client (or a contract test) generating instants stays inside it. */
const sinceSchema = {
  type: 'string',
  format: 'date-time',
  formatMinimum: `${SINCE_YEARS.min}-01-01T00:00:00Z`,
  formatMaximum: `${SINCE_YEARS.max}-12-31T23:59:59Z`,
};

const paging = [
  q('cursor', 'nextCursor fra forrige side'),
  q('limit', `Antal pr. side (1–${MAX_LIMIT}, standard ${DEFAULT_LIMIT})`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
];
const idParameter: Parameter = { name: 'id', in: 'path', required: true, description: 'Udbuddets DBD-id', schema: text('DBD-id'), example: 'DBD-UDB-2027-0008' };

export const operations: Operation[] = [
  {
    operationId: 'listTenders',
    path: '/api/v1/tenders',
    summary: 'Udbud, filtreret som på /udbud',
    description: 'Samme filtre som listen på /udbud. Sorteret efter id og sidet med cursor, så en høstning hverken springer over eller gentager et udbud, selv om udbud ændrer sig undervejs. page og sort findes ikke her.',
    parameters: [...filterParameters, ...paging],
    response: 'TenderPage',
    example: '/api/v1/tenders?status=published&limit=10',
  },
  {
    operationId: 'getTender',
    path: '/api/v1/tenders/{id}',
    summary: 'Ét udbud med beslutninger, krav og procedure',
    description: 'Alt, hvad udbudssiden viser: beskrivelse, kontakt, kravene, proceduren med reglen og tærskelsættet, de offentlige beslutninger (tildeling, aflysning, kontrakt), antal spørgsmål med mediantiden til svar, og den underskrevne kontrakt med opfølgningen (mål og fremdrift, kontroller, vurderinger med leverandørens svar, ændringer med den samlede ændring i procent, afleveringen).',
    parameters: [idParameter],
    response: 'TenderDetail',
    example: '/api/v1/tenders/DBD-UDB-2027-0008',
  },
  {
    operationId: 'listTenderEvents',
    path: '/api/v1/tenders/{id}/events',
    summary: 'Et udbuds historik',
    description: 'Hver hændelse med de felter, der ændrede sig (gammel og ny værdi og en dansk tekst).',
    parameters: [idParameter],
    response: 'EventList',
    example: '/api/v1/tenders/DBD-UDB-2027-0008/events',
  },
  {
    operationId: 'listTenderQuestions',
    path: '/api/v1/tenders/{id}/questions',
    summary: 'Et udbuds spørgsmål og svar',
    description:
      'Spørgsmålene, som udbudsafdelingen har offentliggjort dem, efter nummer, hver med sit svar og alle svarets udgaver (en rettelse er en ny udgave), og udbuddets antal spørgsmål og mediantid til svar. Aldrig hvem der spurgte.',
    parameters: [idParameter],
    response: 'QuestionList',
    example: '/api/v1/tenders/DBD-UDB-2027-0008/questions',
  },
  {
    operationId: 'getQuestionStats',
    path: '/api/v1/questions/stats',
    summary: 'Spørgsmål og svartid for alle udbud',
    description: 'Antal modtagne og besvarede spørgsmål på alle udbud og mediantiden fra et spørgsmål modtages til det første svar, i timer.',
    parameters: [],
    response: 'QuestionStats',
    example: '/api/v1/questions/stats',
  },
  {
    operationId: 'listEvents',
    path: '/api/v1/events',
    summary: 'Alle ændringer siden et tidspunkt',
    description: 'Til høstere: alle hændelser på alle udbud fra og med since, i id-rækkefølge, sidet med cursor. Gem nextCursor og spørg videre fra den næste gang.',
    parameters: [q('since', `Fra og med dette tidspunkt (ISO 8601 med tidszone, eller en dato), i årene ${SINCE_YEARS.min}–${SINCE_YEARS.max}`, sinceSchema), ...paging],
    response: 'EventPage',
    example: '/api/v1/events?since=2026-11-01T00:00:00%2B01:00',
  },
  {
    operationId: 'listFirms',
    path: '/api/v1/firms',
    summary: 'Virksomhedsregistret',
    description:
      'De virksomheder, udbudsafdelingen har godkendt, og som selv har valgt at stå i det offentlige register (/virksomheder): CVR, navn, fag, postnummer, by, størrelse og SMV. Aldrig kontaktpersoner eller adresse. Sorteret efter CVR-nummer og sidet med cursor. Et ukendt fag giver en tom liste.',
    parameters: [
      q('trade', 'Fagkode fra portalens liste, fx tomrer', { type: 'string', pattern: TRADE_CODE.source }),
      q('postalCode', 'Postnummer', { type: 'string', pattern: POSTAL_CODE.source }),
      q('local', 'true: kun virksomheder i kommunens egne postnumre', { type: 'boolean' }),
      ...paging,
    ],
    response: 'FirmPage',
    example: '/api/v1/firms?local=true',
  },
  {
    operationId: 'listContracts',
    path: '/api/v1/contracts',
    summary: 'Kontrakter og opfølgningen på dem',
    description:
      'De kontrakter, udbudsafdelingen har registreret underskrevet: leverandør, værdier (oprindelig, nu og endelig), planlagt og faktisk aflevering, dage for sent og hvor målene står. Sorteret efter udbuddets id og sidet med cursor. Hele opfølgningen (mål, kontroller, vurderinger, ændringer) står under contract i /api/v1/tenders/{id}.',
    parameters: [
      q('overBudget', 'true: kun kontrakter, hvis endelige (eller nuværende) værdi er over den oprindelige; false: kun de andre', { type: 'boolean' }),
      q('late', 'true: kun kontrakter afleveret efter den planlagte dato, eller ikke afleveret og datoen er passeret; false: kun de andre', { type: 'boolean' }),
      ...paging,
    ],
    response: 'ContractPage',
    example: '/api/v1/contracts?overBudget=true',
  },
  {
    operationId: 'getSupplierRecord',
    path: '/api/v1/suppliers/{cvr}',
    summary: 'En leverandørs kontrakter med kommunen',
    description:
      'Leverandørens kontrakter (efter CVR-nummer) med mål opfyldt, i gang og ikke opfyldt, offentliggjorte vurderinger, og hvor mange der er afleveret, forsinkede eller over budget. Et CVR-nummer uden kontrakter giver en tom oversigt.',
    parameters: [{ name: 'cvr', in: 'path', required: true, description: 'CVR-nummer, 8 cifre', schema: text('CVR-nummer', { pattern: CVR.source }), example: '30023757' }],
    response: 'SupplierRecord',
    example: '/api/v1/suppliers/30023757',
  },
  {
    operationId: 'getRequirementRecord',
    path: '/api/v1/requirements/{code}/record',
    summary: 'Et kravs resultater på tværs af kontrakter',
    description:
      'Hvor mange af kravets mål er opfyldt, i gang og ikke opfyldt, og pr. mål og år hvad der blev krævet og leveret. Et mål tæller i det år, kontrakten blev underskrevet (en årgang): 2026 viser, hvad kontrakter underskrevet i 2026 krævede, og hvad de har leveret indtil nu. Mængder (fx lærlingeår) lægges sammen, andele og grænser (fx kg CO₂e/m²/år) vises som gennemsnit. Samme tal som siden /krav/{code}. Ukendt kravkode: 404.',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'Kravkoden', schema: text('Kravkode', { pattern: REQUIREMENT_CODE.source }), example: 'SOC-APPRENTICE' }],
    response: 'RequirementRecord',
    example: '/api/v1/requirements/SOC-APPRENTICE/record',
  },
  {
    operationId: 'listThresholdSets',
    path: '/api/v1/thresholds',
    summary: 'Tærskelsæt og deres regler',
    description: 'Alle tærskelsæt (tilbudsgrænser og EU-tærskler) med regler, og hvilket der gælder i dag.',
    parameters: [],
    response: 'ThresholdSetList',
    example: '/api/v1/thresholds',
  },
  {
    operationId: 'listRequirements',
    path: '/api/v1/requirements',
    summary: 'Kravkataloget',
    description: 'ESG-, sociale og arbejdsklausuler, som udbud kan stille.',
    parameters: [],
    response: 'RequirementList',
    example: '/api/v1/requirements',
  },
  {
    operationId: 'getProcedure',
    path: '/api/v1/procedure',
    summary: 'Hvilken procedure gælder?',
    description: 'Proceduren for et beløb og en kontrakttype på en dato, reglen der gav den, og tærskelsættet.',
    parameters: [
      q('amountDkk', 'Anslået værdi i kr. ekskl. moms, som et decimaltal med punktum, fx 3000000 eller 1500000.5 (ikke 1e6, 0x10 eller tusindtalsskilletegn)', { type: 'number', minimum: 0, maximum: MAX_AMOUNT_DKK }, true),
      q('contractType', 'Kontrakttype', { type: 'string', enum: [...contractTypes] }, true),
      q('date', 'Datoen, tærskelsættet skal gælde på (standard: i dag)', { type: 'string', format: 'date' }),
    ],
    response: 'Procedure',
    example: '/api/v1/procedure?amountDkk=3000000&contractType=works',
  },
  {
    operationId: 'listOcdsReleases',
    path: '/api/ocds/releases',
    summary: 'OCDS 1.1-udgivelser',
    description: 'En OCDS release package med én udgivelse pr. hændelse, i den rækkefølge hændelserne skete; sidet med since, cursor og limit (links.next).',
    parameters: [q('since', `Udgivelser efter dette tidspunkt (ISO 8601 med tidszone, eller en dato), i årene ${SINCE_YEARS.min}–${SINCE_YEARS.max}`, sinceSchema), ...paging],
    response: 'https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json',
    example: '/api/ocds/releases?limit=10',
  },
  {
    operationId: 'getOcdsRecord',
    path: '/api/ocds/records/{ocid}',
    summary: 'Én udbudsproces som OCDS-record',
    description: 'En OCDS record package: alle procesens udgivelser og en sammenskrevet (compiled) udgivelse med den seneste tilstand.',
    parameters: [{ name: 'ocid', in: 'path', required: true, description: 'OCDS-id: OCID_PREFIX-DBD-id', schema: text('ocid'), example: 'ocds-kge001-DBD-UDB-2027-0008' }],
    response: 'https://standard.open-contracting.org/schema/1__1__5/record-package-schema.json',
    example: '/api/ocds/records/ocds-kge001-DBD-UDB-2027-0008',
  },
];

// An OCDS package is described by its official schema, named in externalDocs (validators of
// OpenAPI documents resolve internal references only).
const isExternal = (response: string) => response.startsWith('https://');
const schemaRef = (response: string) =>
  isExternal(response) ? { type: 'object', description: `Se ${response}` } : { $ref: `#/components/schemas/${response}` };

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function openApiDocument(publicUrl: string, municipality: string) {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, { ...rest, description: schemaDescriptions.get(id) }];
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: `Udbudsportal – ${municipality}: åbne data`,
      version: '1.0.0',
      contact: { name: municipality, url: publicUrl },
      // The data's licence, the one the OCDS packages state (README, "OCDS").
      license: { name: 'CC BY 4.0', url: DATA_LICENSE },
      description: 'Udbud, planlagte opgaver, beslutninger, tærskelregler og krav som JSON, uden nøgle. Tider er ISO 8601 med tidszone (dansk tid); beløb er tal i kroner ekskl. moms. Fejl er JSON med en stabil code og en dansk message. OCDS 1.1-udgivelser findes under /api/ocds.',
    },
    servers: [{ url: publicUrl }],
    // Open to all, no key: said explicitly, so no tool guesses at a scheme.
    security: [],
    paths: Object.fromEntries(
      operations.map((op) => [
        op.path,
        {
          get: {
            operationId: op.operationId,
            summary: op.summary,
            description: op.description,
            ...(isExternal(op.response) ? { externalDocs: { description: 'Det officielle OCDS 1.1.5-skema', url: op.response } } : {}),
            parameters: op.parameters,
            responses: {
              '200': { description: 'OK', content: { 'application/json': { schema: schemaRef(op.response) } } },
              '304': { description: 'Uændret: svaret har stadig den ETag, If-None-Match sendte' },
              '400': errorResponse('En parameter er forkert; parameter siger hvilken'),
              ...(op.path.includes('{') ? { '404': errorResponse('Findes ikke') } : {}),
              ...(op.path.includes('{') ? { '414': errorResponse('Id\'et er over 100 tegn') } : {}),
              '429': errorResponse('For mange forespørgsler; se Retry-After'),
              '431': errorResponse('Adressen og headerne fylder over 16 KB'),
              '500': errorResponse('Serverfejl; prøv igen om lidt'),
            },
          },
        },
      ]),
    ),
    components: { schemas: components },
  };
}

import { z } from 'zod';
import { contractTypes, tenderStatuses, workTypes } from '../domain/vocabulary.js';
import { apiSchemas, schemaDescriptions } from './schemas.js';

// The OpenAPI 3.1 document of /api/v1: components from the response schemas (schemas.ts), paths
// and parameters written here, next to each other, so /api/docs and the JSON agree.

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
}

interface Operation {
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
const list = (values: readonly string[]) => ({ type: 'array', items: { type: 'string', enum: [...values] } });

const filterParameters: Parameter[] = [
  q('q', 'Fritekst (dansk stemming) i titel, beskrivelse, ejendom og adresse'),
  q('status', 'Status; gentag for flere (status=planned&status=published)', list(tenderStatuses)),
  q('workType', 'Arbejdstype; kan gentages', list(workTypes)),
  q('contractType', 'Kontrakttype; kan gentages', list(contractTypes)),
  q('requirement', 'Kravkode; gentaget betyder alle kravene', { type: 'array', items: { type: 'string' } }),
  q('cpv', 'Begyndelsen af en CPV-kode, fx 45', { type: 'string', pattern: '^\\d{2,8}(-\\d)?$' }),
  q('minValue', 'Anslået værdi mindst (kr.)', { type: 'integer', minimum: 0 }),
  q('maxValue', 'Anslået værdi højst (kr.)', { type: 'integer', minimum: 0 }),
  q('includeUnvalued', 'Medtag udbud uden anslået værdi, når der filtreres på værdi (standard true)', { type: 'boolean' }),
];
const paging = [
  q('cursor', 'nextCursor fra forrige side'),
  q('limit', 'Antal pr. side (1–500, standard 50)', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
];
const idParameter: Parameter = { name: 'id', in: 'path', required: true, description: 'Udbuddets DBD-id', schema: text('DBD-id') };

export const operations: Operation[] = [
  {
    path: '/api/v1/tenders',
    summary: 'Udbud, filtreret som på /udbud',
    description: 'Samme filtre som listen på /udbud. Sorteret efter id og sidet med cursor, så en høstning hverken springer over eller gentager et udbud, selv om udbud ændrer sig undervejs. page og sort findes ikke her.',
    parameters: [...filterParameters, ...paging],
    response: 'TenderPage',
    example: '/api/v1/tenders?status=published&limit=10',
  },
  {
    path: '/api/v1/tenders/{id}',
    summary: 'Ét udbud med beslutninger, krav og procedure',
    description: 'Alt, hvad udbudssiden viser: beskrivelse, kontakt, kravene, proceduren med reglen og tærskelsættet, og de offentlige beslutninger (tildeling, aflysning, kontrakt).',
    parameters: [idParameter],
    response: 'TenderDetail',
    example: '/api/v1/tenders/DBD-UDB-2027-0008',
  },
  {
    path: '/api/v1/tenders/{id}/events',
    summary: 'Et udbuds historik',
    description: 'Hver hændelse med de felter, der ændrede sig (gammel og ny værdi og en dansk tekst).',
    parameters: [idParameter],
    response: 'EventList',
    example: '/api/v1/tenders/DBD-UDB-2027-0008/events',
  },
  {
    path: '/api/v1/events',
    summary: 'Alle ændringer siden et tidspunkt',
    description: 'Til høstere: alle hændelser på alle udbud fra og med since, i id-rækkefølge, sidet med cursor. Gem nextCursor og spørg videre fra den næste gang.',
    parameters: [q('since', 'Fra og med dette tidspunkt (ISO 8601 med tidszone, eller en dato), i årene 1900–9999', { type: 'string', format: 'date-time' }), ...paging],
    response: 'EventPage',
    example: '/api/v1/events?since=2026-11-01T00:00:00%2B01:00',
  },
  {
    path: '/api/v1/thresholds',
    summary: 'Tærskelsæt og deres regler',
    description: 'Alle tærskelsæt (tilbudsgrænser og EU-tærskler) med regler, og hvilket der gælder i dag.',
    parameters: [],
    response: 'ThresholdSetList',
    example: '/api/v1/thresholds',
  },
  {
    path: '/api/v1/requirements',
    summary: 'Kravkataloget',
    description: 'ESG-, sociale og arbejdsklausuler, som udbud kan stille.',
    parameters: [],
    response: 'RequirementList',
    example: '/api/v1/requirements',
  },
  {
    path: '/api/v1/procedure',
    summary: 'Hvilken procedure gælder?',
    description: 'Proceduren for et beløb og en kontrakttype på en dato, reglen der gav den, og tærskelsættet.',
    parameters: [
      q('amountDkk', 'Anslået værdi i kr. ekskl. moms, som et decimaltal med punktum, fx 3000000 eller 1500000.5 (ikke 1e6, 0x10 eller tusindtalsskilletegn)', { type: 'number', minimum: 0 }, true),
      q('contractType', 'Kontrakttype', { type: 'string', enum: [...contractTypes] }, true),
      q('date', 'Datoen, tærskelsættet skal gælde på (standard: i dag)', { type: 'string', format: 'date' }),
    ],
    response: 'Procedure',
    example: '/api/v1/procedure?amountDkk=3000000&contractType=works',
  },
  {
    path: '/api/ocds/releases',
    summary: 'OCDS 1.1-udgivelser',
    description: 'En OCDS release package med én udgivelse pr. hændelse, i den rækkefølge hændelserne skete; sidet med since, cursor og limit (links.next).',
    parameters: [q('since', 'Udgivelser efter dette tidspunkt (ISO 8601 med tidszone, eller en dato), i årene 1900–9999', { type: 'string', format: 'date-time' }), ...paging],
    response: 'https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json',
    example: '/api/ocds/releases?limit=10',
  },
  {
    path: '/api/ocds/records/{ocid}',
    summary: 'Én udbudsproces som OCDS-record',
    description: 'En OCDS record package: alle procesens udgivelser og en sammenskrevet (compiled) udgivelse med den seneste tilstand.',
    parameters: [{ name: 'ocid', in: 'path', required: true, description: 'OCDS-id: OCID_PREFIX-DBD-id', schema: text('ocid') }],
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
      description: 'Udbud, planlagte opgaver, beslutninger, tærskelregler og krav som JSON, uden nøgle. Tider er ISO 8601 med tidszone (dansk tid); beløb er tal i kroner ekskl. moms. Fejl er JSON med en stabil code og en dansk message. OCDS 1.1-udgivelser findes under /api/ocds.',
    },
    servers: [{ url: publicUrl }],
    paths: Object.fromEntries(
      operations.map((op) => [
        op.path,
        {
          get: {
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

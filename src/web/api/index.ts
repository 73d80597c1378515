import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { openApiDocument, operations } from '../../opendata/openapi.js';
import { answerNotFound } from '../error-handler.js';
import { ocdsRoutes } from './ocds.js';
import { t, translate, type Lang } from '../../i18n/index.js';
import { apiV1Routes } from './v1.js';

/**
 * Open data for machines, without a key, registered under /api: /api/v1 (JSON), /api/ocds
 * (OCDS 1.1), the OpenAPI document and its docs page. Open to any origin for reading; limited per client IP address.
 */
export async function apiRoutes(app: FastifyInstance) {
  await app.register(fastifyCors, { origin: '*', methods: ['GET', 'HEAD'], hideOptionsRoute: true, maxAge: 86_400 });
  // The limit per client address (API_RATE_LIMIT_PER_MINUTE) is counted where cached answers are
  // given, before any other work: ../cache.ts, with ../rate-limit.ts.
  // An unknown address under /api is answered in JSON too (errors on the routes: ../error-handler.ts).
  app.setNotFoundHandler((request, reply) => answerNotFound(request, reply, true));

  await app.register(apiV1Routes);
  await app.register(ocdsRoutes);

  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get('/openapi.json', { config: { api: true, notAPage: true } }, async () => (document ??= openApiDocument(app.config.publicUrl, app.config.municipalityName)));

  // The page around the API is in the reader's language; the OpenAPI document and the JSON stay
  // Danish. Its Danish texts are the source; English ones come from the dictionary
  // (pages.apiDocs.operations/fields), and a text without a translation is shown in Danish.
  app.get('/docs', { config: { api: true } }, async (request, reply) => {
    const lang = request.lang;
    document ??= openApiDocument(app.config.publicUrl, app.config.municipalityName);
    const schemas = document.components.schemas as Record<string, { properties?: Record<string, { description?: string; type?: unknown; $ref?: string }> }>;
    const text = (key: string, danish: string) => (lang === 'da' ? danish : translated(lang, `pages.apiDocs.${key}`) ?? danish);
    return reply.view('pages/api-docs', {
      pageTitle: t(lang, 'pages.apiDocs.pageTitle'),
      intro: lang === 'da' ? document.info.description : t(lang, 'pages.apiDocs.intro'),
      embedUrl: `${app.config.publicUrl}/indlejr/udbud?status=published&status=planned&limit=10${lang === 'en' ? '&lang=en' : ''}`,
      operations: operations.map((op) => {
        const anchor = op.path.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '');
        return {
          ...op,
          anchor,
          summary: text(`operations.${anchor}.summary`, op.summary),
          description: text(`operations.${anchor}.description`, op.description),
          parameters: op.parameters.map((p) => ({
            ...p,
            type: describeType(p.schema, lang),
            description: text(`operations.${anchor}.parameters.${p.name}`, p.description),
          })),
          responseUrl: op.response.startsWith('https://') ? op.response : null,
          fields: Object.entries(schemas[op.response]?.properties ?? {}).map(([name, field]) => ({
            name,
            type: describeType(field as Record<string, unknown>, lang),
            description: field.description ? text(`fields.${name}`, field.description) : '',
          })),
        };
      }),
    });
  });
}

/** A dictionary text, or undefined where the dictionary has none. */
function translated(lang: Lang, key: string): string | undefined {
  try {
    return translate(lang, key);
  } catch {
    return undefined;
  }
}

/** A JSON Schema type in a few words, for the docs page. */
function describeType(schema: Record<string, unknown>, lang: Lang = 'da'): string {
  const or = ` ${t(lang, 'pages.apiDocs.types.or')} `;
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1)!;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((s) => describeType(s as Record<string, unknown>, lang)).join(or);
  if (Array.isArray(schema.enum)) return schema.enum.join(' | ');
  const type = [schema.type].flat().filter(Boolean).join(or);
  if (schema.type === 'array' && schema.items) return t(lang, 'pages.apiDocs.types.listOf', { type: describeType(schema.items as Record<string, unknown>, lang) });
  return `${type || t(lang, 'pages.apiDocs.types.value')}${schema.format ? ` (${String(schema.format)})` : ''}`;
}

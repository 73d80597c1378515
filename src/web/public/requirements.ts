import type { FastifyInstance } from 'fastify';
import { renderError } from '../errors.js';
import { findRequirement, listRequirements } from '../../rules/repository.js';
import { tendersWithRequirement } from '../../tenders/search.js';
import { formatDateTime } from '../../wording/format.js';
import { categoryLabel } from '../../wording/labels.js';
import { presentRequirement, presentTenderSummary } from '../present.js';
import { t } from '../../i18n/index.js';
import { requirementRecordPage } from './contracts.js';

export async function requirementRoutes(app: FastifyInstance) {
  app.get('/krav', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const rows = await listRequirements(app.db);
    const categories = new Map<string, Array<ReturnType<typeof presentRequirement> & { tenderCount: number }>>();
    // Retired requirements leave the catalogue a contractor reads, but stay reachable (below, and
    // from the tenders that still carry them).
    for (const row of rows.filter((r) => r.retired_at === null)) {
      const label = categoryLabel(row.category, lang);
      if (!categories.has(label)) categories.set(label, []);
      categories.get(label)!.push({ ...presentRequirement(row, lang), tenderCount: row.tenderCount });
    }
    return reply.view('pages/requirements', {
      pageTitle: t(lang, 'pages.requirements.pageTitle'),
      categories: [...categories.entries()].map(([label, requirements]) => ({ label, requirements })),
      retired: rows.filter((r) => r.retired_at !== null).map((r) => presentRequirement(r, lang)),
    });
  });

  app.get<{ Params: { code: string } }>('/krav/:code', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const row = await findRequirement(app.db, request.params.code);
    if (!row) {
      return renderError(reply, 404, t(lang, 'pages.requirement.notFoundTitle'), t(lang, 'pages.requirement.notFoundMessage', { code: request.params.code }));
    }
    const tenders = await tendersWithRequirement(app.db, row.code);
    return reply.view('pages/requirement', {
      pageTitle: row.title,
      requirement: presentRequirement(row, lang),
      retiredAt: row.retired_at ? formatDateTime(row.retired_at, lang) : null,
      tenders: tenders.map((row) => presentTenderSummary(row, lang)),
      record: await requirementRecordPage(app.db, row.code, lang),
    });
  });
}

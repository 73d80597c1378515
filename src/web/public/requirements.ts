import type { FastifyInstance } from 'fastify';
import { renderError } from '../errors.js';
import { findRequirement, listRequirements } from '../../rules/repository.js';
import { tendersWithRequirement } from '../../tenders/search.js';
import { formatDateTime } from '../format.js';
import { categoryLabel, presentRequirement, presentTenderSummary } from '../present.js';

export async function requirementRoutes(app: FastifyInstance) {
  app.get('/krav', async (_request, reply) => {
    const rows = await listRequirements(app.db);
    const categories = new Map<string, Array<ReturnType<typeof presentRequirement> & { tenderCount: number }>>();
    // Retired requirements leave the catalogue a contractor reads, but stay reachable (below, and
    // from the tenders that still carry them).
    for (const row of rows.filter((r) => r.retired_at === null)) {
      const label = categoryLabel(row.category);
      if (!categories.has(label)) categories.set(label, []);
      categories.get(label)!.push({ ...presentRequirement(row), tenderCount: row.tenderCount });
    }
    return reply.view('pages/requirements', {
      pageTitle: 'Krav til leverandører',
      categories: [...categories.entries()].map(([label, requirements]) => ({ label, requirements })),
      retired: rows.filter((r) => r.retired_at !== null).map(presentRequirement),
    });
  });

  app.get<{ Params: { code: string } }>('/krav/:code', async (request, reply) => {
    const row = await findRequirement(app.db, request.params.code);
    if (!row) return renderError(reply, 404, 'Kravet findes ikke', `Kataloget har intet krav med koden ${request.params.code}.`);
    const tenders = await tendersWithRequirement(app.db, row.code);
    return reply.view('pages/requirement', {
      pageTitle: row.title,
      requirement: presentRequirement(row),
      retiredAt: row.retired_at ? formatDateTime(row.retired_at) : null,
      tenders: tenders.map((row) => presentTenderSummary(row, request.lang)),
    });
  });
}

import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/index.js';
import { filterToQuery, parseTenderFilter } from '../../tenders/filter.js';
import { searchTenders } from '../../tenders/search.js';
import { presentTenderSummary } from '../present.js';

/** Every tender, for officers to open in the back office (/admin/udbud); the public list's filter. */
export async function tenderListRoutes(app: FastifyInstance) {
  app.get('/admin/udbud', async (request, reply) => {
    const lang = request.lang;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const parsed = parseTenderFilter(raw, lang);
    const q = typeof raw.q === 'string' ? raw.q : '';
    if (!parsed.ok) {
      reply.code(400);
      return reply.view('admin/tenders', {
        pageTitle: t(lang, 'adminTenders.list.pageTitle'),
        q,
        errorList: parsed.errors.map((e) => ({ field: 'q', message: `${e.parameter}: ${e.message}` })),
      });
    }
    // Officers see the exact number, however many (the public list stops counting at a cut-off).
    const result = await searchTenders(app.db, { ...parsed.filter, sort: parsed.filter.sort ?? 'updated' }, { exactCount: true });
    const link = (page: number) => `/admin/udbud?${filterToQuery(parsed.filter, { page })}`;
    return reply.view('admin/tenders', {
      pageTitle: t(lang, 'adminTenders.list.pageTitle'),
      q,
      total: t(lang, result.total === 1 ? 'adminTenders.list.totalOne' : 'adminTenders.list.total', { count: result.total }),
      tenders: result.items.map((row) => ({ ...presentTenderSummary(row, lang), href: `/admin/udbud/${encodeURIComponent(row.id)}` })),
      previous: result.page > 1 ? link(result.page - 1) : null,
      next: result.page < result.pageCount ? link(result.page + 1) : null,
      page: result.page,
      pageCount: result.pageCount,
    });
  });
}

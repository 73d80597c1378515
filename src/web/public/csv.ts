import type { FastifyInstance } from 'fastify';
import { tenderCsvStream } from '../../opendata/csv.js';
import { parseTenderFilter } from '../../tenders/filter.js';
import { sendFilterErrors } from '../errors.js';

/** GET /udbud.csv: the tenders of any /udbud search as a CSV file for Danish Excel (../../opendata/csv.ts). */
export async function csvRoutes(app: FastifyInstance) {
  app.get('/udbud.csv', { config: { notAPage: true } }, async (request, reply) => {
    const parsed = parseTenderFilter(request.query, request.lang);
    if (!parsed.ok) return sendFilterErrors(reply, parsed.errors);
    const csv = await tenderCsvStream(app.db, parsed.filter, { publicUrl: app.config.publicUrl });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="udbud.csv"')
      .send(csv);
  });
}

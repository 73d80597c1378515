import type { FastifyInstance } from 'fastify';
import { parseExpectedPeriod, quarterLabel } from '../../domain/period.js';
import { latestEvents, openTenders, pipelineTenders } from '../../tenders/repository.js';
import { describeChange, presentTenderSummary } from '../present.js';
import { formatDateTime, isoInstant } from '../format.js';
import type { TenderRow } from '../../db/types.js';

function groupByQuarter(rows: TenderRow[]) {
  const groups = new Map<string, { label: string; tenders: ReturnType<typeof presentTenderSummary>[] }>();
  for (const row of rows) {
    const period = row.expected_publication ? parseExpectedPeriod(row.expected_publication) : null;
    const key = period ? `${period.year}-${period.quarter}` : 'ukendt';
    const label = period ? quarterLabel(period.year, period.quarter) : 'Tidspunkt ikke fastlagt';
    if (!groups.has(key)) groups.set(key, { label, tenders: [] });
    groups.get(key)!.tenders.push(presentTenderSummary(row));
  }
  return [...groups.values()];
}

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', async (_request, reply) => {
    const now = new Date();
    const [open, pipeline, events] = await Promise.all([
      openTenders(app.db, now),
      pipelineTenders(app.db),
      latestEvents(app.db, 10),
    ]);
    return reply.view('pages/home', {
      pageTitle: 'Udbud og kommende opgaver',
      open: open.map(presentTenderSummary),
      pipeline: groupByQuarter(pipeline),
      pipelineCount: pipeline.length,
      changes: events.map((e) => ({
        href: `/udbud/${encodeURIComponent(e.tenderId)}`,
        title: e.title,
        when: formatDateTime(e.occurredAt),
        whenIso: isoInstant(e.occurredAt),
        text: e.kind === 'created' ? 'Nyt på portalen' : e.changes.map(describeChange).join('; '),
      })),
    });
  });
}

import type { FastifyInstance } from 'fastify';
import { parseExpectedPeriod } from '../../domain/period.js';
import { quarterLabel } from '../../wording/period.js';
import { latestEvents } from '../../tenders/events.js';
import { openTenders, pipelineTenders } from '../../tenders/lists.js';
import { describeChange } from '../../wording/changes.js';
import { presentTenderSummary } from '../present.js';
import { formatDateTime, isoInstant } from '../../wording/format.js';
import type { TenderRow } from '../../db/types.js';
import { t, type Lang } from '../../i18n/index.js';

function groupByQuarter(rows: TenderRow[], lang: Lang) {
  const groups = new Map<string, { label: string; tenders: ReturnType<typeof presentTenderSummary>[] }>();
  for (const row of rows) {
    const period = row.expected_publication ? parseExpectedPeriod(row.expected_publication) : null;
    const key = period ? `${period.year}-${period.quarter}` : 'ukendt';
    const label = period ? quarterLabel(period.year, period.quarter, lang) : t(lang, 'home.unknownQuarter');
    if (!groups.has(key)) groups.set(key, { label, tenders: [] });
    groups.get(key)!.tenders.push(presentTenderSummary(row, lang));
  }
  return [...groups.values()];
}

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const now = new Date();
    const [open, pipeline, events] = await Promise.all([
      openTenders(app.db, now),
      pipelineTenders(app.db),
      latestEvents(app.db, 10),
    ]);
    return reply.view('pages/home', {
      pageTitle: t(lang, 'home.pageTitle'),
      open: open.map((row) => presentTenderSummary(row, lang)),
      pipeline: groupByQuarter(pipeline, lang),
      pipelineCount: pipeline.length,
      changes: events.map((e) => ({
        href: `/udbud/${encodeURIComponent(e.tenderId)}`,
        title: e.title,
        when: formatDateTime(e.occurredAt, lang),
        whenIso: isoInstant(e.occurredAt),
        text: e.kind === 'created' ? t(lang, 'home.newOnPortal') : e.changes.map((change) => describeChange(change, lang)).join('; '),
      })),
    });
  });
}

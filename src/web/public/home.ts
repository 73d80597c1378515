import type { FastifyInstance } from 'fastify';
import { copenhagenDate } from '../../domain/period.js';
import { latestEvents } from '../../tenders/events.js';
import { openTenders, pipelineTenders } from '../../tenders/lists.js';
import { presentTenderSummary } from '../present.js';
import { t } from '../../i18n/index.js';
import { pipelineFigure } from './pipeline-figure.js';
import { groupByQuarter, groupedChanges, overviewOf, splitPipeline } from './overview.js';

/** Changes read to fill the latest ten lines: an import's arrivals on one day collapse into one. */
const CHANGES_READ = 1000;

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const now = new Date();
    const today = copenhagenDate(now);
    const [open, pipeline, events] = await Promise.all([
      openTenders(app.db, now),
      pipelineTenders(app.db),
      latestEvents(app.db, CHANGES_READ),
    ]);
    const { delayed, coming } = splitPipeline(pipeline, today);
    const quarters = groupByQuarter(coming, lang, today);
    const figure = pipelineFigure(quarters, lang);
    return reply.view('pages/home', {
      pageTitle: t(lang, 'home.pageTitle'),
      overview: { ...overviewOf(open, lang, today), quarters, figure },
      open: open.map((row) => presentTenderSummary(row, lang, { today })),
      pipeline: quarters,
      pipelineCount: coming.length,
      delayed: delayed.map((row) => presentTenderSummary(row, lang, { today })),
      changes: groupedChanges(events, lang, 10),
    });
  });
}

import type { FastifyInstance } from 'fastify';
import { lastSuccessfulSync, latestRuns, runItems } from '../../sync/repository.js';
import { formatDateTime, isoInstant } from '../../wording/format.js';
import { translate, t, type Lang } from '../../i18n/index.js';

const outcomeBadges: Record<string, string> = {
  succeeded: 'badge-success',
  failed: 'badge-error',
  running: 'badge-info',
};
const modes = ['full', 'incremental'];

const outcomeLabel = (outcome: string, lang: Lang) =>
  outcome in outcomeBadges
    ? { label: translate(lang, `pages.status.outcomes.${outcome}`), badge: outcomeBadges[outcome]! }
    : { label: outcome, badge: 'badge-warning' };

const modeLabel = (mode: string, lang: Lang) => (modes.includes(mode) ? translate(lang, `pages.status.modes.${mode}`) : mode);

/** Where a run read from, without anything secret: the host of an API, the name of a file. */
const sourceLabel = (key: string, lang: Lang) =>
  key.startsWith('file:')
    ? t(lang, 'pages.status.sourceFile', { name: key.split('/').pop() })
    : t(lang, 'pages.status.sourceApi', { host: new URL(key).host });

export async function statusRoutes(app: FastifyInstance) {
  app.get('/status', async (request, reply) => {
    const lang = request.lang;
    const [last, runs] = await Promise.all([lastSuccessfulSync(app.db), latestRuns(app.db, 20)]);
    const latestFinished = runs.find((r) => r.outcome !== 'running');
    const rejected = latestFinished ? (await runItems(app.db, latestFinished.id)).filter((i) => i.kind === 'rejected') : [];
    return reply.view('pages/status', {
      pageTitle: t(lang, 'pages.status.pageTitle'),
      lastSuccess: last ? { text: formatDateTime(last, lang), iso: isoInstant(last) } : null,
      runs: runs.map((run) => ({
        started: formatDateTime(run.started_at, lang),
        startedIso: isoInstant(run.started_at),
        finished: run.finished_at ? formatDateTime(run.finished_at, lang) : null,
        source: sourceLabel(run.source, lang),
        mode: modeLabel(run.mode, lang),
        outcome: outcomeLabel(run.outcome, lang),
        counts: [
          t(lang, 'pages.status.counts', { created: run.created, updated: run.updated, unchanged: run.unchanged, rejected: run.rejected }),
          ...(run.flagged ? [t(lang, 'pages.status.flagged', { count: run.flagged })] : []),
          ...(run.conflicts ? [t(lang, 'pages.status.conflicts', { count: run.conflicts })] : []),
        ].join(', '),
        // The run's error and the rejection reasons are stored with the run, in Danish, as the sync wrote them.
        error: run.error,
      })),
      rejected: rejected.map((i) => ({ id: i.dbd_id, reason: i.message })),
    });
  });
}

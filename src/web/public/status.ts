import type { FastifyInstance } from 'fastify';
import { lastSuccessfulSync, latestRuns, runItems } from '../../sync/repository.js';
import { formatDateTime, isoInstant } from '../format.js';

const outcomeLabels: Record<string, { label: string; badge: string }> = {
  succeeded: { label: 'Gennemført', badge: 'badge-success' },
  failed: { label: 'Fejlet', badge: 'badge-error' },
  running: { label: 'Kører', badge: 'badge-info' },
};
const modeLabels: Record<string, string> = { full: 'Fuld', incremental: 'Ændringer' };

/** Where a run read from, without anything secret: the host of an API, the name of a file. */
const sourceLabel = (key: string) => (key.startsWith('file:') ? `Eksportfil ${key.split('/').pop()}` : `DBD-API ${new URL(key).host}`);

export async function statusRoutes(app: FastifyInstance) {
  app.get('/status', async (_request, reply) => {
    const [last, runs] = await Promise.all([lastSuccessfulSync(app.db), latestRuns(app.db, 20)]);
    const latestFinished = runs.find((r) => r.outcome !== 'running');
    const rejected = latestFinished ? (await runItems(app.db, latestFinished.id)).filter((i) => i.kind === 'rejected') : [];
    return reply.view('pages/status', {
      pageTitle: 'Driftsstatus',
      lastSuccess: last ? { text: formatDateTime(last), iso: isoInstant(last) } : null,
      runs: runs.map((run) => ({
        started: formatDateTime(run.started_at),
        startedIso: isoInstant(run.started_at),
        finished: run.finished_at ? formatDateTime(run.finished_at) : null,
        source: sourceLabel(run.source),
        mode: modeLabels[run.mode] ?? run.mode,
        outcome: outcomeLabels[run.outcome] ?? { label: run.outcome, badge: 'badge-warning' },
        counts: `${run.created} nye, ${run.updated} ændrede, ${run.unchanged} uændrede, ${run.rejected} afviste` +
          (run.flagged ? `, ${run.flagged} forsvundet fra DBD` : '') +
          (run.conflicts ? `, ${run.conflicts} konflikter` : ''),
        error: run.error,
      })),
      rejected: rejected.map((i) => ({ id: i.dbd_id, reason: i.message })),
    });
  });
}

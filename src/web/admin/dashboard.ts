import type { FastifyInstance } from 'fastify';
import { latestRejections, latestRun, openConflicts, resolveConflict } from '../../sync/attention.js';
import { recordAudit } from '../../audit/audit.js';
import { copenhagenDate } from '../../domain/period.js';
import { lastSuccessfulSync } from '../../sync/repository.js';
import { deadlinePassedWithoutDecision, flaggedTenders, runningStandstills, upcomingDeadlines } from '../../tenders/lists.js';
import { renderError } from '../errors.js';
import { formatDate, formatDateTime } from '../../wording/format.js';
import { statusLabel } from '../../wording/labels.js';
import { t } from '../../i18n/index.js';

const tenderLink = (id: string) => `/admin/udbud/${encodeURIComponent(id)}`;
const UPCOMING_DAYS = 14;

export async function dashboardRoutes(app: FastifyInstance) {
  app.get('/admin', async (request, reply) => {
    const lang = request.lang;
    const now = new Date();
    const today = copenhagenDate(now);
    const db = app.db;
    const [lastSuccess, run, rejected, flagged, conflicts, overdue, standstills, upcoming] = await Promise.all([
      lastSuccessfulSync(db),
      latestRun(db),
      latestRejections(db),
      flaggedTenders(db),
      openConflicts(db),
      deadlinePassedWithoutDecision(db, now),
      runningStandstills(db, today),
      upcomingDeadlines(db, now, UPCOMING_DAYS),
    ]);
    return reply.view('admin/dashboard', {
      pageTitle: t(lang, 'adminTenders.dashboard.pageTitle'),
      sync: {
        lastSuccess: lastSuccess ? formatDateTime(lastSuccess, lang) : null,
        lastRunFailed: run?.outcome === 'failed',
        // The sync's own words (stored with the run and the rejections): shown as stored.
        lastRunError: run?.error ?? null,
        lastRunAt: run?.finished_at ? formatDateTime(run.finished_at, lang) : '',
      },
      rejected: rejected.map((r) => ({ id: r.dbd_id, reason: r.message })),
      flagged: flagged.map((f) => ({ href: tenderLink(f.id), id: f.id, title: f.title, since: formatDateTime(f.missing_from_dbd_at!, lang) })),
      conflicts: conflicts.map((c) => ({
        id: c.id,
        href: tenderLink(c.tender_id),
        tenderId: c.tender_id,
        title: c.title,
        text: t(lang, 'adminTenders.dashboard.conflict', {
          revision: c.revision,
          field: c.field,
          dbd: statusLabel(String(c.dbd_value), lang),
          portal: statusLabel(String(c.portal_value), lang),
        }),
        detected: formatDateTime(c.detected_at, lang),
      })),
      overdue: overdue.map((o) => ({ href: tenderLink(o.id), id: o.id, title: o.title, deadline: formatDateTime(o.tender_deadline!, lang) })),
      standstills: standstills.map((s) => ({ href: tenderLink(s.id), id: s.id, title: s.title, ends: formatDate(s.standstill_ends_on!, lang) })),
      upcoming: upcoming.map((u) => ({ href: tenderLink(u.id), id: u.id, title: u.title, deadline: formatDateTime(u.tender_deadline!, lang) })),
      upcomingDays: UPCOMING_DAYS,
    });
  });

  app.post<{ Params: { id: string } }>('/admin/konflikter/:id/loest', async (request, reply) => {
    // Digits only, and within PostgreSQL's integer: anything else is no conflict.
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : null;
    const resolved = id !== null
      ? await app.db.transaction().execute(async (trx) => {
          const row = await resolveConflict(trx, id, request.user!.id);
          if (row) {
            await recordAudit(trx, request.user, {
              action: 'conflict.resolve',
              entityType: 'tender',
              entityId: row.tender_id,
              oldValue: { conflict: row.id, resolved: false },
              newValue: { conflict: row.id, resolved: true },
            });
          }
          return row;
        })
      : undefined;
    if (!resolved) {
      return renderError(reply, 404, t(request.lang, 'adminTenders.dashboard.conflictNotFoundTitle'), t(request.lang, 'adminTenders.dashboard.conflictNotFoundMessage'));
    }
    return reply.redirect('/admin', 303);
  });
}

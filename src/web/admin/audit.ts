import type { FastifyInstance } from 'fastify';
import { AUDIT_PAGE_SIZE, auditFilterSchema, searchAudit } from '../../audit/browse.js';
import { t } from '../../i18n/index.js';
import { formatDateTime, isoInstant } from '../../wording/format.js';
import { parseForm, typedValues } from './forms.js';

const compact = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

/** The audit log, for administrators (/admin/revision). */
export async function auditRoutes(app: FastifyInstance) {
  app.get('/admin/revision', { config: { adminOnly: true } }, async (request, reply) => {
    const lang = request.lang;
    const pageTitle = t(lang, 'adminRules.audit.pageTitle');
    const typed = typedValues(request.query);
    const form = parseForm(auditFilterSchema, request.query, lang);
    if (!form.ok) {
      reply.code(400);
      return reply.view('admin/audit', { pageTitle, typed, errors: form.errors, errorList: form.errorList, rows: [] });
    }
    const { rows, total } = await searchAudit(app.db, form.data);
    const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    const link = (page: number) => `/admin/revision?${new URLSearchParams({ ...typed, page: String(page) })}`;
    return reply.view('admin/audit', {
      pageTitle,
      typed,
      errors: {},
      total,
      rows: rows.map((r) => ({
        at: formatDateTime(r.at, lang),
        atIso: isoInstant(r.at),
        who: r.user_email ?? t(lang, 'adminRules.audit.system'),
        action: r.action,
        entity: `${r.entity_type}${r.entity_id ? ` ${r.entity_id}` : ''}`,
        oldValue: compact(r.old_value),
        newValue: compact(r.new_value),
      })),
      previous: form.data.page > 1 ? link(form.data.page - 1) : null,
      next: form.data.page < pageCount ? link(form.data.page + 1) : null,
      page: form.data.page,
      pageCount,
    });
  });
}

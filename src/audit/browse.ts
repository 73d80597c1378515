import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { AuditRow } from '../db/types.js';
import { msg } from '../i18n/messages.js';

export const AUDIT_PAGE_SIZE = 50;

const blank = (v: unknown) => (v === '' ? undefined : v);

export const auditFilterSchema = z
  .object({
    user: z.preprocess(blank, z.string().trim().max(200).optional()),
    action: z.preprocess(blank, z.string().trim().regex(/^[a-z_.]{1,50}$/, msg('adminRules.audit.errors.action')).optional()),
    entityType: z.preprocess(blank, z.string().trim().regex(/^[a-z_]{1,30}$/, msg('adminRules.audit.errors.entityType')).optional()),
    entityId: z.preprocess(blank, z.string().trim().max(100).optional()),
    from: z.preprocess(blank, z.iso.date({ error: msg('adminRules.audit.errors.date') }).optional()),
    to: z.preprocess(blank, z.iso.date({ error: msg('adminRules.audit.errors.date') }).optional()),
    page: z.preprocess(blank, z.coerce.number({ error: msg('adminRules.audit.errors.page') }).int().min(1, msg('adminRules.audit.errors.pageMin')).max(100000).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: msg('adminRules.audit.errors.fromBeforeTo'), path: ['from'] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Audit entries, newest first, filtered; dates are Copenhagen calendar days. */
export async function searchAudit(db: Db, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  let query = db.selectFrom('audit_log');
  if (filter.user) query = query.where(sql<boolean>`lower(coalesce(user_email, '')) like ${`%${filter.user.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`}`);
  if (filter.action) query = query.where((eb) => eb.or([eb('action', '=', filter.action!), eb('action', 'like', `${filter.action}.%`)]));
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.from) query = query.where(sql<boolean>`at >= (${filter.from}::date)::timestamp at time zone 'Europe/Copenhagen'`);
  if (filter.to) query = query.where(sql<boolean>`at < (${filter.to}::date + 1)::timestamp at time zone 'Europe/Copenhagen'`);
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return { rows, total };
}

import type { Executor } from '../db/database.js';

/** The signed-in officer an action is attributed to. */
export interface Actor {
  id: number;
  email: string;
  role: 'officer' | 'admin';
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  oldValue?: unknown;
  newValue?: unknown;
}

/** Records an officer action; call it in the same transaction as the change it describes. */
export async function recordAudit(db: Executor, actor: Actor | null, entry: AuditEntry) {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor?.id ?? null,
      user_email: actor?.email ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      old_value: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
      new_value: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
    })
    .execute();
}

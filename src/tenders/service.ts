import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/types.js';
import { applyDbdStatus } from '../domain/lifecycle.js';
import { diffTrackedState, type TenderSnapshot, type TrackedState } from '../domain/tender.js';
import type { TenderStatus } from '../domain/vocabulary.js';
import { appendEvents, type NewTenderEvent } from './events.js';
import { insertTenders, lockStoredTenders, replaceRequirementCodes, storedState, updateTender } from './repository.js';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** DBD reported a status the portal cannot take (officers own it, or the lifecycle forbids it); recorded for officers instead of applied. */
export interface OwnershipConflict {
  tenderId: string;
  revision: number;
  field: 'status';
  portalValue: string;
  dbdValue: string;
}

export interface BatchResult {
  outcomes: Map<string, ApplyOutcome>;
  conflicts: OwnershipConflict[];
  /** Items the database refused (a bug or a constraint); the rest of the batch still went in. */
  failed: Array<{ id: string; reason: string }>;
}

function trackedStateOf(snapshot: TenderSnapshot, status: TenderStatus): TrackedState {
  const { id: _id, revision: _revision, lastModified: _lastModified, dbdStatus: _dbdStatus, ...fields } = snapshot;
  return { ...fields, status };
}

/** Of several revisions of one tender in a batch, only the newest can matter. */
function newestPerId(snapshots: readonly TenderSnapshot[]): TenderSnapshot[] {
  const newest = new Map<string, TenderSnapshot>();
  for (const s of snapshots) {
    const seen = newest.get(s.id);
    if (!seen || s.revision > seen.revision) newest.set(s.id, s);
  }
  return [...newest.values()];
}

async function applyInTransaction(trx: Transaction<Database>, snapshots: readonly TenderSnapshot[]) {
  const outcomes = new Map<string, ApplyOutcome>();
  const conflicts: OwnershipConflict[] = [];
  const latest = newestPerId(snapshots);
  // DBD's revision 1 is its first version: its lastModified is when DBD created the project.
  const firstVersions = new Map(snapshots.filter((s) => s.revision === 1).map((s) => [s.id, s.lastModified]));
  const stored = await lockStoredTenders(trx, latest.map((s) => s.id));
  const inserts: Array<{ snapshot: TenderSnapshot; status: TenderStatus }> = [];
  const events: NewTenderEvent[] = [];

  for (const snapshot of latest) {
    const current = stored.get(snapshot.id);
    if (!current) {
      const outcome = applyDbdStatus(null, snapshot.dbdStatus);
      inserts.push({ snapshot, status: outcome.kind === 'apply' ? outcome.status : snapshot.dbdStatus });
      const createdAt = firstVersions.get(snapshot.id);
      events.push({
        tenderId: snapshot.id,
        kind: 'created',
        source: 'dbd',
        revision: snapshot.revision,
        changes: [],
        ...(createdAt ? { details: { dbdCreatedAt: createdAt } } : {}),
      });
      outcomes.set(snapshot.id, 'created');
      continue;
    }
    if (snapshot.revision <= current.row.revision) {
      outcomes.set(snapshot.id, 'unchanged');
      continue;
    }
    const before = storedState(current);
    const outcome = applyDbdStatus(before.status, snapshot.dbdStatus);
    const status = outcome.kind === 'apply' ? outcome.status : before.status;
    if (outcome.kind === 'keep') {
      conflicts.push({ tenderId: snapshot.id, revision: snapshot.revision, field: 'status', portalValue: before.status, dbdValue: snapshot.dbdStatus });
    }
    const changes = diffTrackedState(before, trackedStateOf(snapshot, status));
    await updateTender(trx, snapshot, status);
    if (changes.some((c) => c.field === 'requirements')) await replaceRequirementCodes(trx, snapshot.id, snapshot.requirements);
    if (changes.length > 0) {
      events.push({ tenderId: snapshot.id, kind: 'updated', source: 'dbd', revision: snapshot.revision, changes });
    }
    outcomes.set(snapshot.id, changes.length > 0 ? 'updated' : 'unchanged');
  }

  await insertTenders(trx, inserts);
  await appendEvents(trx, events);
  // A duplicate id in the batch counts once per occurrence, like any other unchanged item.
  for (const s of snapshots) if (!outcomes.has(s.id)) outcomes.set(s.id, 'unchanged');
  return { outcomes, conflicts };
}

/**
 * Applies a batch of DBD revisions in one transaction: each change and the event that describes
 * it are written together. A revision that is not newer than the stored one changes nothing. If
 * the database refuses the batch, each item is tried on its own, so one bad row cannot sink the rest.
 */
export async function applyDbdSnapshots(db: Db, snapshots: readonly TenderSnapshot[]): Promise<BatchResult> {
  if (snapshots.length === 0) return { outcomes: new Map(), conflicts: [], failed: [] };
  try {
    const result = await db.transaction().execute((trx) => applyInTransaction(trx, snapshots));
    return { ...result, failed: [] };
  } catch (batchError) {
    if (snapshots.length === 1) {
      return { outcomes: new Map(), conflicts: [], failed: [{ id: snapshots[0]!.id, reason: databaseReason(batchError) }] };
    }
    const merged: BatchResult = { outcomes: new Map(), conflicts: [], failed: [] };
    for (const snapshot of newestPerId(snapshots)) {
      const one = await applyDbdSnapshots(db, [snapshot]);
      for (const [id, outcome] of one.outcomes) merged.outcomes.set(id, outcome);
      merged.conflicts.push(...one.conflicts);
      merged.failed.push(...one.failed);
    }
    return merged;
  }
}

const databaseReason = (error: unknown) =>
  `databasen afviste elementet (${(error as { code?: string }).code ?? 'ukendt fejl'})`;

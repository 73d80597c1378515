import type { Db } from '../db/database.js';
import { applyDbdStatus } from '../domain/lifecycle.js';
import { diffTrackedState, type TenderSnapshot, type TrackedState } from '../domain/tender.js';
import type { TenderStatus } from '../domain/vocabulary.js';
import { appendEvent, findTenderForUpdate, insertTender, storedState, updateTender } from './repository.js';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

function trackedStateOf(snapshot: TenderSnapshot, status: TenderStatus): TrackedState {
  const { id: _id, revision: _revision, lastModified: _lastModified, dbdStatus: _dbdStatus, ...fields } = snapshot;
  return { ...fields, status };
}

/**
 * Applies one DBD revision of a tender. The change and the event that describes it are written in
 * one transaction. A revision that is not newer than the stored one changes nothing.
 */
export async function applyDbdSnapshot(db: Db, snapshot: TenderSnapshot): Promise<ApplyOutcome> {
  return db.transaction().execute(async (trx) => {
    const stored = await findTenderForUpdate(trx, snapshot.id);
    if (!stored) {
      const outcome = applyDbdStatus(null, snapshot.dbdStatus);
      const status = outcome.kind === 'apply' ? outcome.status : snapshot.dbdStatus;
      await insertTender(trx, snapshot, status);
      await appendEvent(trx, { tenderId: snapshot.id, kind: 'created', source: 'dbd', revision: snapshot.revision, changes: [] });
      return 'created';
    }
    if (snapshot.revision <= stored.row.revision) return 'unchanged';

    const before = storedState(stored);
    const outcome = applyDbdStatus(before.status, snapshot.dbdStatus);
    const status = outcome.kind === 'apply' ? outcome.status : before.status;
    const changes = diffTrackedState(before, trackedStateOf(snapshot, status));
    const requirementsChanged = changes.some((c) => c.field === 'requirements');
    await updateTender(trx, snapshot, status, requirementsChanged);
    if (changes.length === 0) return 'unchanged';
    await appendEvent(trx, { tenderId: snapshot.id, kind: 'updated', source: 'dbd', revision: snapshot.revision, changes });
    return 'updated';
  });
}

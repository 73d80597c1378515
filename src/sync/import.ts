import type { Db } from '../db/database.js';
import { knownRequirementCodes } from '../rules/repository.js';
import { applyDbdSnapshots, type OwnershipConflict } from '../tenders/service.js';
import { parseDbdItem } from './dbd/index.js';
import { readDbdExportFile } from './dbd/file-source.js';
import type { TenderSnapshot } from '../domain/tender.js';

export interface RejectedItem {
  /** DBD id when the item had a readable one; otherwise its position in the batch. */
  id: string;
  reason: string;
  raw: unknown;
}

export interface ImportWarning {
  id: string;
  message: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedItem[];
  warnings: ImportWarning[];
  conflicts: OwnershipConflict[];
  /** Every id the batch named, good or bad: a full export that names a tender still has it. */
  seenIds: string[];
}

export const emptySummary = (): ImportSummary => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  rejected: [],
  warnings: [],
  conflicts: [],
  seenIds: [],
});

/** "created 3, updated 1, unchanged 32, rejected 0", plus ", flagged N" when a full export lost some. */
export const summaryLine = (s: { created: number; updated: number; unchanged: number; rejected: number; flagged?: number }) =>
  `created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected}` +
  (s.flagged ? `, flagged ${s.flagged}` : '');

/**
 * Validates and applies one batch of raw DBD items (a page, or a whole export file). Each item
 * stands alone: a bad item is rejected with its reason and the rest go in. Unknown requirement
 * codes are kept and reported.
 */
export async function importDbdItems(
  db: Db,
  items: readonly unknown[],
  known?: ReadonlySet<string>,
  firstPosition = 1,
): Promise<ImportSummary> {
  const codes = known ?? (await knownRequirementCodes(db));
  const summary = emptySummary();
  const snapshots: TenderSnapshot[] = [];
  const rawById = new Map<string, unknown>();
  for (const [index, raw] of items.entries()) {
    const parsed = parseDbdItem(raw);
    if (!parsed.ok) {
      summary.rejected.push({ id: parsed.id ?? `element nr. ${firstPosition + index}`, reason: parsed.reason, raw });
      if (parsed.id) summary.seenIds.push(parsed.id);
      continue;
    }
    snapshots.push(parsed.snapshot);
    rawById.set(parsed.snapshot.id, raw);
    summary.seenIds.push(parsed.snapshot.id);
  }

  const result = await applyDbdSnapshots(db, snapshots);
  const failed = new Map(result.failed.map((f) => [f.id, f.reason]));
  for (const snapshot of snapshots) {
    const reason = failed.get(snapshot.id);
    if (reason) {
      summary.rejected.push({ id: snapshot.id, reason, raw: rawById.get(snapshot.id) });
      continue;
    }
    summary[result.outcomes.get(snapshot.id) ?? 'unchanged']++;
    const unknown = snapshot.requirements.filter((code) => !codes.has(code));
    if (unknown.length > 0) {
      summary.warnings.push({ id: snapshot.id, message: `ukendt kravkode ${unknown.join(', ')} (beholdt på udbuddet)` });
    }
  }
  summary.conflicts = result.conflicts;
  return summary;
}

/** Reads a DBD export file and applies it as one batch, without a run record (tests, fixtures). */
export async function importDbdExportFile(db: Db, file: string): Promise<ImportSummary> {
  const { items } = await readDbdExportFile(file);
  return importDbdItems(db, items);
}

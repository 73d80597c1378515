import type { Db } from '../db/database.js';
import { knownRequirementCodes } from '../rules/repository.js';
import { applyDbdSnapshot } from '../tenders/service.js';
import { parseDbdItem } from './dbd/item-schema.js';
import { readDbdExportFile } from './dbd/file-source.js';

export interface RejectedItem {
  /** DBD id when the item had a readable one; otherwise its position in the batch. */
  id: string;
  reason: string;
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
}

export const emptySummary = (): ImportSummary => ({ created: 0, updated: 0, unchanged: 0, rejected: [], warnings: [] });

/** "created 3, updated 1, unchanged 32, rejected 0" */
export const summaryLine = (s: ImportSummary) =>
  `created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected.length}`;

/**
 * Validates and applies a batch of raw DBD items. Each item stands alone: a bad item is rejected
 * with its reason and the rest go in. Unknown requirement codes are kept and reported.
 */
export async function importDbdItems(db: Db, items: readonly unknown[], summary = emptySummary()): Promise<ImportSummary> {
  const known = await knownRequirementCodes(db);
  for (const [index, raw] of items.entries()) {
    const parsed = parseDbdItem(raw);
    if (!parsed.ok) {
      summary.rejected.push({ id: parsed.id ?? `element nr. ${index + 1}`, reason: parsed.reason });
      continue;
    }
    const { snapshot } = parsed;
    const outcome = await applyDbdSnapshot(db, snapshot);
    summary[outcome]++;
    const unknown = snapshot.requirements.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      summary.warnings.push({ id: snapshot.id, message: `ukendt kravkode ${unknown.join(', ')} (beholdt på udbuddet)` });
    }
  }
  return summary;
}

/** Reads a DBD export file and imports it; throws DbdExportError when the file is unusable. */
export async function importDbdExportFile(db: Db, file: string): Promise<ImportSummary> {
  const { items } = await readDbdExportFile(file);
  return importDbdItems(db, items);
}

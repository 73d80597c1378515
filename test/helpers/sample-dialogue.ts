import { readFile } from 'node:fs/promises';
import type { Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import { wallClock } from '../../src/domain/period.js';
import { bundledSampleExport } from '../../src/sync/dbd/file-source.js';
import { importDbdExportFile, importDbdItems } from '../../src/sync/import.js';
import { testDatabase } from './app.js';

// For the tests of the sample dialogue: the bundled sample export (or part of it) on a fresh
// database, and what the seeding may have added.

export const MEETING_TENDERS = ['DBD-UDB-2027-0002', 'DBD-UDB-2027-0014'];
/** Bid deadline 17 December 2026 12:00: the first sample tender open for bids. */
export const OPEN_TENDER = 'DBD-UDB-2027-0008';
/** Monday 30 November 2026, 10:00 in Copenhagen: the meeting three weeks on is Monday 21 December. */
export const NOW = new Date('2026-11-30T09:00:00Z');

/** The bundled sample export, or the items `keep` keeps of it. */
export async function sampleDatabase(t: Test, keep?: (item: { id: string }) => boolean) {
  const database = await testDatabase(t);
  if (keep) {
    const all = JSON.parse(await readFile(bundledSampleExport, 'utf8')).items as Array<{ id: string }>;
    t.equal((await importDbdItems(database.db, all.filter(keep))).rejected.length, 0);
  } else {
    t.equal((await importDbdExportFile(database.db, bundledSampleExport)).rejected.length, 0);
  }
  return database;
}

export const dialogueCounts = async (db: Db) => ({
  activities: (await db.selectFrom('dialogue_activities').select('id').execute()).length,
  links: (await db.selectFrom('dialogue_activity_tenders').select('activity_id').execute()).length,
  questions: (await db.selectFrom('questions').select('id').execute()).length,
  answers: (await db.selectFrom('answers').select('id').execute()).length,
  versions: (await db.selectFrom('answer_versions').select('answer_id').execute()).length,
  events: (await db.selectFrom('tender_events').select('id').where('kind', 'in', ['dialogue', 'answer']).execute()).length,
  audit: (await db.selectFrom('audit_log').select('id').where('action', 'in', ['dialogue.activity.create', 'question.answer']).execute()).length,
  users: (await db.selectFrom('users').select('id').execute()).length,
});

/** 'YYYY-MM-DD HH:MM' in Copenhagen. */
export const copenhagenClock = (instant: Date) => {
  const c = wallClock(instant);
  return `${c.year}-${c.month}-${c.day} ${c.hour}:${c.minute}`;
};

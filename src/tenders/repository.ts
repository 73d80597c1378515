import { sql, type Transaction } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Database, TenderRow } from '../db/types.js';
import type { TenderSnapshot, TrackedState } from '../domain/tender.js';
import { parseExpectedPeriod } from '../domain/period.js';
import type { TenderStatus } from '../domain/vocabulary.js';

// The SQL on tender rows and their requirement links. The event log is in events.ts, lists of
// tenders for pages and the dashboard in lists.ts, filtered lists in search.ts.

/** Every column of `tenders` but `search` (a tsvector: large, and only ever used inside queries). */
export const tenderColumns = [
  'tenders.id',
  'tenders.revision',
  'tenders.title',
  'tenders.description',
  'tenders.work_type',
  'tenders.contract_type',
  'tenders.property_id',
  'tenders.property_name',
  'tenders.property_address',
  'tenders.property_postal_code',
  'tenders.property_city',
  'tenders.property_lat',
  'tenders.property_lon',
  'tenders.estimated_value_dkk',
  'tenders.cpv_codes',
  'tenders.expected_publication',
  'tenders.expected_publication_date',
  'tenders.tender_deadline',
  'tenders.expected_contract_start',
  'tenders.status',
  'tenders.dbd_status',
  'tenders.platform_url',
  'tenders.reference_number',
  'tenders.contact_name',
  'tenders.contact_email',
  'tenders.contact_phone',
  'tenders.cancellation_reason',
  'tenders.dbd_last_modified',
  'tenders.missing_from_dbd_at',
  'tenders.created_at',
  'tenders.updated_at',
  'tenders.summary',
  'tenders.bidder_notes',
  'tenders.officer_version',
] as const;



export interface StoredTender {
  row: TenderRow;
  requirements: string[];
}

/** The stored tenders among `ids`, locked for this transaction, with their requirement codes. */
export async function lockStoredTenders(trx: Transaction<Database>, ids: string[]): Promise<Map<string, StoredTender>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('tenders').select(tenderColumns).where('id', 'in', ids).forUpdate().execute();
  const codes = await requirementCodesByTender(trx, rows.map((r) => r.id));
  return new Map(rows.map((row) => [row.id, { row, requirements: codes.get(row.id) ?? [] }]));
}

/** The requirement codes of each of the given tenders, in their DBD order (every id gets a list). */
export async function requirementCodesByTender(db: Executor, tenderIds: readonly string[]): Promise<Map<string, string[]>> {
  const codes = new Map<string, string[]>(tenderIds.map((id) => [id, []]));
  if (tenderIds.length === 0) return codes;
  const rows = await db
    .selectFrom('tender_requirements')
    .select(['tender_id', 'code'])
    .where('tender_id', 'in', [...tenderIds])
    .orderBy('tender_id')
    .orderBy('position')
    .execute();
  for (const row of rows) codes.get(row.tender_id)?.push(row.code);
  return codes;
}

export async function requirementCodesOf(db: Executor, tenderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('tender_requirements')
    .select('code')
    .where('tender_id', '=', tenderId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.code);
}

export function storedState({ row, requirements }: StoredTender): TrackedState {
  return {
    title: row.title,
    description: row.description,
    status: row.status,
    workType: row.work_type,
    contractType: row.contract_type,
    propertyId: row.property_id,
    propertyName: row.property_name,
    propertyAddress: row.property_address,
    propertyPostalCode: row.property_postal_code,
    propertyCity: row.property_city,
    propertyLat: row.property_lat,
    propertyLon: row.property_lon,
    estimatedValueDkk: row.estimated_value_dkk,
    cpvCodes: row.cpv_codes,
    expectedPublication: row.expected_publication,
    tenderDeadline: row.tender_deadline ? row.tender_deadline.toISOString() : null,
    expectedContractStart: row.expected_contract_start,
    platformUrl: row.platform_url,
    referenceNumber: row.reference_number,
    requirements,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    cancellationReason: row.cancellation_reason,
  };
}

function columnsOf(snapshot: TenderSnapshot, status: TenderStatus) {
  return {
    revision: snapshot.revision,
    title: snapshot.title,
    description: snapshot.description,
    work_type: snapshot.workType,
    contract_type: snapshot.contractType,
    property_id: snapshot.propertyId,
    property_name: snapshot.propertyName,
    property_address: snapshot.propertyAddress,
    property_postal_code: snapshot.propertyPostalCode,
    property_city: snapshot.propertyCity,
    property_lat: snapshot.propertyLat,
    property_lon: snapshot.propertyLon,
    estimated_value_dkk: snapshot.estimatedValueDkk,
    cpv_codes: snapshot.cpvCodes,
    expected_publication: snapshot.expectedPublication,
    expected_publication_date: snapshot.expectedPublication
      ? (parseExpectedPeriod(snapshot.expectedPublication)?.start ?? null)
      : null,
    tender_deadline: snapshot.tenderDeadline,
    expected_contract_start: snapshot.expectedContractStart,
    status,
    dbd_status: snapshot.dbdStatus,
    platform_url: snapshot.platformUrl,
    reference_number: snapshot.referenceNumber,
    contact_name: snapshot.contactName,
    contact_email: snapshot.contactEmail,
    contact_phone: snapshot.contactPhone,
    cancellation_reason: snapshot.cancellationReason,
    dbd_last_modified: snapshot.lastModified,
    missing_from_dbd_at: null,
  };
}

// PostgreSQL takes at most 65,535 parameters a statement; tenders have about 30 columns.
export const INSERT_CHUNK = 1000;

export const chunks = <T>(list: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export async function insertTenders(trx: Transaction<Database>, tenders: Array<{ snapshot: TenderSnapshot; status: TenderStatus }>) {
  for (const chunk of chunks(tenders, INSERT_CHUNK)) {
    await trx
      .insertInto('tenders')
      .values(chunk.map(({ snapshot, status }) => ({ id: snapshot.id, ...columnsOf(snapshot, status) })))
      .execute();
  }
  const links = tenders.flatMap(({ snapshot }) => snapshot.requirements.map((code, position) => ({ tender_id: snapshot.id, code, position })));
  for (const chunk of chunks(links, INSERT_CHUNK * 5)) {
    await trx.insertInto('tender_requirements').values(chunk).execute();
  }
}

export async function updateTender(trx: Transaction<Database>, snapshot: TenderSnapshot, status: TenderStatus) {
  await trx
    .updateTable('tenders')
    .set({ ...columnsOf(snapshot, status), updated_at: sql<Date>`now()` })
    .where('id', '=', snapshot.id)
    .execute();
}

export async function replaceRequirementCodes(trx: Transaction<Database>, tenderId: string, codes: string[]) {
  await trx.deleteFrom('tender_requirements').where('tender_id', '=', tenderId).execute();
  if (codes.length === 0) return;
  await trx
    .insertInto('tender_requirements')
    .values(codes.map((code, position) => ({ tender_id: tenderId, code, position })))
    .execute();
}

/** A tender's decisions in the order they were recorded. */
export async function decisionsOf(db: Executor, tenderId: string) {
  return db.selectFrom('decisions').selectAll().where('tender_id', '=', tenderId).orderBy('id').execute();
}

export async function findTender(db: Executor, id: string): Promise<StoredTender | null> {
  const [row, requirements] = await Promise.all([db.selectFrom('tenders').select(tenderColumns).where('id', '=', id).executeTakeFirst(), requirementCodesOf(db, id)]);
  return row ? { row, requirements } : null;
}

/** The stored tenders among `ids` with their requirement codes, in id order (unknown ids are left out). */
export async function findTenders(db: Executor, ids: readonly string[]): Promise<StoredTender[]> {
  if (ids.length === 0) return [];
  const [rows, codes] = await Promise.all([
    db.selectFrom('tenders').select(tenderColumns).where('id', 'in', [...ids]).orderBy('id').execute(),
    requirementCodesByTender(db, ids),
  ]);
  return rows.map((row) => ({ row, requirements: codes.get(row.id) ?? [] }));
}

/** Whether any tender is stored yet (a new installation has none). */
export async function hasAnyTender(db: Executor): Promise<boolean> {
  return (await db.selectFrom('tenders').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** A tender locked for an officer's change (the decision and text services). */
export async function lockTender(trx: Transaction<Database>, id: string): Promise<TenderRow | null> {
  return (await trx.selectFrom('tenders').select(tenderColumns).where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

export interface OfficerStateChange {
  status?: TenderStatus;
  summary?: string | null;
  bidderNotes?: string | null;
}

/** Writes what officers own and bumps officer_version, so forms made before this change go stale. */
export async function updateOfficerState(trx: Transaction<Database>, id: string, change: OfficerStateChange): Promise<number> {
  const row = await trx
    .updateTable('tenders')
    .set((eb) => ({
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.summary !== undefined ? { summary: change.summary } : {}),
      ...(change.bidderNotes !== undefined ? { bidder_notes: change.bidderNotes } : {}),
      officer_version: eb('officer_version', '+', 1),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .returning('officer_version')
    .executeTakeFirstOrThrow();
  return row.officer_version;
}

/** Tenders DBD sent again are no longer missing from it. */
export async function clearMissingFlags(db: Executor, ids: string[]) {
  if (ids.length === 0) return;
  await db.updateTable('tenders').set({ missing_from_dbd_at: null }).where('id', 'in', ids).where('missing_from_dbd_at', 'is not', null).execute();
}

/** After a complete full export: flags every tender it did not contain. Never deletes. */
export async function flagMissing(db: Executor, seenIds: ReadonlySet<string>): Promise<string[]> {
  const unflagged = await db.selectFrom('tenders').select('id').where('missing_from_dbd_at', 'is', null).execute();
  const missing = unflagged.map((r) => r.id).filter((id) => !seenIds.has(id));
  if (missing.length > 0) {
    await db.updateTable('tenders').set({ missing_from_dbd_at: sql<Date>`now()` }).where('id', 'in', missing).execute();
  }
  return missing;
}

import type { Executor } from '../db/database.js';
import { aggregateOf, isMeasure, measureCodes, measures, ratingScale, type Aggregate, type Direction, type Rating, type RatingOccasion, type TargetStatus } from '../domain/contract.js';
import { copenhagenDate } from '../domain/period.js';
import { findTenders } from '../tenders/repository.js';
import { loadContracts, type ContractRecord } from './records.js';

// What the public records across contracts are made of, shared by the API and the public pages:
// the record of a requirement code (/krav/{code}: how many of its targets are met, in progress or
// not met, and what was required and delivered per year and measure), the record of a supplier
// (/leverandoer/{cvr}: its contracts, targets met and ratings), and the list of contracts with its
// "over budget" and "late" filters. Pure functions over loadContracts' records, plus the reads
// that feed them. Public: draft ratings are never in these records. The API (web/api, opendata/)
// and the public pages (web/public) both take their figures from here, so they always agree; the
// web only words, formats and draws them.

/** Late: handed over after the planned handover in force, or not handed over and the planned day has passed. */
export function isLate(record: ContractRecord, today: string = copenhagenDate(new Date())): boolean {
  if (record.handoverOn !== null) return (record.daysLate ?? 0) > 0;
  return record.plannedHandoverOn < today;
}

/** The value now: the final value once completed, else the original plus the changes so far. */
export const currentValueOf = (record: ContractRecord): number => record.finalValueDkk ?? record.totals.currentValueDkk;

export interface StatusCounts {
  met: number;
  inProgress: number;
  notMet: number;
}

const countStatuses = (statuses: readonly TargetStatus[]): StatusCounts => ({
  met: statuses.filter((s) => s === 'met').length,
  inProgress: statuses.filter((s) => s === 'in_progress').length,
  notMet: statuses.filter((s) => s === 'not_met').length,
});

export interface MeasureYear {
  /**
   * The year the contracts were signed: a cohort. 2026 tells what the contracts signed in 2026
   * required and what they have delivered so far, whenever it was delivered.
   */
  year: number;
  /** How many contracts signed that year have a target for the code with this measure. */
  contracts: number;
  /** How many of the code's targets with this measure were agreed in contracts signed that year. */
  targets: number;
  /**
   * The measure's rule (domain/contract.ts measures): 'sum' for a measure delivered in amounts
   * (apprentice-years, tonnes): the targets and the latest delivered values added up. 'mean' for a
   * share, score or limit per unit (kg CO₂e per m², a share in %): the average target and the
   * average of the values reported.
   */
  aggregate: Aggregate;
  required: number;
  /** Null when no target of the year has a delivered value yet. */
  delivered: number | null;
  /** How many of the targets have a delivered value. */
  reported: number;
}

export interface MeasureRecord {
  measure: string;
  direction: Direction;
  years: MeasureYear[];
}

export interface RequirementRecord {
  code: string;
  /** Contracts with at least one target for the code. */
  contracts: number;
  /** The code's targets by where they stand. */
  targets: StatusCounts & { total: number };
  /** In the catalogue's order of measures (domain/contract.ts), each with its years in order. */
  measures: MeasureRecord[];
  /** The contracts (tender ids), in id order. */
  tenderIds: string[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Where a measure comes in the records: the catalogue's order, unknown codes last by name. */
const measureOrder = (measure: string) => (isMeasure(measure) ? measureCodes.indexOf(measure) : measureCodes.length);

/** The record of a requirement code across the contracts' records; a target counts in the year its contract was signed. */
export function requirementRecordOf(code: string, records: Iterable<ContractRecord>): RequirementRecord {
  const statuses: TargetStatus[] = [];
  const tenderIds = new Set<string>();
  const groups = new Map<string, { measure: string; year: number; contracts: Set<string>; targets: number[]; delivered: number[] }>();
  for (const record of records) {
    const year = Number(record.signedOn.slice(0, 4));
    for (const target of record.targets) {
      if (target.kind !== 'requirement' || target.requirementCode !== code) continue;
      tenderIds.add(record.tenderId);
      statuses.push(target.status);
      if (!target.measure) continue;
      const key = `${target.measure}|${year}`;
      const group = groups.get(key) ?? { measure: target.measure, year, contracts: new Set<string>(), targets: [], delivered: [] };
      group.contracts.add(record.tenderId);
      group.targets.push(target.targetValue);
      if (target.delivered !== null) group.delivered.push(target.delivered);
      groups.set(key, group);
    }
  }
  const byMeasure = new Map<string, MeasureRecord>();
  const ordered = [...groups.values()].sort((a, b) => measureOrder(a.measure) - measureOrder(b.measure) || a.measure.localeCompare(b.measure) || a.year - b.year);
  for (const group of ordered) {
    const aggregate = aggregateOf(group.measure);
    const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const combine = (values: number[]) => (aggregate === 'sum' ? round(total(values)) : round(total(values) / values.length));
    const direction: Direction = isMeasure(group.measure) ? measures[group.measure].direction : 'at_least';
    const entry = byMeasure.get(group.measure) ?? { measure: group.measure, direction, years: [] };
    entry.years.push({
      year: group.year,
      contracts: group.contracts.size,
      targets: group.targets.length,
      aggregate,
      required: combine(group.targets),
      delivered: group.delivered.length ? combine(group.delivered) : null,
      reported: group.delivered.length,
    });
    byMeasure.set(group.measure, entry);
  }
  return {
    code,
    contracts: tenderIds.size,
    targets: { total: statuses.length, ...countStatuses(statuses) },
    measures: [...byMeasure.values()],
    tenderIds: [...tenderIds].sort(),
  };
}

/** The record of a requirement code over every contract with a target for it. */
export async function requirementRecord(db: Executor, code: string): Promise<RequirementRecord> {
  const rows = await db.selectFrom('contract_targets').select('tender_id').distinct().where('requirement_code', '=', code).execute();
  const records = await loadContracts(db, rows.map((r) => r.tender_id));
  return requirementRecordOf(code, records.values());
}

export interface SupplierContract {
  tenderId: string;
  title: string;
  signedOn: string;
  originalValueDkk: number;
  currentValueDkk: number;
  plannedHandoverOn: string;
  handoverOn: string | null;
  completed: boolean;
  daysLate: number | null;
  overBudget: boolean;
  late: boolean;
  targets: StatusCounts & { total: number };
  ratings: Array<{ occasion: RatingOccasion; ratedOn: string; overall: Rating; replied: boolean }>;
}

export interface SupplierRecord {
  cvr: string;
  /** The name on its latest contract; null when the portal has no contract with the CVR number. */
  name: string | null;
  contracts: SupplierContract[];
  /** Over all its contracts. */
  targets: StatusCounts & { total: number };
  /** Published ratings by overall rating, best first. */
  ratings: Record<Rating, number>;
  completed: number;
  late: number;
  overBudget: number;
}

/** A supplier's record from its contracts' records and the tenders' titles. */
export function supplierRecordOf(cvr: string, records: readonly ContractRecord[], titles: ReadonlyMap<string, string>, today?: string): SupplierRecord {
  const own = records.filter((r) => r.supplierCvr === cvr).sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.tenderId.localeCompare(b.tenderId));
  const contracts = own.map((r): SupplierContract => ({
    tenderId: r.tenderId,
    title: titles.get(r.tenderId) ?? r.tenderId,
    signedOn: r.signedOn,
    originalValueDkk: r.originalValueDkk,
    currentValueDkk: currentValueOf(r),
    plannedHandoverOn: r.plannedHandoverOn,
    handoverOn: r.handoverOn,
    completed: r.completedAt !== null,
    daysLate: r.daysLate,
    overBudget: r.overBudget,
    late: isLate(r, today),
    targets: { total: r.targets.length, ...countStatuses(r.targets.map((target) => target.status)) },
    ratings: r.ratings.map((rating) => ({ occasion: rating.occasion, ratedOn: rating.ratedOn, overall: rating.overall, replied: rating.reply !== null })),
  }));
  const allTargets = own.flatMap((r) => r.targets.map((target) => target.status));
  const ratings = Object.fromEntries(ratingScale.map((scale) => [scale, own.flatMap((r) => r.ratings).filter((rating) => rating.overall === scale).length])) as Record<Rating, number>;
  return {
    cvr,
    name: own.at(-1)?.supplierName ?? null,
    contracts,
    targets: { total: allTargets.length, ...countStatuses(allTargets) },
    ratings,
    completed: contracts.filter((c) => c.completed).length,
    late: contracts.filter((c) => c.late).length,
    overBudget: contracts.filter((c) => c.overBudget).length,
  };
}

export interface SupplierContracts {
  record: SupplierRecord;
  /** The supplier's contracts' records, in the record's order (oldest signing first). */
  contracts: ContractRecord[];
  /** The tenders' titles by tender id. */
  titles: ReadonlyMap<string, string>;
}

/** A supplier's record by CVR number with the contracts' records it was made from (for pages that show more of them). */
export async function supplierContracts(db: Executor, cvr: string, today?: string): Promise<SupplierContracts> {
  const rows = await db.selectFrom('contracts').select('tender_id').where('supplier_cvr', '=', cvr).execute();
  const ids = rows.map((r) => r.tender_id);
  const [records, tenders] = await Promise.all([loadContracts(db, ids), findTenders(db, ids)]);
  const titles = new Map(tenders.map((t) => [t.row.id, t.row.title]));
  const record = supplierRecordOf(cvr, [...records.values()], titles, today);
  return { record, contracts: record.contracts.map((c) => records.get(c.tenderId)!), titles };
}

/** A supplier's record by CVR number (empty when the portal has no contract with it). */
export async function supplierRecord(db: Executor, cvr: string, today?: string): Promise<SupplierRecord> {
  return (await supplierContracts(db, cvr, today)).record;
}

export interface ContractListFilter {
  /** true: only contracts over budget; false: only those not. */
  overBudget?: boolean;
  /** true: only late contracts (see isLate); false: only those not. */
  late?: boolean;
}

export const contractMatches = (record: ContractRecord, filter: ContractListFilter, today?: string): boolean =>
  (filter.overBudget === undefined || record.overBudget === filter.overBudget) && (filter.late === undefined || isLate(record, today) === filter.late);

/** Every contract that passes the filter, newest signing first (the public list), with the tenders' titles. */
export async function contractList(db: Executor, filter: ContractListFilter, today?: string): Promise<{ contracts: ContractRecord[]; titles: ReadonlyMap<string, string> }> {
  const rows = await db.selectFrom('contracts').select('tender_id').orderBy('signed_on', 'desc').orderBy('tender_id').execute();
  const ids = rows.map((r) => r.tender_id);
  const records = await loadContracts(db, ids);
  const contracts = ids.flatMap((id) => {
    const record = records.get(id);
    return record && contractMatches(record, filter, today) ? [record] : [];
  });
  const tenders = await findTenders(db, contracts.map((r) => r.tenderId));
  return { contracts, titles: new Map(tenders.map((t) => [t.row.id, t.row.title])) };
}

/**
 * A page of contracts in tender-id order after `afterId`, filtered: up to `limit` records (ask for
 * one more than a page to know whether another follows). Records are read a batch at a time.
 */
export async function contractPage(db: Executor, filter: ContractListFilter, afterId: string | null, limit: number, today?: string): Promise<ContractRecord[]> {
  const found: ContractRecord[] = [];
  let after = afterId;
  const batch = Math.max(limit, 50);
  for (;;) {
    const rows = await db
      .selectFrom('contracts')
      .select('tender_id')
      .$if(after !== null, (q) => q.where('tender_id', '>', after!))
      .orderBy('tender_id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return found;
    const records = await loadContracts(db, rows.map((r) => r.tender_id));
    for (const { tender_id } of rows) {
      const record = records.get(tender_id);
      if (record && contractMatches(record, filter, today)) found.push(record);
      if (found.length >= limit) return found;
    }
    if (rows.length < batch) return found;
    after = rows.at(-1)!.tender_id;
  }
}

import type { ContractType, TenderStatus, WorkType } from './vocabulary.js';
import type { DbdStatus } from './lifecycle.js';

/**
 * A tender as DBD describes it, in the portal's own words. The DBD adapter (src/sync/dbd) is the
 * only code that knows DBD's field names; everything else speaks this shape.
 */
export interface TenderSnapshot {
  id: string;
  revision: number;
  title: string;
  description: string;
  workType: WorkType;
  contractType: ContractType;
  propertyId: string | null;
  propertyName: string | null;
  propertyAddress: string | null;
  propertyPostalCode: string | null;
  propertyCity: string | null;
  propertyLat: number | null;
  propertyLon: number | null;
  estimatedValueDkk: number | null;
  cpvCodes: string[];
  /** 'YYYY-Qn', 'YYYY-MM' or 'YYYY-MM-DD' */
  expectedPublication: string | null;
  /** ISO-8601 in UTC */
  tenderDeadline: string | null;
  /** 'YYYY-MM-DD' */
  expectedContractStart: string | null;
  dbdStatus: DbdStatus;
  platformUrl: string | null;
  referenceNumber: string | null;
  requirements: string[];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  cancellationReason: string | null;
  /** ISO-8601 in UTC */
  lastModified: string;
}

/** The fields a change event can name: everything DBD owns, plus the portal's lifecycle status. */
export type TrackedField = Exclude<keyof TenderSnapshot, 'id' | 'revision' | 'lastModified' | 'dbdStatus'> | 'status';

export type FieldValue = string | number | string[] | null;

export interface FieldChange {
  field: TrackedField;
  old: FieldValue;
  new: FieldValue;
}

/** The tracked state of a tender: the snapshot's fields plus the status the portal derived. */
export type TrackedState = Omit<TenderSnapshot, 'id' | 'revision' | 'lastModified' | 'dbdStatus'> & {
  status: TenderStatus;
};

export const trackedFields: readonly TrackedField[] = [
  'title',
  'description',
  'status',
  'workType',
  'contractType',
  'propertyId',
  'propertyName',
  'propertyAddress',
  'propertyPostalCode',
  'propertyCity',
  'propertyLat',
  'propertyLon',
  'estimatedValueDkk',
  'cpvCodes',
  'expectedPublication',
  'tenderDeadline',
  'expectedContractStart',
  'platformUrl',
  'referenceNumber',
  'requirements',
  'contactName',
  'contactEmail',
  'contactPhone',
  'cancellationReason',
];

const same = (a: FieldValue, b: FieldValue) =>
  Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b;

/** Exactly the fields whose values differ, in a stable order, with old and new values. */
export function diffTrackedState(before: TrackedState, after: TrackedState): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of trackedFields) {
    const old = before[field] as FieldValue;
    const next = after[field] as FieldValue;
    if (!same(old, next)) changes.push({ field, old, new: next });
  }
  return changes;
}

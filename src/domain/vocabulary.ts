// The portal's domain words and their Danish labels (DESIGN.md, "Domain words"). The labels live in
// the Danish dictionary (src/i18n/da.ts), next to their English translations.
import { da } from '../i18n/da.js';

export const contractTypes = ['works', 'services', 'supplies'] as const;
export type ContractType = (typeof contractTypes)[number];

export const workTypes = [
  'renovation',
  'new_build',
  'maintenance',
  'climate_adaptation',
  'energy',
  'demolition',
  'service',
] as const;
export type WorkType = (typeof workTypes)[number];

export const procedures = [
  'direct_award',
  'quotes',
  'announced_quotes',
  'invited_bids',
  'national_tender',
  'eu_tender',
] as const;
export type Procedure = (typeof procedures)[number];

export const tenderStatuses = [
  'planned',
  'in_preparation',
  'published',
  'evaluation',
  'awarded',
  'contracted',
  'cancelled',
] as const;
export type TenderStatus = (typeof tenderStatuses)[number];

export const contractTypeLabels: Record<ContractType, string> = da.contractType;

export const workTypeLabels: Record<WorkType, string> = da.workType;

export const statusLabels: Record<TenderStatus, string> = da.status;

export const procedureLabels: Record<Procedure, string> = da.procedure;

export const requirementCategoryLabels: Record<string, string> = da.requirementCategory;

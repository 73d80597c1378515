// The part of OCDS 1.1 the portal publishes, plus `tender.criteria` from the Requirements
// extension. Type aliases (not interfaces), so every release is also plain `Json` for the merge.

export type Json = string | number | boolean | null | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json | undefined };

export type ReleaseTag =
  | 'planning'
  | 'planningUpdate'
  | 'tender'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'awardCancellation'
  | 'contract'
  | 'contractUpdate'
  | 'contractAmendment'
  | 'implementationUpdate'
  | 'contractTermination';

/** `null` amounts only ever clear a value an earlier release gave (see `withoutStaleNulls`). */
export type Value = { amount: number | null; currency: 'DKK' | null };

export type OrganizationReference = { id: string; name: string };

export type Organization = OrganizationReference & {
  identifier?: { scheme: string; id: string; legalName: string };
  roles: string[];
  contactPoint?: { name: string | null; email: string | null; telephone: string | null };
};

export type Classification = { scheme: 'CPV'; id: string; description?: string };

export type Item = { id: string; description: string; classification: Classification; additionalClassifications?: Classification[] };

export type Requirement = { id: string; title: string; description?: string; dataType: 'boolean'; expectedValue: true };

export type Criterion = {
  id: string;
  title: string;
  description: string;
  relatesTo: 'tenderer';
  requirementGroups: Array<{ id: string; requirements: Requirement[] }>;
};

export type Document = { id: string; documentType: string; title: string; description?: string; url?: string; language: 'da' };

export type Period = { startDate?: string | null; endDate?: string | null };

export type Tender = {
  id: string;
  title: string;
  description: string | null;
  status: string;
  procuringEntity: OrganizationReference;
  items?: Item[];
  value: Value;
  procurementMethod: string | null;
  procurementMethodDetails: string | null;
  procurementMethodRationale: string | null;
  mainProcurementCategory: string;
  awardCriteria: string | null;
  awardCriteriaDetails: string | null;
  numberOfTenderers: number | null;
  tenderPeriod: Period;
  contractPeriod: Period;
  criteria?: Criterion[];
  documents?: Document[];
  /** The Enquiries extension: published questions and their answers, never who asked. */
  enquiries?: Enquiry[];
};

/** Core OCDS milestone; the portal writes market-dialogue activities as `engagement` milestones. */
export type Milestone = {
  id: string;
  title: string;
  type: 'engagement';
  description: string;
  dueDate: string | null;
  dateModified: string;
  dateMet: string | null;
  status: 'scheduled' | 'met' | 'notMet';
};

/** One question and its answer (ocds_enquiry_extension), without `author`. */
export type Enquiry = { id: string; date: string; title: string; description: string; answer: string; dateAnswered: string };

export type Award = {
  id: string;
  title: string;
  description: string;
  status: 'pending' | 'active' | 'cancelled';
  date: string;
  value: Value;
  suppliers: OrganizationReference[];
};

/** The Bid extension (ocds_bid_extension): summary statistics and, after award, each bid. */
export type Statistic = { id: string; measure: string; value: number; currency?: 'DKK'; notes?: string };

export type Bid = {
  id: string;
  submissionType: 'bid';
  status: 'valid' | 'disqualified';
  tenderers: OrganizationReference[];
  value: Value;
  description?: string;
};

export type Bids = { statistics: Statistic[]; details?: Bid[] };

/** An observation of a metric (the Metrics extension): a target or a delivered value, with its unit. */
export type Observation = { id: string; measure: number; unit?: { name: string }; period?: Period; notes?: string };

/** The Metrics extension's metric: a target agreed in the contract, or what was delivered against it. */
export type Metric = { id: string; title: string; description?: string; observations: Observation[] };

/** A change to the contract (core OCDS amendment). */
export type Amendment = { id: string; date: string; rationale: string; description: string; amendsReleaseID?: string; releaseID: string };

/** A point in the contract's implementation: the handover (delivery), a site check or a rating (assessment). */
export type ImplementationMilestone = {
  id: string;
  title: string;
  type: 'delivery' | 'assessment';
  description: string;
  dueDate?: string;
  dateMet?: string;
  dateModified?: string;
  status: 'scheduled' | 'met' | 'notMet' | 'partiallyMet';
};

export type Contract = {
  id: string;
  awardID: string;
  title: string;
  status: 'active' | 'terminated';
  dateSigned: string;
  value: Value;
  period?: Period;
  /** The Metrics extension: the targets agreed at signing. */
  agreedMetrics?: Metric[];
  amendments?: Amendment[];
  implementation?: { milestones?: ImplementationMilestone[]; metrics?: Metric[] };
};

export type Release = {
  ocid: string;
  id: string;
  date: string;
  tag: ReleaseTag[];
  initiationType: 'tender';
  language: 'da';
  buyer: OrganizationReference;
  parties: Organization[];
  planning: { budget: { description: string | null; amount: Value }; milestones?: Milestone[] };
  tender: Tender;
  awards?: Award[];
  contracts?: Contract[];
  bids?: Bids;
};

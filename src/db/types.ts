import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DecisionKind } from '../domain/decision.js';
import type { DbdStatus } from '../domain/lifecycle.js';
import type { FirmSize, FirmStatus } from '../domain/firm.js';
import type { ChangeReason, CheckOutcome, Direction, LegalBasis, Rating, RatingOccasion, Sanction } from '../domain/contract.js';
import type { DialogueKind, DialogueStatus, QuestionStatus, SignupStatus } from '../domain/dialogue.js';
import type { ContractType, Procedure, TenderStatus, WorkType } from '../domain/vocabulary.js';

/** Postgres `date`, kept as the 'YYYY-MM-DD' text it is (no time-zone shifting). */
type DateText = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Numeric = ColumnType<number, number | string, number | string>;

export interface ThresholdSetTable {
  id: Generated<number>;
  name: string;
  effective_from: DateText;
  effective_to: DateText | null;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface ThresholdRuleTable {
  id: Generated<number>;
  set_id: number;
  contract_type: ContractType;
  min_dkk: Numeric;
  min_inclusive: boolean;
  max_dkk: Numeric | null;
  procedure: Procedure;
  min_bids: number | null;
  max_invited: number | null;
  announce: boolean;
  standstill_days: number;
  legal_basis: string;
  source: string | null;
}

export interface RequirementTable {
  code: string;
  category: string;
  title: string;
  summary: string;
  evidence: string | null;
  legal_basis: string | null;
  source: string | null;
  retired_at: Timestamp | null;
  created_at: Generated<Date>;
  version: Generated<number>;
  /** The measure codes (domain/contract.ts) a target for this requirement can have. */
  measures: ColumnType<string[], string | undefined, string>;
}

export interface TenderTable {
  id: string;
  revision: number;
  title: string;
  description: string;
  work_type: WorkType;
  contract_type: ContractType;
  property_id: string | null;
  property_name: string | null;
  property_address: string | null;
  property_postal_code: string | null;
  property_city: string | null;
  property_lat: number | null;
  property_lon: number | null;
  estimated_value_dkk: Numeric | null;
  cpv_codes: string[];
  expected_publication: string | null;
  expected_publication_date: DateText | null;
  tender_deadline: Timestamp | null;
  expected_contract_start: DateText | null;
  status: TenderStatus;
  dbd_status: DbdStatus;
  platform_url: string | null;
  reference_number: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  cancellation_reason: string | null;
  dbd_last_modified: Timestamp;
  missing_from_dbd_at: Timestamp | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  search: ColumnType<string, never, never>;
  summary: string | null;
  bidder_notes: string | null;
  officer_version: Generated<number>;
}

/** Each tender's search vector apart from its wide row (kept by triggers): words-only searches read it. */
export interface TenderSearchTable {
  tender_id: ColumnType<string, never, never>;
  search: ColumnType<string, never, never>;
}

export interface TenderRequirementTable {
  tender_id: string;
  code: string;
  position: number;
}

export interface TenderEventTable {
  id: ColumnType<number, never, never>;
  tender_id: string;
  occurred_at: Generated<Date>;
  kind: string;
  source: string;
  revision: number | null;
  changes: ColumnType<unknown, string, string>;
  details: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface SyncRunTable {
  id: Generated<number>;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  source: string;
  mode: string;
  changed_since: string | null;
  outcome: string;
  pages: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  flagged: Generated<number>;
  conflicts: Generated<number>;
  error: string | null;
}

export interface SyncRunItemTable {
  id: ColumnType<number, never, never>;
  run_id: number;
  kind: string;
  dbd_id: string | null;
  message: string;
  raw: ColumnType<unknown, string | null, string | null>;
}

export interface SyncStateTable {
  source: string;
  last_complete_server_time: string | null;
  resume_cursor: string | null;
  resume_changed_since: string | null;
  resume_server_time: string | null;
  resume_started_at: Timestamp | null;
  last_full_sync_at: Timestamp | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SyncConflictTable {
  id: Generated<number>;
  tender_id: string;
  run_id: number | null;
  revision: number;
  field: string;
  portal_value: ColumnType<unknown, string | null, string | null>;
  dbd_value: ColumnType<unknown, string | null, string | null>;
  detected_at: Generated<Date>;
  resolved_at: Timestamp | null;
  resolved_by: number | null;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: Generated<string>;
  role: 'officer' | 'admin';
  password_hash: string;
  disabled_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
}

export interface LoginFailureTable {
  id: ColumnType<number, never, never>;
  subject: string;
  failed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  at: Generated<Date>;
  user_id: number | null;
  user_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  old_value: ColumnType<unknown, string | null, string | null>;
  new_value: ColumnType<unknown, string | null, string | null>;
}

export interface DecisionTable {
  id: Generated<number>;
  tender_id: string;
  kind: DecisionKind;
  decided_on: DateText;
  standstill_ends_on: DateText | null;
  details: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface AppSecretTable {
  name: string;
  value: string;
  created_at: Generated<Date>;
}

export type Frequency = 'instant' | 'daily' | 'weekly';

export interface SubscriptionTable {
  id: Generated<string>;
  email: string;
  /** The saved search: a TenderFilter without page and sort. */
  filter: ColumnType<Record<string, unknown>, string, string>;
  frequency: Frequency;
  /** The language of the subscriber's mails: the portal's language when they signed up. */
  lang: Generated<'da' | 'en'>;
  created_at: Generated<Date>;
  confirmed_at: Timestamp | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Set when a firm's contact follows a tender it showed interest in; deleted with the contact. */
  firm_contact_id: string | null;
}

export type MessageKind = 'confirm' | 'already_subscribed' | 'instant' | 'daily' | 'weekly';

export interface AlertMessageTable {
  id: Generated<string>;
  subscription_id: string;
  kind: MessageKind;
  idempotency_key: string;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
}

export interface AlertItemTable {
  subscription_id: string;
  event_id: number;
  message_id: string | null;
}

export interface AlertPendingEventTable {
  event_id: number;
}

export interface TradeTable {
  code: string;
  name_da: string;
  name_en: string;
  /** CPV code prefixes (digits, no check digit) of the work the trade covers. */
  cpv_prefixes: string[];
  position: number;
}

export interface FirmTable {
  id: Generated<string>;
  cvr: string;
  name: string;
  address: string;
  postal_code: string;
  city: string;
  size: FirmSize;
  public_listing: boolean;
  wants_invitations: boolean;
  status: Generated<FirmStatus>;
  reviewed_at: Timestamp | null;
  reviewed_by: number | null;
  /** Why an officer rejected the firm (migration 20261130020000); null unless rejected. */
  rejection_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Bundled sample data, shown marked as such; never created when DBD_URL is set. */
  sample: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface FirmTradeTable {
  firm_id: string;
  trade_code: string;
}

export interface FirmContactTable {
  id: Generated<string>;
  firm_id: string;
  name: string;
  email: string;
  phone: string | null;
  lang: Generated<'da' | 'en'>;
  created_at: Generated<Date>;
}

export interface FirmSigninTable {
  id: Generated<string>;
  contact_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface FirmSessionTable {
  token_hash: string;
  contact_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export type FirmMailKind = 'signin' | 'invitation' | 'rating';

export interface FirmMailTable {
  id: Generated<string>;
  contact_id: string;
  kind: FirmMailKind;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
}

export interface TenderInterestTable {
  tender_id: string;
  firm_id: string;
  note: string | null;
  created_at: Generated<Date>;
}

export interface InvitationRoundTable {
  tender_id: string;
  reserved_outside: Generated<boolean>;
  /** Published: why the round goes outside tilbudsloven §12's limits. */
  exception_reason: string | null;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface InvitationTable {
  id: Generated<number>;
  tender_id: string;
  firm_id: string | null;
  cvr: string;
  firm_name: string;
  outside_local: Generated<boolean>;
  invited_at: Generated<Date>;
  invited_by: number | null;
}

export interface BidTable {
  id: Generated<number>;
  tender_id: string;
  decision_id: number;
  firm_id: string | null;
  cvr: string;
  firm_name: string;
  amount_dkk: Numeric;
  valid: boolean;
  invalid_reason: string | null;
  sme: boolean | null;
}

export interface DialogueGuestTable {
  id: Generated<string>;
  email: string;
  /** The firm the guest speaks for, as typed (no account, so not checked). */
  firm_name: string;
  lang: Generated<'da' | 'en'>;
  created_at: Generated<Date>;
  confirmed_at: Timestamp | null;
}

export interface QuestionDeadlineTable {
  tender_id: string;
  deadline: Timestamp;
  set_at: Generated<Date>;
  set_by: number | null;
}

export interface AnswerTable {
  id: Generated<number>;
  tender_id: string;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface AnswerVersionTable {
  answer_id: number;
  version: number;
  text: string;
  published_at: Generated<Date>;
  published_by: number | null;
  late: Generated<boolean>;
  suggested_deadline: Timestamp | null;
}

export interface QuestionTable {
  id: Generated<number>;
  tender_id: string;
  firm_id: string | null;
  contact_id: string | null;
  guest_id: string | null;
  /** As received: seen by officers only. */
  text: string;
  lang: Generated<'da' | 'en'>;
  status: QuestionStatus;
  asked_at: Generated<Date>;
  received_at: Timestamp | null;
  number: number | null;
  published_text: string | null;
  published_at: Timestamp | null;
  published_by: number | null;
  answer_id: number | null;
  rejected_reason: string | null;
  sample: Generated<boolean>;
}

export interface DialogueActivityTable {
  id: Generated<number>;
  kind: DialogueKind;
  title: string;
  theme: string | null;
  description: Generated<string>;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  place: string | null;
  online_url: string | null;
  capacity: number | null;
  signup_deadline: Timestamp | null;
  draft_url: string | null;
  comment_deadline: Timestamp | null;
  status: Generated<DialogueStatus>;
  sequence: Generated<number>;
  cancel_reason: string | null;
  summary: string | null;
  learned: string | null;
  changes_made: string | null;
  outcome_published_at: Timestamp | null;
  sample: Generated<boolean>;
  created_at: Generated<Date>;
  created_by: number | null;
  updated_at: Generated<Date>;
}

export interface DialogueActivityTenderTable {
  activity_id: number;
  tender_id: string;
}

export interface DialogueSlotTable {
  id: Generated<number>;
  activity_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface DialogueSignupTable {
  id: Generated<number>;
  activity_id: number;
  firm_id: string | null;
  contact_id: string | null;
  guest_id: string | null;
  attendees: Generated<number>;
  slot_id: number | null;
  status: SignupStatus;
  created_at: Generated<Date>;
  confirmed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  reminded_at: Timestamp | null;
}

export interface DialogueCommentTable {
  id: Generated<number>;
  activity_id: number;
  firm_id: string | null;
  contact_id: string | null;
  guest_id: string | null;
  text: string;
  status: Generated<'unconfirmed' | 'received'>;
  created_at: Generated<Date>;
}

export interface DialogueWaiverTable {
  tender_id: string;
  reason: string;
  set_at: Generated<Date>;
  set_by: number | null;
}

export interface DialogueMailTable {
  id: Generated<string>;
  contact_id: string | null;
  guest_id: string | null;
  kind: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
}

export interface ContractTable {
  tender_id: string;
  decision_id: number | null;
  supplier_name: string;
  supplier_cvr: string;
  contract_type: ContractType;
  original_value_dkk: Numeric;
  signed_on: DateText;
  planned_handover_on: DateText;
  final_value_dkk: Numeric | null;
  handover_on: DateText | null;
  completed_at: Timestamp | null;
  sample: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ContractTargetTable {
  id: Generated<number>;
  tender_id: string;
  position: number;
  kind: 'requirement' | 'kpi';
  requirement_code: string | null;
  measure: string | null;
  title: string | null;
  unit: string | null;
  direction: Direction;
  target_value: Numeric;
}

export interface ContractProgressTable {
  id: Generated<number>;
  target_id: number;
  tender_id: string;
  observed_on: DateText;
  value: Numeric;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface ContractCheckTable {
  id: Generated<number>;
  tender_id: string;
  checked_on: DateText;
  subject: string;
  requirement_code: string | null;
  outcome: CheckOutcome;
  sanction: Generated<Sanction>;
  fine_dkk: Numeric | null;
  supplier_response: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp | null;
}

export interface ContractRatingTable {
  id: Generated<number>;
  tender_id: string;
  occasion: RatingOccasion;
  rated_on: DateText;
  overall: Rating;
  reason: string;
  reply_due_on: DateText;
  reply: string | null;
  replied_at: Timestamp | null;
  published_at: Timestamp | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface ContractRatingItemTable {
  rating_id: number;
  target_id: number;
  rating: Rating;
  reason: string;
}

export interface ContractChangeTable {
  id: Generated<number>;
  tender_id: string;
  changed_on: DateText;
  reason: ChangeReason;
  reason_text: string | null;
  description: string | null;
  value_change_dkk: Numeric;
  new_end_on: DateText | null;
  legal_basis: LegalBasis | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface Database {
  contracts: ContractTable;
  contract_targets: ContractTargetTable;
  contract_progress: ContractProgressTable;
  contract_checks: ContractCheckTable;
  contract_ratings: ContractRatingTable;
  contract_rating_items: ContractRatingItemTable;
  contract_changes: ContractChangeTable;
  dialogue_guests: DialogueGuestTable;
  question_deadlines: QuestionDeadlineTable;
  answers: AnswerTable;
  answer_versions: AnswerVersionTable;
  questions: QuestionTable;
  dialogue_activities: DialogueActivityTable;
  dialogue_activity_tenders: DialogueActivityTenderTable;
  dialogue_slots: DialogueSlotTable;
  dialogue_signups: DialogueSignupTable;
  dialogue_comments: DialogueCommentTable;
  dialogue_waivers: DialogueWaiverTable;
  dialogue_mails: DialogueMailTable;
  trades: TradeTable;
  firms: FirmTable;
  firm_trades: FirmTradeTable;
  firm_contacts: FirmContactTable;
  firm_signins: FirmSigninTable;
  firm_sessions: FirmSessionTable;
  firm_mails: FirmMailTable;
  tender_interests: TenderInterestTable;
  invitation_rounds: InvitationRoundTable;
  invitations: InvitationTable;
  bids: BidTable;
  app_secrets: AppSecretTable;
  subscriptions: SubscriptionTable;
  alert_messages: AlertMessageTable;
  alert_items: AlertItemTable;
  alert_pending_events: AlertPendingEventTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  audit_log: AuditLogTable;
  decisions: DecisionTable;
  sync_runs: SyncRunTable;
  sync_run_items: SyncRunItemTable;
  sync_state: SyncStateTable;
  sync_conflicts: SyncConflictTable;
  threshold_sets: ThresholdSetTable;
  threshold_rules: ThresholdRuleTable;
  requirements: RequirementTable;
  tenders: TenderTable;
  tender_requirements: TenderRequirementTable;
  tender_search: TenderSearchTable;
  tender_events: TenderEventTable;
}

/** A tender as the app reads it: every column but the search vector, which only queries use. */
export type TenderRow = Omit<Selectable<TenderTable>, 'search'>;
export type NewTenderRow = Insertable<TenderTable>;
export type TenderEventRow = Selectable<TenderEventTable>;
export type RequirementRow = Selectable<RequirementTable>;
export type ContractRow = Selectable<ContractTable>;
export type ContractTargetRow = Selectable<ContractTargetTable>;
export type ContractProgressRow = Selectable<ContractProgressTable>;
export type ContractCheckRow = Selectable<ContractCheckTable>;
export type ContractRatingRow = Selectable<ContractRatingTable>;
export type ContractRatingItemRow = Selectable<ContractRatingItemTable>;
export type ContractChangeRow = Selectable<ContractChangeTable>;
export type ThresholdSetRow = Selectable<ThresholdSetTable>;
export type ThresholdRuleRow = Selectable<ThresholdRuleTable>;
export type SyncRunRow = Selectable<SyncRunTable>;
export type UserRow = Selectable<UserTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SubscriptionRow = Selectable<SubscriptionTable>;
export type AlertMessageRow = Selectable<AlertMessageTable>;
export type TradeRow = Selectable<TradeTable>;
export type FirmRow = Selectable<FirmTable>;
export type FirmContactRow = Selectable<FirmContactTable>;
export type InvitationRow = Selectable<InvitationTable>;
export type BidRow = Selectable<BidTable>;
export type QuestionRow = Selectable<QuestionTable>;
export type DialogueActivityRow = Selectable<DialogueActivityTable>;
export type DialogueSignupRow = Selectable<DialogueSignupTable>;

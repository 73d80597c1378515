import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { Database } from '../db/types.js';
import { ratingOccasions, ratingReplyDue, ratingScale, type Rating, type RatingOccasion } from '../domain/contract.js';
import { PortalError } from '../domain/errors.js';
import { copenhagenDate } from '../domain/period.js';
import { queueFirmMail } from '../firms/mail-queue.js';
import { t, type Lang, type TranslationKey, type Vars } from '../i18n/index.js';
import { appendEvents } from '../tenders/events.js';
import { findTenders } from '../tenders/repository.js';
import { formatDate } from '../wording/format.js';
import { loadContracts, type ContractRecord, type RatingRecord } from './records.js';
import { MAX_RATING_REASON, MAX_REPLY, type RatingInput } from './ratings-forms.js';

// Ratings of a supplier (at least yearly and at handover), overall and per KPI, each with a reason.
// The officer writes a draft: it is not public, and the supplier's firm account gets it by mail
// with 10 working days to reply. A reply is kept and publishes the rating with the reply beside
// it; without a reply the officer publishes it once the time to reply has passed. Each write is
// one transaction with its audit entry; publishing appends the public 'contract' event.

/** Where a refusal belongs on the form: a field's name (kpi-<id>-rating …), 'reply', or the whole form. */
export type RatingField = string;

export class RatingRefused extends PortalError {
  override name = 'RatingRefused';
  readonly #text: (lang: Lang) => string;
  constructor(
    code: 'invalid' | 'not_found' | 'not_allowed',
    text: (lang: Lang) => string,
    readonly field: RatingField = 'form',
  ) {
    super(code, text('da'));
    this.#text = text;
  }

  override messageIn(lang: Lang): string {
    return this.#text(lang);
  }
}

const refused = (code: 'invalid' | 'not_found' | 'not_allowed', key: TranslationKey, field: RatingField = 'form', vars?: Vars) =>
  new RatingRefused(code, (lang) => t(lang, key, vars), field);

/** A refusal that names a day, worded the reader's way. */
const refusedOn = (code: 'invalid' | 'not_allowed', key: TranslationKey, field: RatingField, date: string) =>
  new RatingRefused(code, (lang) => t(lang, key, { date: formatDate(date, lang) }), field);

export interface RatingOptions {
  /** The moment of the action (tests); default now. */
  now?: Date;
  /** Closed days besides weekends and public holidays (config.extraClosedDays), for the 10 working days. */
  extraClosedDays?: readonly string[];
}

/** The supplier's firm account as a rating reaches it: approved, with its contact people. */
export interface SupplierAccount {
  firmId: string;
  name: string;
  contactIds: string[];
}

/** The approved firm account with this CVR number, or null when the supplier has none. */
export async function supplierAccount(db: Executor, cvr: string): Promise<SupplierAccount | null> {
  const firm = await db.selectFrom('firms').select(['id', 'name']).where('cvr', '=', cvr).where('status', '=', 'approved').executeTakeFirst();
  if (!firm) return null;
  const contacts = await db.selectFrom('firm_contacts').select('id').where('firm_id', '=', firm.id).orderBy('created_at').execute();
  return { firmId: firm.id, name: firm.name, contactIds: contacts.map((c) => c.id) };
}

const isIsoDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const isRating = (value: unknown): value is Rating => typeof value === 'string' && (ratingScale as readonly string[]).includes(value);
const isOccasion = (value: unknown): value is RatingOccasion => typeof value === 'string' && (ratingOccasions as readonly string[]).includes(value);
const cleanText = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '');

async function lockContract(trx: Transaction<Database>, tenderId: string) {
  return trx.selectFrom('contracts').selectAll().where('tender_id', '=', tenderId).forUpdate().executeTakeFirst();
}

export interface DraftOutcome {
  ratingId: number;
  replyDueOn: string;
  /** The firm account the draft went to, and how many contact people were mailed; null: no approved account, no mail. */
  account: { firmId: string; name: string; mailed: number } | null;
}

/**
 * Writes a draft rating of the contract's supplier and mails it to the supplier's firm account
 * (each contact person, in their language). Refused, with nothing saved, on a tender without a
 * signed contract, without a reason, or without a rating and reason for every KPI.
 */
export async function draftRating(db: Db, tenderId: string, input: RatingInput, actor: Actor, options: RatingOptions = {}): Promise<DraftOutcome> {
  const now = options.now ?? new Date();
  const today = copenhagenDate(now);
  return db.transaction().execute(async (trx) => {
    const contract = await lockContract(trx, tenderId);
    if (!contract) throw refused('not_allowed', 'contractRatings.errors.notSigned');

    if (!isOccasion(input.occasion)) throw refused('invalid', 'contractRatings.errors.occasion', 'occasion');
    if (typeof input.ratedOn !== 'string' || !isIsoDate(input.ratedOn)) throw refused('invalid', 'contractRatings.errors.ratedOnInvalid', 'ratedOn');
    if (input.ratedOn > today) throw refusedOn('invalid', 'contractRatings.errors.ratedOnFuture', 'ratedOn', today);
    if (input.ratedOn < contract.signed_on) throw refusedOn('invalid', 'contractRatings.errors.ratedOnBeforeSigning', 'ratedOn', contract.signed_on);
    if (!isRating(input.overall)) throw refused('invalid', 'contractRatings.errors.overall', 'overall');
    const reason = cleanText(input.reason);
    if (!reason) throw refused('invalid', 'contractRatings.errors.reason', 'reason');
    if (reason.length > MAX_RATING_REASON) throw refused('invalid', 'contractRatings.errors.maxChars', 'reason', { max: MAX_RATING_REASON });

    // Every KPI of the contract gets a rating with a reason; nothing else does.
    const kpis = await trx.selectFrom('contract_targets').select(['id', 'title']).where('tender_id', '=', tenderId).where('kind', '=', 'kpi').orderBy('position').execute();
    const given = new Map((input.items ?? []).map((item) => [item.targetId, item]));
    if ([...given.keys()].some((id) => !kpis.some((kpi) => kpi.id === id))) throw refused('invalid', 'contractRatings.errors.itemUnknown');
    const items = kpis.map((kpi) => {
      const item = given.get(kpi.id);
      const title = kpi.title ?? '';
      if (!item || !isRating(item.rating)) throw refused('invalid', 'contractRatings.errors.itemRating', `kpi-${kpi.id}-rating`, { title });
      const itemReason = cleanText(item.reason);
      if (!itemReason) throw refused('invalid', 'contractRatings.errors.itemReason', `kpi-${kpi.id}-reason`, { title });
      if (itemReason.length > MAX_RATING_REASON) throw refused('invalid', 'contractRatings.errors.maxChars', `kpi-${kpi.id}-reason`, { max: MAX_RATING_REASON });
      return { target_id: kpi.id, rating: item.rating, reason: itemReason };
    });

    const replyDueOn = ratingReplyDue(today, options.extraClosedDays ?? []);
    const { id: ratingId } = await trx
      .insertInto('contract_ratings')
      .values({ tender_id: tenderId, occasion: input.occasion, rated_on: input.ratedOn, overall: input.overall, reason, reply_due_on: replyDueOn, created_by: actor.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (items.length) await trx.insertInto('contract_rating_items').values(items.map((item) => ({ rating_id: ratingId, ...item }))).execute();

    const account = await supplierAccount(trx, contract.supplier_cvr);
    for (const contactId of account?.contactIds ?? []) await queueFirmMail(trx, contactId, 'rating', { ratingId });

    await recordAudit(trx, actor, {
      action: 'contract.rating.draft',
      entityType: 'contract',
      entityId: tenderId,
      newValue: {
        ratingId,
        occasion: input.occasion,
        ratedOn: input.ratedOn,
        overall: input.overall,
        reason,
        items: items.map((item) => ({ targetId: item.target_id, rating: item.rating, reason: item.reason })),
        replyDueOn,
        supplierCvr: contract.supplier_cvr,
        firmId: account?.firmId ?? null,
        mailed: account?.contactIds.length ?? 0,
      },
    });
    return { ratingId, replyDueOn, account: account ? { firmId: account.firmId, name: account.name, mailed: account.contactIds.length } : null };
  });
}

async function lockRating(trx: Transaction<Database>, ratingId: number) {
  if (!Number.isSafeInteger(ratingId) || ratingId <= 0 || ratingId > 2_147_483_647) return undefined;
  return trx
    .selectFrom('contract_ratings as r')
    .innerJoin('contracts as c', 'c.tender_id', 'r.tender_id')
    .selectAll('r')
    .select('c.supplier_cvr')
    .where('r.id', '=', ratingId)
    .forUpdate()
    .executeTakeFirst();
}

/** The public summary of a published rating (tenders/events.ts: ContractEventDetails 'rating'). */
const ratingSummary = (rating: { occasion: RatingOccasion; overall: Rating; rated_on: string }, replied: boolean) => ({
  occasion: rating.occasion,
  overall: rating.overall,
  ratedOn: rating.rated_on,
  replied,
});

/**
 * The supplier's reply to a draft rating, from its firm account: only the supplier's own (approved)
 * firm, only until the reply is due (Copenhagen date), and only once. The reply publishes the
 * rating with the reply beside it.
 */
export async function replyToRating(db: Db, firmId: string, ratingId: number, text: string, options: Pick<RatingOptions, 'now'> = {}): Promise<void> {
  const now = options.now ?? new Date();
  const reply = cleanText(text);
  if (!reply) throw refused('invalid', 'contractRatings.errors.replyMissing', 'reply');
  if (reply.length > MAX_REPLY) throw refused('invalid', 'contractRatings.errors.maxChars', 'reply', { max: MAX_REPLY });
  await db.transaction().execute(async (trx) => {
    const rating = await lockRating(trx, ratingId);
    if (!rating) throw refused('not_found', 'contractRatings.errors.ratingNotFound');
    const firm = await trx.selectFrom('firms').select(['id', 'cvr', 'status']).where('id', '=', firmId).executeTakeFirst();
    if (!firm || firm.cvr !== rating.supplier_cvr) throw refused('not_allowed', 'contractRatings.errors.notSupplier');
    if (firm.status !== 'approved') throw refused('not_allowed', 'contractRatings.errors.notApproved');
    if (rating.reply !== null) throw refused('not_allowed', 'contractRatings.errors.alreadyReplied');
    if (rating.published_at !== null) throw refused('not_allowed', 'contractRatings.errors.alreadyPublished');
    if (copenhagenDate(now) > rating.reply_due_on) throw refusedOn('not_allowed', 'contractRatings.errors.late', 'reply', rating.reply_due_on);

    await trx.updateTable('contract_ratings').set({ reply, replied_at: now, published_at: now }).where('id', '=', rating.id).execute();
    await appendEvents(trx, [
      { tenderId: rating.tender_id, kind: 'contract', source: 'firm', revision: null, changes: [], details: { action: 'rating', id: rating.id, summary: ratingSummary(rating, true) } },
    ]);
    // Firms' own actions have no officer: the entry names the firm in its value.
    await recordAudit(trx, null, {
      action: 'contract.rating.reply',
      entityType: 'contract',
      entityId: rating.tender_id,
      newValue: { ratingId: rating.id, firmId: firm.id, cvr: firm.cvr, reply },
    });
  });
}

/**
 * Publishes a draft rating without a reply, once the supplier's time to reply has passed (refused
 * before, with the due date). With `tenderId`, the rating must be one of that tender's.
 */
export async function publishRating(db: Db, ratingId: number, actor: Actor, options: Pick<RatingOptions, 'now'> & { tenderId?: string } = {}): Promise<void> {
  const now = options.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const rating = await lockRating(trx, ratingId);
    if (!rating || (options.tenderId !== undefined && rating.tender_id !== options.tenderId)) throw refused('not_found', 'contractRatings.errors.ratingNotFound');
    if (rating.published_at !== null) throw refused('not_allowed', 'contractRatings.errors.alreadyPublished');
    if (copenhagenDate(now) <= rating.reply_due_on) throw refusedOn('not_allowed', 'contractRatings.errors.notDue', 'form', rating.reply_due_on);

    await trx.updateTable('contract_ratings').set({ published_at: now }).where('id', '=', rating.id).execute();
    await appendEvents(trx, [
      { tenderId: rating.tender_id, kind: 'contract', source: 'officer', revision: null, changes: [], details: { action: 'rating', id: rating.id, summary: ratingSummary(rating, false) } },
    ]);
    await recordAudit(trx, actor, {
      action: 'contract.rating.publish',
      entityType: 'contract',
      entityId: rating.tender_id,
      newValue: { ratingId: rating.id, replyDueOn: rating.reply_due_on, publishedAt: now.toISOString() },
    });
  });
}

/** Where a rating stands on a day: with the supplier, past the time to reply, replied to (and published), or published without a reply. */
export type RatingStatus = 'awaiting' | 'due' | 'replied' | 'published';

export function ratingStatus(rating: Pick<RatingRecord, 'reply' | 'publishedAt' | 'replyDueOn'>, today: string): RatingStatus {
  if (rating.reply !== null) return 'replied';
  if (rating.publishedAt !== null) return 'published';
  return today > rating.replyDueOn ? 'due' : 'awaiting';
}

export interface SupplierContract {
  record: ContractRecord;
  title: string;
}

/** The contracts a CVR number is the supplier on, with their ratings, drafts included (the supplier's own page); newest signing first. */
export async function contractsOfSupplier(db: Executor, cvr: string): Promise<SupplierContract[]> {
  const rows = await db.selectFrom('contracts').select('tender_id').where('supplier_cvr', '=', cvr).orderBy('signed_on', 'desc').orderBy('tender_id').execute();
  const ids = rows.map((row) => row.tender_id);
  const [records, tenders] = await Promise.all([loadContracts(db, ids, { drafts: true }), findTenders(db, ids)]);
  const titles = new Map(tenders.map((tender) => [tender.row.id, tender.row.title]));
  return ids.flatMap((id) => {
    const record = records.get(id);
    return record ? [{ record, title: titles.get(id) ?? id }] : [];
  });
}

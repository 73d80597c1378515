import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { InvitationRow } from '../db/types.js';
import { PortalError } from '../domain/errors.js';
import type { FirmSize } from '../domain/firm.js';
import { roundBreaches, type RoundBreach } from '../domain/underhand.js';
import { t, type Lang } from '../i18n/index.js';
import { queues, within } from '../subscriptions/queue.js';
import { appendEvents } from '../tenders/events.js';
import { lockTender } from '../tenders/repository.js';
import { statusLabel } from '../wording/labels.js';
import { isOutsideLocal } from './local.js';

// Underhåndsbud rounds in the open: the officer composes the invitation list from the firms that
// showed interest and the register, sees each firm's invitations over the last 12 months so that
// invitations rotate, and sends. Every invitation is a row (firm, date, by whom), a mail to each of
// the firm's contact people with its delivery job, one public event with the count (never names
// before the award) and an audit entry, all in one transaction.

/** The pg-boss queue the firm mails are delivered from (the worker lives with the sign-in mails). */
export const FIRM_MAIL_QUEUE = queues.firmMail;

const enqueuer = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('jobs are inserted through a transaction')) } });

/** Queues delivery of firm mails (job id = the mail's id) with the caller's transaction. */
export async function enqueueFirmMails(trx: Executor, mailIds: readonly string[]): Promise<void> {
  if (mailIds.length === 0) return;
  await enqueuer.insert(
    mailIds.map((id) => ({ id, name: FIRM_MAIL_QUEUE, data: { mailId: id } })),
    { db: within(trx) },
  );
}

/** The controlled list of trades, in its order. */
export async function tradeList(db: Executor) {
  return db.selectFrom('trades').select(['code', 'name_da', 'name_en', 'cpv_prefixes']).orderBy('position').execute();
}

export interface CandidateFilter {
  /** Trade codes; a firm with any of them passes. Empty: every trade. */
  trades: readonly string[];
  postcode: string | null;
  onlyLocal: boolean;
}

export interface Candidate {
  id: string;
  cvr: string;
  name: string;
  postalCode: string;
  city: string;
  size: FirmSize;
  approved: boolean;
  trades: string[];
  interested: boolean;
  /** Invitations to any tender in the 12 months before now. */
  recentInvitations: number;
  /** When the firm was invited to this tender, if it was. */
  invitedAt: Date | null;
}

/**
 * The firms an officer may invite to a tender: those that showed interest in it (shown even when
 * not approved, so the officer sees why they cannot be invited), then the approved firms of the
 * register that want invitations. Interested first, then the fewest invitations in 12 months.
 */
export async function invitationCandidates(db: Executor, tenderId: string, filter: CandidateFilter, local: readonly string[], now = new Date()): Promise<Candidate[]> {
  const yearAgo = new Date(now);
  yearAgo.setFullYear(yearAgo.getFullYear() - 1);
  let query = db
    .selectFrom('firms as f')
    .select(['f.id', 'f.cvr', 'f.name', 'f.postal_code', 'f.city', 'f.size', 'f.status'])
    .select((eb) => [
      eb.exists(eb.selectFrom('tender_interests as ti').select('ti.firm_id').whereRef('ti.firm_id', '=', 'f.id').where('ti.tender_id', '=', tenderId)).as('interested'),
      eb.selectFrom('invitations as i').select(sql<number>`count(*)::int`.as('n')).whereRef('i.firm_id', '=', 'f.id').where('i.invited_at', '>', yearAgo).as('recent'),
      eb.selectFrom('invitations as i').select('i.invited_at').whereRef('i.firm_id', '=', 'f.id').where('i.tender_id', '=', tenderId).limit(1).as('invited_at'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('f.status', '=', 'approved'), eb('f.wants_invitations', '=', true)]),
        eb.exists(eb.selectFrom('tender_interests as ti').select('ti.firm_id').whereRef('ti.firm_id', '=', 'f.id').where('ti.tender_id', '=', tenderId)),
      ]),
    );
  if (filter.trades.length) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('firm_trades as ft').select('ft.firm_id').whereRef('ft.firm_id', '=', 'f.id').where('ft.trade_code', 'in', [...filter.trades])),
    );
  }
  if (filter.postcode) query = query.where('f.postal_code', '=', filter.postcode);
  if (filter.onlyLocal) query = query.where('f.postal_code', 'in', [...local]);
  const rows = await query.execute();
  const trades = await tradesOf(db, rows.map((row) => row.id));
  return rows
    .map((row) => ({
      id: row.id,
      cvr: row.cvr,
      name: row.name,
      postalCode: row.postal_code,
      city: row.city,
      size: row.size,
      approved: row.status === 'approved',
      trades: trades.get(row.id) ?? [],
      interested: Boolean(row.interested),
      recentInvitations: Number(row.recent ?? 0),
      invitedAt: row.invited_at ? new Date(row.invited_at) : null,
    }))
    .sort((a, b) => Number(b.interested) - Number(a.interested) || a.recentInvitations - b.recentInvitations || a.name.localeCompare(b.name, 'da'));
}

async function tradesOf(db: Executor, firmIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (firmIds.length === 0) return out;
  const rows = await db
    .selectFrom('firm_trades as ft')
    .innerJoin('trades as tr', 'tr.code', 'ft.trade_code')
    .select(['ft.firm_id', 'ft.trade_code'])
    .where('ft.firm_id', 'in', [...firmIds])
    .orderBy('tr.position')
    .execute();
  for (const row of rows) out.set(row.firm_id, [...(out.get(row.firm_id) ?? []), row.trade_code]);
  return out;
}

export interface Round {
  reservedOutside: boolean;
  exceptionReason: string | null;
  invitations: InvitationRow[];
}

/** A tender's round: its frame (when one was sent) and its invitations, oldest first. */
export async function roundOf(db: Executor, tenderId: string): Promise<Round> {
  const [frame, invitations] = await Promise.all([
    db.selectFrom('invitation_rounds').selectAll().where('tender_id', '=', tenderId).executeTakeFirst(),
    db.selectFrom('invitations').selectAll().where('tender_id', '=', tenderId).orderBy('invited_at').orderBy('id').execute(),
  ]);
  return { reservedOutside: frame?.reserved_outside ?? false, exceptionReason: frame?.exception_reason ?? null, invitations };
}

/** How many firms are invited to each tender (tenders without invitations left out). */
export async function invitationCounts(db: Executor, tenderIds: readonly string[]): Promise<Map<string, number>> {
  if (tenderIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('invitations')
    .select(['tender_id', sql<number>`count(*)::int`.as('n')])
    .where('tender_id', 'in', [...tenderIds])
    .groupBy('tender_id')
    .execute();
  return new Map(rows.map((row) => [row.tender_id, Number(row.n)]));
}

/** Why a round was not sent, worded in the reader's language; `field` names the input to blame. */
export class InvitationRefused extends PortalError {
  override name = 'InvitationRefused';
  readonly #text: (lang: Lang) => string;
  constructor(
    code: 'invalid' | 'not_found' | 'not_allowed',
    text: (lang: Lang) => string,
    readonly field: 'firms' | 'reason' | 'form',
  ) {
    super(code, text('da'));
    this.#text = text;
  }

  override messageIn(lang: Lang): string {
    return this.#text(lang);
  }
}

export interface InvitationRequest {
  tenderId: string;
  firmIds: readonly string[];
  reservedOutside: boolean;
  /** The written reason for going outside §12's limits; kept, and published after the award. */
  reason: string | null;
  local: readonly string[];
}

const closedStatuses = new Set(['awarded', 'contracted', 'cancelled']);

/** Sends the invitations of a round (see the top of the file); returns how many are invited now. */
export async function sendInvitations(db: Db, request: InvitationRequest, actor: Actor): Promise<{ count: number; breaches: RoundBreach[] }> {
  const wanted = [...new Set(request.firmIds)];
  if (wanted.length === 0) throw new InvitationRefused('invalid', (lang) => t(lang, 'invitations.errors.noFirms'), 'firms');
  return db.transaction().execute(async (trx) => {
    const tender = await lockTender(trx, request.tenderId);
    if (!tender) throw new InvitationRefused('not_found', (lang) => t(lang, 'errors.tenderNotFoundMessage', { id: request.tenderId }), 'form');
    if (closedStatuses.has(tender.status)) {
      throw new InvitationRefused('not_allowed', (lang) => t(lang, 'invitations.errors.closed', { status: statusLabel(tender.status, lang) }), 'form');
    }
    const firms = await trx.selectFrom('firms').select(['id', 'cvr', 'name', 'postal_code', 'status']).where('id', 'in', wanted).execute();
    if (firms.length !== wanted.length) throw new InvitationRefused('invalid', (lang) => t(lang, 'invitations.errors.unknownFirm'), 'firms');
    const unapproved = firms.find((firm) => firm.status !== 'approved');
    if (unapproved) throw new InvitationRefused('invalid', (lang) => t(lang, 'invitations.errors.notApproved', { name: unapproved.name }), 'firms');

    const existing = await trx.selectFrom('invitations').select(['cvr', 'outside_local']).where('tender_id', '=', request.tenderId).execute();
    const already = new Set(existing.map((row) => row.cvr));
    const fresh = firms.filter((firm) => !already.has(firm.cvr));
    const outside = (firm: { postal_code: string }) => isOutsideLocal(firm.postal_code, request.local);
    const all = [...existing.map((row) => row.outside_local), ...fresh.map(outside)];
    const frame = await trx.selectFrom('invitation_rounds').selectAll().where('tender_id', '=', request.tenderId).executeTakeFirst();
    const reason = request.reason ?? frame?.exception_reason ?? null;
    const breaches = roundBreaches({
      estimatedValueDkk: tender.estimated_value_dkk,
      local: all.filter((o) => !o).length,
      outside: all.filter((o) => o).length,
      reservedOutside: request.reservedOutside,
    });
    if (breaches.length && !reason) {
      const count = all.length;
      throw new InvitationRefused('invalid', (lang) => t(lang, `invitations.errors.${breaches[0]!}`, { count }), 'reason');
    }

    await trx
      .insertInto('invitation_rounds')
      .values({ tender_id: request.tenderId, reserved_outside: request.reservedOutside, exception_reason: reason, updated_by: actor.id })
      .onConflict((oc) => oc.column('tender_id').doUpdateSet({ reserved_outside: request.reservedOutside, exception_reason: reason, updated_by: actor.id, updated_at: new Date() }))
      .execute();
    if (fresh.length) {
      await trx
        .insertInto('invitations')
        .values(fresh.map((firm) => ({ tender_id: request.tenderId, firm_id: firm.id, cvr: firm.cvr, firm_name: firm.name, outside_local: outside(firm), invited_by: actor.id })))
        .execute();
      const contacts = await trx.selectFrom('firm_contacts').select('id').where('firm_id', 'in', fresh.map((firm) => firm.id)).execute();
      if (contacts.length) {
        const mails = await trx
          .insertInto('firm_mails')
          .values(contacts.map((contact) => ({ contact_id: contact.id, kind: 'invitation' as const, details: JSON.stringify({ tenderId: request.tenderId }) })))
          .returning('id')
          .execute();
        await enqueueFirmMails(trx, mails.map((mail) => mail.id));
      }
      await appendEvents(trx, [{ tenderId: request.tenderId, kind: 'invitations', source: 'officer', revision: null, changes: [], details: { count: all.length } }]);
    }
    await recordAudit(trx, actor, {
      action: 'tender.invitations',
      entityType: 'tender',
      entityId: request.tenderId,
      oldValue: { invited: existing.length, reservedOutside: frame?.reserved_outside ?? false, exceptionReason: frame?.exception_reason ?? null },
      newValue: {
        invited: all.length,
        firms: fresh.map((firm) => ({ cvr: firm.cvr, name: firm.name, outsideLocal: outside(firm) })),
        reservedOutside: request.reservedOutside,
        exceptionReason: reason,
        breaches,
      },
    });
    return { count: all.length, breaches };
  });
}

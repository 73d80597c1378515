import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { Database, DecisionRow, TenderRow } from '../db/types.js';
import { publicDecisionOf, type Refusal } from '../domain/decision.js';
import { copenhagenDate } from '../domain/period.js';
import { standstillEnd } from '../domain/standstill.js';
import type { TenderStatus } from '../domain/vocabulary.js';
import { t, type Lang } from '../i18n/index.js';
import { listThresholdSets } from '../rules/repository.js';
import { thresholdRuleFor } from '../tenders/detail.js';
import { appendEvents, type OfficerTextChange } from '../tenders/events.js';
import { lockTender, updateOfficerState, type OfficerStateChange } from '../tenders/repository.js';
import { refusalText } from '../wording/refusals.js';
import { insertBids, insertDecision, latestAward, registeredFirms } from './repository.js';
import { dateIssue, decisionTransitions, earlyAwardIssue, refusalOf } from './rules.js';
import { decisionDate, type DecisionInput, type OfficerText } from './schemas.js';
import { PortalError } from '../domain/errors.js';

/** A text that can be given in either language. */
export type LocalizedText = (lang: Lang) => string;

/**
 * Why an officer's change was not saved. The code is stable, with its status (../domain/errors.ts).
 * `field` names the form field to blame. The reason is a key with values (`refusal`), worded where
 * it is shown: `messageIn(lang)`; `message` is Danish.
 */
export class DecisionRefused extends PortalError {
  override name = 'DecisionRefused';
  readonly refusal: Refusal | null;
  readonly #text: LocalizedText;
  constructor(
    override readonly code: 'not_found' | 'stale' | 'not_allowed' | 'invalid',
    reason: Refusal | string | LocalizedText,
    readonly field?: string,
  ) {
    const text: LocalizedText =
      typeof reason === 'string' ? () => reason : typeof reason === 'function' ? reason : (lang) => refusalText(reason, lang);
    super(code, text('da'));
    this.refusal = typeof reason === 'object' ? reason : null;
    this.#text = text;
  }

  override messageIn(lang: Lang): string {
    return this.#text(lang);
  }
}

const stale: Refusal = { key: 'stale' };

export const staleMessage = refusalText(stale);

export interface DecisionOptions {
  /** 'MM-DD' days the standstill calendar treats as closed (config.extraClosedDays). */
  extraClosedDays: readonly string[];
  now?: Date;
}

export interface RecordedDecision {
  decision: DecisionRow;
  status: TenderStatus;
  officerVersion: number;
}

/** Locks the tender and checks that the officer's form was made from its current version. */
async function lockCurrent(trx: Transaction<Database>, tenderId: string, expectedVersion: number): Promise<TenderRow> {
  const row = await lockTender(trx, tenderId);
  if (!row) throw new DecisionRefused('not_found', { key: 'notFound', vars: { id: tenderId } });
  if (row.officer_version !== expectedVersion) throw new DecisionRefused('stale', stale);
  return row;
}

/**
 * Records an officer's decision on a tender, all in one transaction: the decision, the tender's
 * new status (and officer_version), one public event and an audit entry. An award's standstill end
 * is computed here, never typed: it applies when the tender's threshold rule has standstill days.
 */
export async function recordDecision(
  db: Db,
  tenderId: string,
  input: DecisionInput,
  expectedVersion: number,
  actor: Actor,
  options: DecisionOptions,
): Promise<RecordedDecision> {
  return db.transaction().execute((trx) => recordDecisionIn(trx, tenderId, input, expectedVersion, actor, options));
}

/**
 * recordDecision's work inside a transaction the caller holds, for a service that writes more with
 * the decision (the contract's signing writes the contract and its targets in the same one).
 */
export async function recordDecisionIn(
  trx: Transaction<Database>,
  tenderId: string,
  input: DecisionInput,
  expectedVersion: number,
  actor: Actor,
  options: DecisionOptions,
): Promise<RecordedDecision> {
  const now = options.now ?? new Date();
  const row = await lockCurrent(trx, tenderId, expectedVersion);
  const before = row.status;
  const refusal = refusalOf(input.kind, before);
  if (refusal) throw new DecisionRefused('not_allowed', refusal);

  const award = input.kind === 'contract' ? await latestAward(trx, tenderId) : null;
  const problem = dateIssue(input, copenhagenDate(now), award) ?? (input.kind === 'award' ? earlyAwardIssue(input.details, row.tender_deadline, now) : null);
  if (problem) throw new DecisionRefused('invalid', problem.refusal, problem.field);

  let standstillEndsOn: string | null = null;
  if (input.kind === 'award') {
    const rule = thresholdRuleFor(row, await listThresholdSets(trx), now, input.details.awardValueDkk);
    const applies = (rule?.standstillDays ?? 0) > 0;
    standstillEndsOn = standstillEnd(input.details.notifiedOn, input.details.notificationChannel, applies, options.extraClosedDays);
  }

  // An award's bids go in their own rows with the decision; its details carry them with each
  // firm's SME mark, so the award's event brings them to feeds, alerts and the API.
  const typedBids = input.kind === 'award' ? (input.details.bids ?? []) : [];
  if (input.kind === 'award' && typedBids.length && !typedBids.some((bid) => bid.valid && bid.cvr === input.details.winnerCvr)) {
    throw new DecisionRefused('invalid', (lang) => t(lang, 'invitations.bidErrors.winnerNotValid'), 'winnerCvr');
  }
  const firms = await registeredFirms(trx, typedBids.map((bid) => bid.cvr));
  const bids = typedBids.map((bid) => ({ ...bid, sme: firms.get(bid.cvr)?.sme ?? null }));
  const details: object = bids.length ? { ...input.details, bids } : input.details;

  const after = decisionTransitions[input.kind].to;
  const decision = await insertDecision(trx, {
    tenderId,
    kind: input.kind,
    decidedOn: decisionDate(input),
    standstillEndsOn,
    details,
    createdBy: actor.id,
  });
  await insertBids(trx, tenderId, decision.id, bids.map((bid) => ({ ...bid, firmId: firms.get(bid.cvr)?.id ?? null })));
  const officerVersion = await updateOfficerState(trx, tenderId, { status: after });
  await appendEvents(trx, [
    {
      tenderId,
      kind: 'decision',
      source: 'officer',
      revision: null,
      changes: [{ field: 'status', old: before, new: after }],
      details: publicDecisionOf({ kind: input.kind, details, standstill_ends_on: standstillEndsOn }),
    },
  ]);
  await recordAudit(trx, actor, {
    action: `tender.decision.${input.kind}`,
    entityType: 'tender',
    entityId: tenderId,
    oldValue: { status: before, officerVersion: row.officer_version },
    newValue: {
      status: after,
      officerVersion,
      decision: { id: decision.id, kind: input.kind, ...details, standstillEndsOn },
    },
  });
  return { decision, status: after, officerVersion };
}

const textColumns = { summary: 'summary', bidderNotes: 'bidder_notes' } as const;

export interface SavedText {
  /** The fields that changed; empty when the form said what was already saved (nothing written). */
  changed: OfficerTextChange[];
  officerVersion: number;
}

/**
 * Saves the officer-owned texts (plain-language summary, notes to bidders) with the same
 * optimistic check as decisions. Only a real change is written: the texts, a bumped version, an
 * event naming the changed fields, and an audit entry with old and new values.
 */
export async function saveOfficerText(db: Db, tenderId: string, text: OfficerText, expectedVersion: number, actor: Actor): Promise<SavedText> {
  return db.transaction().execute(async (trx) => {
    const row = await lockCurrent(trx, tenderId, expectedVersion);
    const changed: OfficerTextChange[] = [];
    for (const field of ['summary', 'bidderNotes'] as const) {
      const old = row[textColumns[field]];
      if (old !== text[field]) changed.push({ field, old, new: text[field] });
    }
    if (changed.length === 0) return { changed, officerVersion: row.officer_version };

    const update: OfficerStateChange = {};
    for (const change of changed) update[change.field] = change.new;
    const officerVersion = await updateOfficerState(trx, tenderId, update);
    await appendEvents(trx, [{ tenderId, kind: 'officer_text', source: 'officer', revision: null, changes: changed }]);
    await recordAudit(trx, actor, {
      action: 'tender.text',
      entityType: 'tender',
      entityId: tenderId,
      oldValue: { ...Object.fromEntries(changed.map((c) => [c.field, c.old])), officerVersion: row.officer_version },
      newValue: { ...Object.fromEntries(changed.map((c) => [c.field, c.new])), officerVersion },
    });
    return { changed, officerVersion };
  });
}

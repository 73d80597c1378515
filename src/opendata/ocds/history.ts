import { readPublicDecision, type PublicDecision } from '../../domain/decision.js';
import { trackedFields, type TrackedField, type TrackedState } from '../../domain/tender.js';
import type { EventChange, TenderEvent } from '../../tenders/events.js';
import { answerDetailsOf, dialogueDetailsOf } from '../../wording/changes.js';
import { contractDetailsOf } from '../../wording/contract-events.js';
import type { DialogueOnRecord } from './milestones.js';

// The tenders table holds only the current state, but each OCDS release must say what was true
// when its event happened. Every event lists each changed field with its old value, so walking the
// events backwards from the current state gives the state after each of them exactly.

export interface DecisionOnRecord {
  eventId: number;
  decision: PublicDecision;
}

export interface ProcessStep {
  event: TenderEvent;
  /** The state before the event; null for the event that created the tender. */
  before: TrackedState | null;
  after: TrackedState;
  /** This event's decision, when it is one. */
  decision: PublicDecision | null;
  /** Every decision up to and including this event, oldest first. */
  decisions: DecisionOnRecord[];
  /** Every requirement code the tender has carried up to this event, in order of first appearance. */
  requirementsSoFar: string[];
  /** How many firms were invited to give underhåndsbud as of this event (the latest 'invitations' count). */
  invitedSoFar: number;
  /** Each answer an 'answer' event has published up to this event, with its latest version then. */
  answersSoFar: ReadonlyMap<number, number>;
  /** Each market-dialogue activity a 'dialogue' event has told of up to this event, as its latest event told it. */
  dialogueSoFar: ReadonlyMap<number, DialogueOnRecord>;
  /** What the 'contract' events up to this event have published of the signed contract. */
  contractSoFar: ContractSoFar;
}

/**
 * The public facts of the contract the 'contract' events have told up to a step (ids of the rows
 * in the contract's read model), so a release shows the follow-up as it stood then.
 */
export interface ContractSoFar {
  /** This event's contract action, when it is a 'contract' event. */
  action: string | null;
  signed: boolean;
  progressIds: ReadonlySet<number>;
  checkIds: ReadonlySet<number>;
  /** Checks whose supplier response an officer has recorded. */
  responseIds: ReadonlySet<number>;
  ratingIds: ReadonlySet<number>;
  /** Each change with the event that published it and the event before that (its release amends that one). */
  changes: ReadonlyMap<number, { eventId: number; previousEventId: number | null }>;
  completed: boolean;
}

/** The number an 'invitations' event says are invited now; null for any other event. */
function invitedCount(event: TenderEvent): number | null {
  if (event.kind !== 'invitations') return null;
  const count = (event.details as { count?: unknown } | null)?.count;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
}

const tracked = new Set<string>(trackedFields);

/** The state before an event: each tracked field it changed gets its old value back. */
function revert(state: TrackedState, changes: readonly EventChange[]): TrackedState {
  const before: Record<string, unknown> = { ...state };
  for (const change of changes) {
    if (tracked.has(change.field)) before[change.field as TrackedField] = change.old;
  }
  return before as TrackedState;
}

const decisionOf = (event: TenderEvent) => (event.kind === 'decision' ? readPublicDecision(event.details) : null);

/** One step per event (oldest first): the state before and after it, and the decisions so far. */
export function processHistory(current: TrackedState, events: readonly TenderEvent[]): ProcessStep[] {
  const afters: TrackedState[] = new Array<TrackedState>(events.length);
  let running = current;
  for (let i = events.length - 1; i >= 0; i--) {
    afters[i] = running;
    running = revert(running, events[i]!.changes);
  }

  const steps: ProcessStep[] = [];
  const decisions: DecisionOnRecord[] = [];
  const codes = new Set<string>();
  let invited = 0;
  const answers = new Map<number, number>();
  const dialogue = new Map<number, DialogueOnRecord>();
  const contract = {
    signed: false,
    progressIds: new Set<number>(),
    checkIds: new Set<number>(),
    responseIds: new Set<number>(),
    ratingIds: new Set<number>(),
    changes: new Map<number, { eventId: number; previousEventId: number | null }>(),
    completed: false,
  };
  events.forEach((event, i) => {
    const told = contractDetailsOf(event);
    if (told) {
      const id = told.id;
      if (told.action === 'signed') contract.signed = true;
      else if (told.action === 'completed') contract.completed = true;
      else if (told.action === 'progress' && id !== null) contract.progressIds.add(id);
      else if (told.action === 'check' && id !== null) contract.checkIds.add(id);
      else if (told.action === 'check_response') {
        const checkId = typeof told.summary.checkId === 'number' ? told.summary.checkId : id;
        if (checkId !== null) contract.responseIds.add(checkId);
      } else if ((told.action === 'rating' || told.action === 'rating_reply') && id !== null) contract.ratingIds.add(id);
      else if (told.action === 'change' && id !== null) contract.changes.set(id, { eventId: Number(event.id), previousEventId: i > 0 ? Number(events[i - 1]!.id) : null });
    }
    invited = invitedCount(event) ?? invited;
    const answer = answerDetailsOf(event);
    if (answer) answers.set(answer.answerId, Math.max(answer.version, answers.get(answer.answerId) ?? 0));
    const activity = dialogueDetailsOf(event);
    if (activity?.activityId != null) dialogue.set(activity.activityId, { details: activity, occurredAt: event.occurredAt });
    const after = afters[i]!;
    const decision = decisionOf(event);
    if (decision) decisions.push({ eventId: event.id, decision });
    for (const code of after.requirements) codes.add(code);
    steps.push({
      event,
      before: event.kind === 'created' ? null : revert(after, event.changes),
      after,
      decision,
      decisions: [...decisions],
      requirementsSoFar: [...codes],
      invitedSoFar: invited,
      answersSoFar: new Map(answers),
      dialogueSoFar: new Map(dialogue),
      contractSoFar: {
        action: told?.action ?? null,
        signed: contract.signed,
        progressIds: new Set(contract.progressIds),
        checkIds: new Set(contract.checkIds),
        responseIds: new Set(contract.responseIds),
        ratingIds: new Set(contract.ratingIds),
        changes: new Map(contract.changes),
        completed: contract.completed,
      },
    });
  });
  return steps;
}

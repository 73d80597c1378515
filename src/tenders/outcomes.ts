import type { Executor } from '../db/database.js';
import { publicDecisionOf } from '../domain/decision.js';

// What a list shows for a decided tender instead of a deadline: who won and for how much.

export interface Outcome {
  winnerName: string;
  winnerCvr: string;
  /** The signed contract's value when there is one, else the award's. */
  valueDkk: number;
}

/** The outcome of each listed tender that has an award or direct award (later decisions win). */
export async function outcomesOf(db: Executor, tenderIds: readonly string[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  if (tenderIds.length === 0) return outcomes;
  const rows = await db
    .selectFrom('decisions')
    .select(['tender_id', 'kind', 'details', 'standstill_ends_on'])
    .where('tender_id', 'in', [...tenderIds])
    .where('kind', 'in', ['award', 'direct_award', 'contract'])
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const decision = publicDecisionOf(row);
    if (!decision) continue;
    if (decision.kind === 'award') {
      outcomes.set(row.tender_id, { winnerName: decision.winnerName, winnerCvr: decision.winnerCvr, valueDkk: decision.awardValueDkk });
    } else if (decision.kind === 'direct_award') {
      outcomes.set(row.tender_id, { winnerName: decision.winnerName, winnerCvr: decision.winnerCvr, valueDkk: decision.valueDkk });
    } else if (decision.kind === 'contract') {
      const awarded = outcomes.get(row.tender_id);
      if (awarded) outcomes.set(row.tender_id, { ...awarded, valueDkk: decision.finalValueDkk });
    }
  }
  return outcomes;
}

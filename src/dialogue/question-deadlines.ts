import type { Executor } from '../db/database.js';
import type { TenderRow } from '../db/types.js';
import { answerDays, defaultQuestionDeadline, questionsOpen } from '../domain/dialogue.js';
import { listThresholdSets } from '../rules/repository.js';
import { thresholdRuleFor } from '../tenders/detail.js';

// The question deadline of a tender: the one an officer set (setQuestionDeadline in questions.ts),
// else the default rule, calendar days before the bid deadline (EU procedures: 6, else the
// national figure); and whether the tender takes questions now.

/** The rule's figure outside the EU procedures (config.questionDaysNational). */
export interface QuestionRules {
  nationalDays: number;
}

export interface QuestionDeadline {
  /** When questions close; null when the tender has no bid deadline and no deadline was set. */
  deadline: Date | null;
  /** 'set' by an officer, the 'default' rule, or 'none' (no bid deadline). */
  source: 'set' | 'default' | 'none';
  /** Days before the bid deadline that answers are due: 6 for EU procedures, else the national figure. */
  answerDays: number;
  isEu: boolean;
}

/** The tender's question deadline: the officer's, else `answerDays` calendar days before the bid deadline. */
export async function questionDeadlineOf(db: Executor, row: TenderRow, rules: QuestionRules, now = new Date()): Promise<QuestionDeadline> {
  const [set, sets] = await Promise.all([
    db.selectFrom('question_deadlines').select('deadline').where('tender_id', '=', row.id).executeTakeFirst(),
    listThresholdSets(db),
  ]);
  const isEu = thresholdRuleFor(row, sets, now)?.procedure === 'eu_tender';
  const days = answerDays(isEu, rules.nationalDays);
  if (set) return { deadline: set.deadline, source: 'set', answerDays: days, isEu };
  if (!row.tender_deadline) return { deadline: null, source: 'none', answerDays: days, isEu };
  return { deadline: defaultQuestionDeadline(row.tender_deadline, days), source: 'default', answerDays: days, isEu };
}

/** Whether a tender takes questions at `now`, with its deadline (for the form). */
export async function questionWindow(db: Executor, row: TenderRow, rules: QuestionRules, now = new Date()) {
  const deadline = await questionDeadlineOf(db, row, rules, now);
  return { ...deadline, open: row.status === 'published' && questionsOpen(deadline.deadline, now) };
}

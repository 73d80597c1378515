import type { Executor } from '../db/database.js';
import type { TenderEvent } from '../tenders/events.js';
import { answerDetailsOf } from '../wording/changes.js';

// The published words of the answers that 'answer' events name, so an alert or a feed item can
// carry the questions and the answer itself, not only "Svar på spørgsmål 3 er offentliggjort".
// Only what the public sees: the question as the officer published it, never who asked.
// (dialogue/published.ts is the read model the pages use; subscriptions/ sits beside dialogue/ and
// may not import it, which imports subscriptions/ for its mail queue.)

export interface AnswerText {
  /** The published questions the answer covers, by number. */
  questions: Array<{ number: number; text: string }>;
  /** The text of each version of the answer. */
  versions: ReadonlyMap<number, string>;
}

export type AnswerTexts = ReadonlyMap<number, AnswerText>;

/** The questions and answer versions of every 'answer' event among the events. */
export async function answerTextsFor(db: Executor, events: ReadonlyArray<Pick<TenderEvent, 'kind' | 'details'>>): Promise<AnswerTexts> {
  const ids = [...new Set(events.flatMap((event) => answerDetailsOf(event)?.answerId ?? []))];
  const texts = new Map<number, { questions: Array<{ number: number; text: string }>; versions: Map<number, string> }>();
  if (ids.length === 0) return texts;
  const [questions, versions] = await Promise.all([
    db
      .selectFrom('questions')
      .select(['answer_id', 'number', 'published_text'])
      .where('answer_id', 'in', ids)
      .where('status', '=', 'published')
      .orderBy('number')
      .execute(),
    db.selectFrom('answer_versions').select(['answer_id', 'version', 'text']).where('answer_id', 'in', ids).execute(),
  ]);
  const entry = (id: number) => {
    let found = texts.get(id);
    if (!found) texts.set(id, (found = { questions: [], versions: new Map() }));
    return found;
  };
  for (const q of questions) entry(q.answer_id!).questions.push({ number: q.number!, text: q.published_text! });
  for (const v of versions) entry(v.answer_id).versions.set(v.version, v.text);
  return texts;
}

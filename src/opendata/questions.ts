import type { Executor } from '../db/database.js';
import { publishedQuestions, questionStats } from '../dialogue/published.js';
import { apiQuestion, apiQuestionStats } from './present.js';
import type { ApiQuestionList, ApiQuestionStats } from './schemas.js';

// Questions and answers as open data: a tender's list (GET /api/v1/tenders/{id}/questions) and the
// figures per tender and overall. Built on the public read model (dialogue/published.ts), which
// never holds who asked.

/** A tender's published questions with answers (every version) and its figures, as the API sends them. */
export async function tenderQuestions(db: Executor, base: string, tenderId: string): Promise<ApiQuestionList> {
  const [questions, stats] = await Promise.all([publishedQuestions(db, tenderId), questionStats(db, tenderId)]);
  const id = encodeURIComponent(tenderId);
  return {
    tenderId,
    stats: apiQuestionStats(stats),
    items: questions.map(apiQuestion),
    links: { tender: `${base}/api/v1/tenders/${id}`, html: `${base}/udbud/${id}` },
  };
}

/** Questions and the median time to answer over every tender. */
export async function overallQuestionStats(db: Executor): Promise<ApiQuestionStats> {
  return apiQuestionStats(await questionStats(db, null));
}

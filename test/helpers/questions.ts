import type { Db } from '../../src/db/database.js';
import { askQuestion, confirmGuestQuestion } from '../../src/dialogue/questions.js';
import { SMALL_TENDER } from './decisions.js';
import { firmInDatabase } from './firms.js';

// Questions on the decision fixtures' small tender, for the question pages' tests.

export const rules = { nationalDays: 4 };
export const DAY = 86_400_000;

/** The small tender's bid deadline moved `days` from now, so that questions are open (or not). */
export const bidDeadlineIn = (db: Db, days: number) =>
  db.updateTable('tenders').set({ tender_deadline: new Date(Date.now() + days * DAY) }).where('id', '=', SMALL_TENDER).execute();

/** Two questions from a firm and one from a confirmed guest, asked `daysAgo` days ago. */
export async function threeQuestions(db: Db, daysAgo = 0) {
  const at = new Date(Date.now() - daysAgo * DAY);
  const firm = await firmInDatabase(db, { name: 'Tag & Søn ApS', contactName: 'Tina Tag', email: 'tina@tagogsoen.test' });
  const asker = { kind: 'firm' as const, firmId: firm.firmId, contactId: firm.contactId, lang: 'da' as const };
  const ids: number[] = [];
  for (const text of ['Vi hos Tag & Søn spørger: må tagpappen genbruges?', 'Skal tagrenderne skiftes?']) {
    const asked = await askQuestion(db, asker, SMALL_TENDER, text, rules, at);
    if (asked.ok) ids.push(asked.questionId);
  }
  const guest = await askQuestion(db, { kind: 'guest', email: 'gaest@murer.test', firmName: 'Murer Madsen', lang: 'da' }, SMALL_TENDER, 'Køb vores tagsten!', rules, at);
  const guestId = (await db.selectFrom('questions').select('guest_id').where('id', '=', guest.ok ? guest.questionId : 0).executeTakeFirstOrThrow()).guest_id!;
  await confirmGuestQuestion(db, guestId, SMALL_TENDER, rules, at);
  if (guest.ok) ids.push(guest.questionId);
  return ids as [number, number, number];
}


import { activitiesOfTenders, activityView, type ActivityView } from '../../../dialogue/activity-views.js';
import { waiverOf } from '../../../dialogue/outcomes.js';
import type { Db } from '../../../db/database.js';
import type { Lang } from '../../../i18n/index.js';
import { presentActivitySummary, presentOutcome } from './present.js';

// The market dialogue on a tender's public page (views/partials/dialogue-history.hbs): each
// activity for the project with its outcome once published, or for an EU tender without any
// dialogue the officer's public reason. Null when there is neither: the section is left out.

export async function dialogueHistory(db: Db, tenderId: string, lang: Lang) {
  const [activities, waiver] = await Promise.all([activitiesOfTenders(db, [tenderId]), waiverOf(db, tenderId)]);
  const summaries = activities.get(tenderId) ?? [];
  if (summaries.length === 0 && !waiver) return null;
  // A project has a handful of activities: each one's view carries its seats and its outcome.
  const list = (await Promise.all(summaries.map((a) => activityView(db, a.id)))).filter((v): v is ActivityView => v !== null);
  return {
    activities: list.map((a) => ({ ...presentActivitySummary(a, lang), outcome: presentOutcome(a.outcome, lang) })),
    waiver: list.length === 0 ? (waiver?.reason ?? null) : null,
  };
}

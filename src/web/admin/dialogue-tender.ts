import { activitiesOfTenders } from '../../dialogue/activity-views.js';
import { waiverOf } from '../../dialogue/outcomes.js';
import type { Executor } from '../../db/database.js';
import type { TenderRow } from '../../db/types.js';
import { comingStatuses } from '../../domain/period.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatDateTime } from '../../wording/format.js';
import type { FieldErrors } from './forms.js';
import { kindLabel, whenText } from './dialogue-present.js';

// The market-dialogue section of the back-office tender page: the tender's activities, a link to
// create one while it is in the pipeline, and for a tender above the EU threshold without any
// activity the form for the public reason why there is none (the waiver; routed in tenders.ts as
// /admin/udbud/{id}/ingen-dialog, so a refusal shows the whole tender page again).

export const WAIVER_PATH = 'ingen-dialog';

export async function dialogueSectionOf(db: Executor, row: TenderRow, isEu: boolean, posted: { typed: Record<string, string>; errors: FieldErrors } | null, lang: Lang) {
  const [activities, waiver] = await Promise.all([activitiesOfTenders(db, [row.id]), waiverOf(db, row.id)]);
  const own = activities.get(row.id) ?? [];
  const live = own.filter((a) => a.status === 'announced');
  return {
    activities: own.map((a) => ({
      href: `/admin/dialog/${a.id}`,
      line: t(lang, 'dialogueAdmin.tender.activity', { kind: kindLabel(a.kind, lang), title: a.title, when: whenText(a, lang) }),
      cancelled: a.status === 'cancelled',
    })),
    createHref: (comingStatuses as readonly string[]).includes(row.status) ? `/admin/dialog/ny?udbud=${encodeURIComponent(row.id)}` : null,
    waiver:
      isEu && live.length === 0
        ? {
            action: `/admin/udbud/${encodeURIComponent(row.id)}/${WAIVER_PATH}`,
            current: waiver ? { reason: waiver.reason, saved: t(lang, 'dialogueAdmin.tender.waiverCurrent', { date: formatDateTime(waiver.setAt, lang) }) } : null,
            reason: posted ? (posted.typed.reason ?? '') : (waiver?.reason ?? ''),
            error: posted?.errors.reason ?? null,
          }
        : null,
  };
}

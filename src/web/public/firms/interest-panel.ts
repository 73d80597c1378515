import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TenderRow } from '../../../db/types.js';
import { interestCount, interestOf, MAX_NOTE_LENGTH, takesInterest } from '../../../firms/interest.js';
import { t, type Lang } from '../../../i18n/index.js';
import { copenhagenDate } from '../../../domain/period.js';
import { formatDate } from '../../../wording/format.js';
import { prepareForm } from '../../../auth/plugin.js';

/** A note form shown again after a refusal: what was typed, and why it was refused. */
export interface TypedNote {
  note: string;
  error: string;
}

export const countText = (count: number, lang: Lang) =>
  count === 0 ? t(lang, 'interest.panel.countNone') : count === 1 ? t(lang, 'interest.panel.countOne') : t(lang, 'interest.panel.countMany', { count });

/**
 * The tender page's interest panel: the number of interested firms for everybody (never which),
 * and for coming work a sign-in line for visitors or the firm's own buttons. Only a signed-in firm
 * gets a form (and a CSRF token): the page stays the same for every anonymous reader, so cacheable.
 */
export async function interestPanel(request: FastifyRequest, reply: FastifyReply, row: TenderRow, typed: TypedNote | null = null) {
  const lang = request.lang;
  const db = request.server.db;
  const count = await interestCount(db, row.id);
  const open = takesInterest(row.status);
  if (!open && count === 0) return null;
  const panel = { countText: countText(count, lang), open, firm: null as null | object, anonymous: false };
  if (!open) return panel;
  const firm = request.firm;
  if (!firm) return { ...panel, anonymous: true };
  prepareForm(request, reply);
  const own = await interestOf(db, firm.firmId, row.id);
  const base = `/udbud/${encodeURIComponent(row.id)}/interesse`;
  return {
    ...panel,
    firm: {
      rejected: firm.status === 'rejected',
      shown: own ? t(lang, 'interest.panel.shown', { date: formatDate(copenhagenDate(own.createdAt), lang) }) : null,
      action: base,
      withdrawAction: `${base}/traek-tilbage`,
      note: typed ? typed.note : (own?.note ?? ''),
      noteError: typed?.error ?? null,
      noteHint: t(lang, 'interest.panel.noteHint', { max: MAX_NOTE_LENGTH }),
      errorList: typed ? [{ field: 'note', message: typed.error }] : [],
    },
  };
}

import type { PublicDecision } from '../../domain/decision.js';
import { copenhagenDate } from '../../domain/period.js';
import type { Round } from '../../firms/invitations.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatDate, formatDkk } from '../../wording/format.js';

// The "Underhåndsbud" section of a public tender page. Before the award only the number of invited
// firms: naming them (or those interested) before the bids are in helps bid rigging (konkurrence-
// loven §6). After the award the round is public record: who was invited and when, every bid with
// its sum (tilbudsloven §7a), the winner, how many firms showed interest, and the reason when the
// round went outside tilbudsloven §12's limits.

type Award = Extract<PublicDecision, { kind: 'award' }>;

export function underhandSection(round: Round, interested: number, award: Award | null, lang: Lang) {
  const invited = round.invitations.length;
  const bids = award?.bids ?? [];
  if (invited === 0 && bids.length === 0) return null;
  const count = invited === 1 ? t(lang, 'invitations.public.invitedOne') : t(lang, 'invitations.public.invitedCount', { count: invited });
  if (!award) return { count: invited ? count : null, afterAward: false };
  return {
    count: invited ? count : null,
    afterAward: true,
    interest: interested === 1 ? t(lang, 'invitations.public.interestOne') : t(lang, 'invitations.public.interestCount', { count: interested }),
    invited: round.invitations.map((inv) => ({ name: inv.firm_name, cvr: inv.cvr, date: formatDate(copenhagenDate(new Date(inv.invited_at)), lang) })),
    bids: bids.map((bid) => ({
      name: bid.firmName,
      cvr: bid.cvr,
      amount: formatDkk(bid.amountDkk, lang),
      validity: bid.valid ? t(lang, 'invitations.public.valid') : t(lang, 'invitations.public.invalid', { reason: bid.invalidReason ?? '' }),
      winner: bid.valid && bid.cvr === award.winnerCvr,
    })),
    noBidsRecorded: bids.length === 0,
    exceptionReason: round.exceptionReason,
  };
}

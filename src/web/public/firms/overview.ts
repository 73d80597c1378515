import type { FastifyInstance } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { interestsOfFirm, invitationsOfFirm, takesInterest, type FirmInterest } from '../../../firms/interest.js';
import { t, type Lang } from '../../../i18n/index.js';
import type { TenderEvent } from '../../../tenders/events.js';
import { describeChange, eventHeadline } from '../../../wording/changes.js';
import { formatDateTime } from '../../../wording/format.js';
import { expectedPublicationLabel } from '../../../wording/period.js';
import { presentTenderSummary } from '../../present.js';
import { FIRM_SIGN_IN } from './interest.js';

// "Mit overblik" (/virksomhed/overblik): a signed-in firm's interests, each tender's state and
// latest change, and the invitations to underhåndsbud it received.

/** The newest event that says something in words: its headline, or its changes. */
function latestChange(events: readonly TenderEvent[], lang: Lang) {
  for (const event of [...events].reverse()) {
    const text = eventHeadline(event, lang) ?? event.changes.map((change) => describeChange(change, lang)).join('; ');
    if (text) return { text, when: formatDateTime(event.occurredAt, lang) };
  }
  return null;
}

function presentInterest({ tender, note, events }: FirmInterest, lang: Lang) {
  const expected = expectedPublicationLabel(tender.expected_publication, lang);
  return {
    ...presentTenderSummary(tender, lang),
    timing: tender.tender_deadline
      ? t(lang, 'interest.overview.deadline', { date: formatDateTime(tender.tender_deadline, lang) })
      : expected
        ? t(lang, 'interest.overview.expected', { period: expected })
        : t(lang, 'interest.overview.notScheduled'),
    latestChange: latestChange(events, lang),
    note,
    withdrawAction: takesInterest(tender.status) ? `/udbud/${encodeURIComponent(tender.id)}/interesse/traek-tilbage` : null,
  };
}

export async function overviewRoutes(app: FastifyInstance) {
  app.get('/virksomhed/overblik', async (request, reply) => {
    const firm = request.firm;
    if (!firm) return reply.redirect(FIRM_SIGN_IN, 303);
    const lang = request.lang;
    const [interests, invitations] = await Promise.all([interestsOfFirm(app.db, firm.firmId), invitationsOfFirm(app.db, firm.firmId)]);
    prepareForm(request, reply);
    return reply.view('pages/firm-overview', {
      pageTitle: t(lang, 'interest.overview.pageTitle'),
      lead: t(lang, 'interest.overview.lead', { firm: firm.firmName }),
      interests: interests.map((interest) => presentInterest(interest, lang)),
      invitations: invitations.map((invitation) => ({
        title: invitation.tender?.title ?? t(lang, 'interest.overview.unknownTender', { id: invitation.tenderId }),
        href: invitation.tender ? `/udbud/${encodeURIComponent(invitation.tenderId)}` : null,
        statusLabel: invitation.tender ? presentTenderSummary(invitation.tender, lang).statusLabel : null,
        invitedAt: formatDateTime(invitation.invitedAt, lang),
      })),
    });
  });
}

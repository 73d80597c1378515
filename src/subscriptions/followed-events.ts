import { t, type Lang } from '../i18n/index.js';
import type { TenderEvent } from '../tenders/events.js';
import { readPublicDecision } from '../domain/decision.js';
import { arrivalText, bidsLine, describeChange, eventHeadline } from '../wording/changes.js';

/**
 * What a follower of a search is told about an event, or null when the event is not news to them
 * (a reworded description, an officer's text). One line to head it, and what changed. A change in
 * the number of interested firms is news ("Antal interesserede virksomheder: 3"), never their names.
 */
export function followedEvent(event: TenderEvent, lang: Lang = 'da'): { headline: string; details: string[] } | null {
  const details = event.changes.map((change) => describeChange(change, lang));
  if (event.kind === 'created') return { headline: t(lang, 'tender.followed.created'), details: [arrivalText(event, lang)] };
  if (event.kind === 'decision' || event.kind === 'interest' || event.kind === 'invitations') {
    const headline = eventHeadline(event, lang);
    // After an award the bids are public record (tilbudsloven §7a): followers get them too.
    const decision = event.kind === 'decision' ? readPublicDecision(event.details) : null;
    const bids = decision ? bidsLine(decision, lang) : null;
    return headline ? { headline, details: bids ? [...details, bids] : details } : null;
  }
  if (event.kind !== 'updated') return null;
  const status = event.changes.find((c) => c.field === 'status');
  if (status?.new === 'published') return { headline: t(lang, 'tender.followed.published'), details };
  if (status?.new === 'cancelled') return { headline: t(lang, 'tender.followed.cancelled'), details };
  if (event.changes.some((c) => c.field === 'tenderDeadline')) return { headline: t(lang, 'tender.followed.deadlineChanged'), details };
  if (event.changes.some((c) => c.field === 'estimatedValueDkk')) return { headline: t(lang, 'tender.followed.valueChanged'), details };
  return null;
}

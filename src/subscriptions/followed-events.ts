import type { TenderEvent } from '../tenders/repository.js';
import { describeChange, eventHeadline } from '../web/present.js';

/**
 * What a follower of a search is told about an event, or null when the event is not news to them
 * (a reworded description, an officer's text). One line to head it, and what changed.
 */
export function followedEvent(event: TenderEvent): { headline: string; details: string[] } | null {
  const details = event.changes.map(describeChange);
  if (event.kind === 'created') return { headline: 'Ny opgave i planen', details: [] };
  if (event.kind === 'decision') {
    const headline = eventHeadline(event);
    return headline ? { headline, details } : null;
  }
  if (event.kind !== 'updated') return null;
  const status = event.changes.find((c) => c.field === 'status');
  if (status?.new === 'published') return { headline: 'Åben for tilbud', details };
  if (status?.new === 'cancelled') return { headline: 'Aflyst', details };
  if (event.changes.some((c) => c.field === 'tenderDeadline')) return { headline: 'Tilbudsfristen er ændret', details };
  if (event.changes.some((c) => c.field === 'estimatedValueDkk')) return { headline: 'Den anslåede værdi er ændret', details };
  return null;
}

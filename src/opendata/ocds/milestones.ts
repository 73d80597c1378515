import type { DialogueDetails } from '../../tenders/events.js';
import { ocdsDateTime } from './dates.js';
import type { Milestone } from './types.js';

// Market dialogue before the tender as OCDS core `planning.milestones` of type `engagement` ("points
// in time when specific kinds of engagement with stakeholders are scheduled or due to take place,
// such as public or bidder meetings"). One milestone per activity, from its latest 'dialogue'
// event up to the release: announced or changed → scheduled, cancelled → notMet, outcome
// published → met. A waiver (why an EU tender has no dialogue) is no milestone; the events API
// and the tender page carry its reason.

const kindNames: Record<string, string> = {
  information_meeting: 'Informationsmøde',
  supplier_day: 'Leverandørdag',
  one_to_one: 'Én-til-én-samtaler',
  written_consultation: 'Skriftlig høring af udkast',
};

export interface DialogueOnRecord {
  details: DialogueDetails;
  /** When the latest event about the activity happened. */
  occurredAt: Date;
}

const statusOf: Record<Exclude<DialogueDetails['action'], 'waiver'>, Milestone['status']> = {
  announced: 'scheduled',
  changed: 'scheduled',
  cancelled: 'notMet',
  outcome: 'met',
};

/** The engagement milestones as of a step (undefined when the tender has had no market dialogue). */
export function milestonesOf(activities: ReadonlyMap<number, DialogueOnRecord>): Milestone[] | undefined {
  const milestones: Milestone[] = [];
  for (const [activityId, { details, occurredAt }] of [...activities].sort(([a], [b]) => a - b)) {
    if (details.action === 'waiver') continue;
    const kind = details.kind ? (kindNames[details.kind] ?? null) : null;
    const status = statusOf[details.action];
    milestones.push({
      id: `dialogue-${activityId}`,
      title: details.title ?? kind ?? 'Markedsdialog',
      type: 'engagement',
      description: kind ? `Markedsdialog: ${kind}` : 'Markedsdialog',
      dueDate: details.startsAt ? ocdsDateTime(details.startsAt) : null,
      dateModified: ocdsDateTime(occurredAt),
      dateMet: status === 'met' && details.startsAt ? ocdsDateTime(details.startsAt) : null,
      status,
    });
  }
  return milestones.length ? milestones : undefined;
}

import { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Lang } from '../i18n/index.js';
import { COPENHAGEN, vtimezone, zonedInstant } from '../subscriptions/vtimezone.js';

// The .ics sent with the mails about a meeting or a one-to-one talk (RFC 5545 and RFC 5546):
// METHOD:REQUEST for an invitation and for an update (a changed time or place: same UID, higher
// SEQUENCE, so the calendar moves the entry it has), METHOD:CANCEL when the attendee signs off or
// the municipality cancels. One UID per sign-up, `dialogue-{activityId}-{signupId}@{host}`, since
// each attendee has an entry of their own (and a one-to-one sign-up its own slot).
//
// Times are Copenhagen wall-clock times with TZID=Europe/Copenhagen and the zone's VTIMEZONE, as in
// the calendar feed (web/public/calendar.ts, whose notes on ical-generator apply here too: the
// instants go in as a Day.js-shaped `zonedInstant`, the calendar itself has no zone name, so
// DTSTAMP stays UTC). Titles, places and names are the officers' and firms' text: ical-generator
// escapes TEXT values (\ ; , and line breaks); what it cannot make safe (other control characters,
// a double quote inside a quoted parameter like CN) is taken out first.

export interface DialogueIcsEvent {
  activityId: number;
  signupId: number;
  /** The activity's sequence: bumped on every change of time or place. */
  sequence: number;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  onlineUrl: string | null;
  /** The activity's page. */
  url: string;
}

export interface DialogueIcsContext {
  publicUrl: string;
  municipality: string;
  /** The organizer's address: the portal's sender address. */
  organizerEmail: string;
}

export interface DialogueIcsAttendee {
  email: string;
  name: string;
}

/** The UID of a sign-up's calendar entry: the same in the invitation, every update and the cancellation. */
export const dialogueUid = (publicUrl: string, activityId: number, signupId: number) => `dialogue-${activityId}-${signupId}@${new URL(publicUrl).host}`;

/** The address in a From header ("Køge Kommune <udbud@koege.dk>" → udbud@koege.dk). */
export const addressOf = (from: string) => (/<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from).trim();

/** Text for a TEXT value: line breaks as \n, no other control characters (RFC 5545 3.3.11). */
export const icsText = (value: string) => value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** Text for a quoted parameter value (CN): no double quotes, backslashes or control characters (RFC 5545 3.1). */
const paramText = (value: string) => value.replace(/["\\\u0000-\u001f\u007f]/g, '').trim();

/** An address as typed in a form, with nothing that could end the mailto: value. */
const addressText = (value: string) => value.replace(/[\s"\\;:,<>\u0000-\u001f\u007f]/g, '');

/** The iCalendar object for one attendee's entry: an invitation or update (REQUEST) or a cancellation (CANCEL). */
export function dialogueIcs(
  method: 'REQUEST' | 'CANCEL',
  event: DialogueIcsEvent,
  attendee: DialogueIcsAttendee,
  context: DialogueIcsContext,
  lang: Lang,
  now: Date = new Date(),
): string {
  const calendar = new ICalCalendar({
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    prodId: { company: paramText(context.municipality).replace(/\/\//g, '/') || 'Udbudsportal', product: 'Udbudsportal', language: lang.toUpperCase() },
    timezone: { name: null, generator: vtimezone },
  });
  const online = event.onlineUrl ? `\n\n${icsText(event.onlineUrl)}` : '';
  calendar.createEvent({
    id: dialogueUid(context.publicUrl, event.activityId, event.signupId),
    sequence: event.sequence,
    stamp: now,
    start: zonedInstant(event.startsAt),
    ...(event.endsAt ? { end: zonedInstant(event.endsAt) } : {}),
    timezone: COPENHAGEN,
    summary: icsText(event.title),
    description: `${icsText(event.description)}${online}\n\n${event.url}`.trim(),
    location: event.place ? icsText(event.place) : event.onlineUrl ? icsText(event.onlineUrl) : null,
    url: event.url,
    status: method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: { name: paramText(context.municipality), email: addressText(context.organizerEmail) },
    attendees: [
      {
        email: addressText(attendee.email),
        name: paramText(attendee.name) || undefined,
        role: ICalAttendeeRole.REQ,
        status: method === 'REQUEST' ? ICalAttendeeStatus.ACCEPTED : ICalAttendeeStatus.DECLINED,
        rsvp: false,
      },
    ],
  });
  return calendar.toString();
}

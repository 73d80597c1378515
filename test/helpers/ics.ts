import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';

/** Parses an iCalendar object with ical.js, resolving its TZIDs only through its own VTIMEZONEs. */
export function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent');
  return { calendar, events, event: new ICAL.Event(events[0]!) };
}

/** The text/calendar part of a received mail, with the method of its Content-Type; null when there is none. */
export function calendarPart(mail: ParsedMail): { method: string; text: string } | null {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!part) return null;
  const type = part.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  return { method: String(type?.params?.method ?? ''), text: part.content.toString('utf8') };
}

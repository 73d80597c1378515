import t from 'tap';
import { addressOf, dialogueIcs, dialogueUid, type DialogueIcsEvent } from '../../src/dialogue/ics.js';
import { SCRIPT } from '../helpers/hostile.js';
import { parseIcs } from '../helpers/ics.js';

const context = { publicUrl: 'https://udbud.koege.dk', municipality: 'Køge Kommune', organizerEmail: 'udbud@koege.dk' };
const attendee = { email: 'kim@toemrer.test', name: 'Kim Kontakt, Tømrer Hansen ApS' };

const meeting = (overrides: Partial<DialogueIcsEvent> = {}): DialogueIcsEvent => ({
  activityId: 4,
  signupId: 17,
  sequence: 0,
  title: 'Informationsmøde om skolerne 2027',
  description: 'Vi fortæller om de kommende skoleprojekter.',
  // Summer time: 10:00 in Copenhagen is 08:00 UTC.
  startsAt: new Date('2027-06-10T08:00:00Z'),
  endsAt: new Date('2027-06-10T10:00:00Z'),
  place: 'Rådhuset, mødesal 1',
  onlineUrl: null,
  url: 'https://udbud.koege.dk/dialog/4',
  ...overrides,
});

t.test('an invitation: METHOD:REQUEST, the sign-up’s UID, Copenhagen times with the VTIMEZONE, organizer and attendee', async (t) => {
  const text = dialogueIcs('REQUEST', meeting(), attendee, context, 'da');
  const { calendar, events, event } = parseIcs(text);
  t.equal(calendar.getFirstPropertyValue('method'), 'REQUEST');
  t.equal(events.length, 1);
  t.equal(event.uid, 'dialogue-4-17@udbud.koege.dk');
  t.equal(event.uid, dialogueUid(context.publicUrl, 4, 17));
  t.equal(event.sequence, 0);
  t.match(text, 'DTSTART;TZID=Europe/Copenhagen:20270610T100000');
  t.match(text, 'DTEND;TZID=Europe/Copenhagen:20270610T120000');
  t.equal(event.startDate.toJSDate().toISOString(), '2027-06-10T08:00:00.000Z', 'read back through the VTIMEZONE as the same instant');
  t.equal(event.endDate.toJSDate().toISOString(), '2027-06-10T10:00:00.000Z');
  t.equal(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), 'Europe/Copenhagen');
  t.equal(event.summary, 'Informationsmøde om skolerne 2027');
  t.equal(event.location, 'Rådhuset, mødesal 1');
  t.equal(event.component.getFirstPropertyValue('status'), 'CONFIRMED');
  t.match(String(event.component.getFirstPropertyValue('organizer')), /mailto:udbud@koege\.dk/i);
  const attendeeProp = event.component.getFirstProperty('attendee')!;
  t.match(String(attendeeProp.getFirstValue()), /mailto:kim@toemrer\.test/i);
  t.equal(attendeeProp.getParameter('cn'), 'Kim Kontakt, Tømrer Hansen ApS');
  t.match(text, /DTSTAMP:\d{8}T\d{6}Z/, 'DTSTAMP in UTC');
  for (const line of text.split('\r\n')) t.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
});

t.test('winter time: 09:00 in Copenhagen is 08:00 UTC', async (t) => {
  const text = dialogueIcs('REQUEST', meeting({ startsAt: new Date('2027-01-12T08:00:00Z'), endsAt: null }), attendee, context, 'en');
  const { event, calendar } = parseIcs(text);
  t.match(text, 'DTSTART;TZID=Europe/Copenhagen:20270112T090000');
  t.notMatch(text, 'DTEND', 'no end time: no DTEND');
  t.equal(event.startDate.toJSDate().toISOString(), '2027-01-12T08:00:00.000Z');
  t.match(String(calendar.getFirstPropertyValue('prodid')), '//EN');
});

t.test('a hostile title, place and name stay text: nothing breaks out into a property, parameter or component', async (t) => {
  const title = `Møde; "tag", \\ ${SCRIPT}\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil`;
  const place = 'Lokale 1\nATTENDEE:mailto:evil@example.com';
  const name = 'Firma "A";ROLE=CHAIR:mailto:evil@example.com\r\nX';
  const text = dialogueIcs('REQUEST', meeting({ title, place, description: `Dagsorden:\r\n1. ${SCRIPT}\u0007` }), { email: 'a@b.dk\r\nBCC:x', name }, context, 'da');
  const { events, event } = parseIcs(text);
  t.equal(events.length, 1, 'one event');
  t.equal(event.uid, 'dialogue-4-17@udbud.koege.dk');
  t.equal(event.summary, `Møde; "tag", \\ ${SCRIPT}\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil`, 'the title comes back as it was written');
  t.equal(event.location, place);
  t.match(event.description, `Dagsorden:\n1. ${SCRIPT}\n`, 'the bell character is left out');
  t.equal(event.component.getAllProperties('attendee').length, 1, 'one attendee');
  t.equal(event.component.getFirstProperty('attendee')!.getParameter('role'), 'REQ-PARTICIPANT');
  t.equal(event.component.getFirstProperty('attendee')!.getParameter('cn'), 'Firma A;ROLE=CHAIR:mailto:evil@example.comX');
  t.notMatch(text, /^UID:evil/m);
  t.notMatch(text, /^BCC/m);
});

t.test('a cancellation: METHOD:CANCEL, same UID, STATUS:CANCELLED; an update: same UID, higher SEQUENCE', async (t) => {
  const update = parseIcs(dialogueIcs('REQUEST', meeting({ sequence: 2, startsAt: new Date('2027-06-11T12:00:00Z'), endsAt: new Date('2027-06-11T13:00:00Z') }), attendee, context, 'da'));
  t.equal(update.event.uid, 'dialogue-4-17@udbud.koege.dk');
  t.equal(update.event.sequence, 2);
  t.equal(update.event.startDate.toJSDate().toISOString(), '2027-06-11T12:00:00.000Z');
  const cancel = parseIcs(dialogueIcs('CANCEL', meeting({ sequence: 2 }), attendee, context, 'da'));
  t.equal(cancel.calendar.getFirstPropertyValue('method'), 'CANCEL');
  t.equal(cancel.event.uid, 'dialogue-4-17@udbud.koege.dk');
  t.equal(cancel.event.sequence, 2);
  t.equal(cancel.event.component.getFirstPropertyValue('status'), 'CANCELLED');
});

t.test('the organizer address is taken from the sender', async (t) => {
  t.equal(addressOf('Køge Kommune <udbud@koege.dk>'), 'udbud@koege.dk');
  t.equal(addressOf('noreply@koege.dk'), 'noreply@koege.dk');
});

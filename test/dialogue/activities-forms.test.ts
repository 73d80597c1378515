import t from 'tap';
import { activityForm } from '../../src/dialogue/activity-forms.js';
import { guestCommentForm } from '../../src/dialogue/comments.js';
import { guestSignupForm, signupForm } from '../../src/dialogue/signup-forms.js';
import { parseForm } from '../../src/web/admin/forms.js';

// The forms as posted: Copenhagen wall-clock times read into instants, one-to-one slots laid out,
// and every unusable field named in Danish and English.

const meeting = {
  kind: 'information_meeting',
  title: 'Informationsmøde',
  tenderIds: ['P-1', 'P-2'],
  startsAtDate: '2027-06-15',
  startsAtTime: '09:00',
  endsAtTime: '11:30',
  place: 'Rådhuset',
  capacity: '40',
  signupDeadlineDate: '2027-06-10',
};

t.test('times are Copenhagen time; a deadline without a clock time is the end of that day', async (t) => {
  const parsed = parseForm(activityForm, meeting);
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.equal(parsed.data.startsAt!.toISOString(), '2027-06-15T07:00:00.000Z', 'summer time: UTC+2');
  t.equal(parsed.data.endsAt!.toISOString(), '2027-06-15T09:30:00.000Z');
  t.equal(parsed.data.signupDeadline!.toISOString(), '2027-06-10T21:59:00.000Z');
  t.equal(parsed.data.capacity, 40);
  t.same(parsed.data.tenderIds, ['P-1', 'P-2']);
  const winter = parseForm(activityForm, { ...meeting, startsAtDate: '2027-01-15', endsAtTime: '', capacity: '', tenderIds: 'P-1' });
  t.match(winter, { ok: true, data: { endsAt: null, capacity: null, tenderIds: ['P-1'] } });
  t.equal(winter.ok && winter.data.startsAt!.toISOString(), '2027-01-15T08:00:00.000Z', 'winter time: UTC+1');
});

t.test('one-to-one talks: the span is cut into slots of the given length', async (t) => {
  const parsed = parseForm(activityForm, { ...meeting, kind: 'one_to_one', startsAtTime: '09:00', endsAtTime: '10:40', slotMinutes: '30' });
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.same(
    parsed.data.slots.map((s) => [s.startsAt.toISOString(), s.endsAt.toISOString()]),
    [
      ['2027-06-15T07:00:00.000Z', '2027-06-15T07:30:00.000Z'],
      ['2027-06-15T07:30:00.000Z', '2027-06-15T08:00:00.000Z'],
      ['2027-06-15T08:00:00.000Z', '2027-06-15T08:30:00.000Z'],
    ],
    'a last slot that would run past the end is left out',
  );
  const bad = parseForm(activityForm, { ...meeting, kind: 'one_to_one', slotMinutes: '5' }, 'en');
  t.match(bad, { ok: false, errors: { slotMinutes: 'The length of a talk must be a whole number of minutes from 10 to 240' } });
});

t.test('unusable fields are named in Danish and English', async (t) => {
  const form = { ...meeting, kind: 'party', startsAtDate: '15-06-2027', capacity: 'mange', signupDeadlineTime: '25:00' };
  t.match(parseForm(activityForm, form, 'da'), {
    ok: false,
    errors: { kind: 'Vælg, hvilken slags aktivitet det er' },
  });
  const da = parseForm(activityForm, { ...form, kind: 'supplier_day' }, 'da');
  t.match(da, {
    ok: false,
    errors: {
      startsAt: 'Skriv datoen som ÅÅÅÅ-MM-DD, fx 2027-03-15',
      capacity: 'Antal pladser skal være et helt tal fra 1 til 10000, eller tomt for ubegrænset',
      signupDeadline: 'Skriv klokkeslættet som TT:MM, fx 09:30',
    },
  });
  const en = parseForm(activityForm, { ...form, kind: 'supplier_day' }, 'en');
  t.match(en, { ok: false, errors: { startsAt: 'Enter the date as YYYY-MM-DD, e.g. 2027-03-15', signupDeadline: 'Enter the time as HH:MM, e.g. 09:30' } });
  t.match(parseForm(activityForm, { ...meeting, title: ['a', 'b'] }, 'da'), { ok: false, errors: { title: 'Feltet må kun udfyldes én gang' } });
});

t.test('sign-up and comment forms: attendees, slots as posted, and the guest fields', async (t) => {
  t.match(parseForm(signupForm, { attendees: '3' }), { ok: true, data: { attendees: 3, slotId: null } });
  t.match(parseForm(signupForm, { attendees: '1', slotId: '17' }), { ok: true, data: { slotId: 17 } });
  t.match(parseForm(signupForm, { attendees: '1', slotId: '17 OR 1=1' }), { ok: true, data: { slotId: -1 } }, 'a forged slot id reaches the service, which refuses it in words');
  for (const attendees of ['0', '11', 'to', '']) {
    t.match(parseForm(signupForm, { attendees }, 'en'), { ok: false, errors: { attendees: 'The number of attendees must be a whole number from 1 to 10' } }, attendees);
  }
  t.match(parseForm(guestSignupForm, { attendees: '1', email: 'nope', firmName: '' }, 'da'), {
    ok: false,
    errors: { email: 'E-mailadressen ser ikke rigtig ud, fx navn@firma.dk', firmName: 'Skriv virksomhedens navn' },
  });
  t.match(parseForm(guestCommentForm, { text: 'x'.repeat(10_000), email: 'a@b.dk', firmName: 'A' }, 'da'), { ok: false, errors: { text: 'Højst 8000 tegn' } });
  t.match(parseForm(guestCommentForm, { text: ' ', email: 'a@b.dk', firmName: 'A' }, 'en'), { ok: false, errors: { text: 'Enter your comment' } });
});

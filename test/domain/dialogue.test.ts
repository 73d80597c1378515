import t from 'tap';
import {
  answerDays,
  answerTiming,
  defaultQuestionDeadline,
  EU_ANSWER_DAYS,
  median,
  questionsOpen,
} from '../../src/domain/dialogue.js';
import { copenhagenInstant, shiftCopenhagenDays, wallClock } from '../../src/domain/period.js';

// The pure rules of questions and answers: Copenhagen wall-clock times as officers type them, the
// question deadline a number of calendar days before the bid deadline (the clock time stays when
// summer time begins or ends in between), late answers with the bid deadline to suggest, and the
// median time to answer. Summer time in 2026 begins on Sunday 29 March (02:00 → 03:00) and ends
// on Sunday 25 October (03:00 → 02:00).

const utc = (iso: string) => new Date(iso);
const HOUR = 3_600_000;
const local = (instant: Date) => {
  const c = wallClock(instant);
  return `${c.year}-${c.month}-${c.day} ${c.hour}:${c.minute}${c.offset}`;
};

t.test('a Copenhagen wall-clock time is the instant officers mean, in winter and in summer', async (t) => {
  t.same(copenhagenInstant('2026-12-17', '12:00'), utc('2026-12-17T11:00:00Z'), 'winter: UTC+1');
  t.same(copenhagenInstant('2026-07-01', '09:00'), utc('2026-07-01T07:00:00Z'), 'summer: UTC+2');
  t.same(copenhagenInstant('2026-12-31', '23:30'), utc('2026-12-31T22:30:00Z'), 'the last half hour of the year');
  t.same(copenhagenInstant('2027-01-01', '00:15'), utc('2026-12-31T23:15:00Z'), 'just after midnight: the day before in UTC');
  t.same(copenhagenInstant('2028-02-29', '10:00'), utc('2028-02-29T09:00:00Z'), 'a leap day');
});

t.test('on the days the clocks change, times on either side of the change are read right', async (t) => {
  // Spring: 01:59 is still winter time, 03:00 already summer time.
  t.same(copenhagenInstant('2026-03-29', '01:59'), utc('2026-03-29T00:59:00Z'));
  t.same(copenhagenInstant('2026-03-29', '03:00'), utc('2026-03-29T01:00:00Z'));
  t.same(copenhagenInstant('2026-03-29', '12:00'), utc('2026-03-29T10:00:00Z'));
  t.same(copenhagenInstant('2026-03-28', '12:00'), utc('2026-03-28T11:00:00Z'), 'the Saturday before: still winter');
  // Autumn: 01:59 is still summer time, 03:00 already winter time.
  t.same(copenhagenInstant('2026-10-25', '01:59'), utc('2026-10-24T23:59:00Z'));
  t.same(copenhagenInstant('2026-10-25', '03:00'), utc('2026-10-25T02:00:00Z'));
  t.same(copenhagenInstant('2026-10-25', '12:00'), utc('2026-10-25T11:00:00Z'));
  t.same(copenhagenInstant('2026-10-24', '12:00'), utc('2026-10-24T10:00:00Z'), 'the Saturday before: still summer');
});

t.test('a time in the skipped spring hour is read as the hour after it', async (t) => {
  const instant = copenhagenInstant('2026-03-29', '02:30')!;
  t.same(instant, utc('2026-03-29T01:30:00Z'));
  t.equal(local(instant), '2026-03-29 03:30+02:00');
});

t.test('a time in the repeated autumn hour is the first of the two (still summer time)', async (t) => {
  const instant = copenhagenInstant('2026-10-25', '02:30')!;
  t.same(instant, utc('2026-10-25T00:30:00Z'));
  t.equal(local(instant), '2026-10-25 02:30+02:00');
  t.equal(local(new Date(instant.getTime() + HOUR)), '2026-10-25 02:30+01:00', 'an hour later the clock shows the same time again');
});

t.test('what is no date or no time of day is refused', async (t) => {
  for (const [date, time] of [
    ['2026-02-30', '12:00'],
    ['2026-13-01', '12:00'],
    ['2027-02-29', '12:00'],
    ['2026-12-17', '24:00'],
    ['2026-12-17', '12:60'],
    ['2026-12-17', '9:00'],
    ['17-12-2026', '12:00'],
    ['2026-12-17', ''],
    ['', '12:00'],
    ['2026-12-17', '12:00:00'],
  ] as const) {
    t.equal(copenhagenInstant(date, time), null, `${date} ${time}`);
  }
});

t.test('shifting by calendar days keeps the Copenhagen clock time across a change of the clocks', async (t) => {
  // Over the spring change a day is 23 hours long, over the autumn change 25.
  const afterSpring = utc('2026-04-03T10:00:00Z'); // Friday 3 April 12:00 summer time
  const sixBefore = shiftCopenhagenDays(afterSpring, -6);
  t.equal(local(sixBefore), '2026-03-28 12:00+01:00');
  t.equal((afterSpring.getTime() - sixBefore.getTime()) / HOUR, 6 * 24 - 1);

  const afterAutumn = utc('2026-10-30T11:00:00Z'); // Friday 30 October 12:00 winter time
  const sixBeforeAutumn = shiftCopenhagenDays(afterAutumn, -6);
  t.equal(local(sixBeforeAutumn), '2026-10-24 12:00+02:00');
  t.equal((afterAutumn.getTime() - sixBeforeAutumn.getTime()) / HOUR, 6 * 24 + 1);

  t.equal(local(shiftCopenhagenDays(utc('2026-03-28T11:00:00Z'), 1)), '2026-03-29 12:00+02:00', 'forward over the spring change');
  t.equal(local(shiftCopenhagenDays(utc('2026-10-24T10:00:00Z'), 1)), '2026-10-25 12:00+01:00', 'forward over the autumn change');
  t.same(shiftCopenhagenDays(utc('2026-12-17T11:00:00Z'), 0), utc('2026-12-17T11:00:00Z'), 'zero days: the same instant');
  t.equal(local(shiftCopenhagenDays(utc('2026-12-29T11:00:00Z'), 5)), '2027-01-03 12:00+01:00', 'over the new year');
  t.equal(local(shiftCopenhagenDays(utc('2028-03-01T11:00:00Z'), -1)), '2028-02-29 12:00+01:00', 'back to a leap day');
  t.equal(local(shiftCopenhagenDays(utc('2026-12-17T22:30:00Z'), -1)), '2026-12-16 23:30+01:00', 'late evening: the Copenhagen day counts, not the UTC day');
});

t.test('questions close 6 days before an EU bid deadline and N days before a national one', async (t) => {
  t.equal(EU_ANSWER_DAYS, 6);
  t.equal(answerDays(true, 4), 6, 'EU: the directive says 6, whatever the municipality chose');
  t.equal(answerDays(false, 4), 4);
  t.equal(answerDays(false, 10), 10);

  const bidDeadline = utc('2026-12-17T11:00:00Z'); // Thursday 17 December 12:00
  t.equal(local(defaultQuestionDeadline(bidDeadline, answerDays(true, 4))), '2026-12-11 12:00+01:00');
  t.equal(local(defaultQuestionDeadline(bidDeadline, answerDays(false, 4))), '2026-12-13 12:00+01:00');
});

t.test('the default question deadline keeps the clock time when the clocks change in between', async (t) => {
  // Bid deadline in summer time, question deadline 6 days earlier in winter time: 143 hours apart.
  const spring = utc('2026-04-03T10:00:00Z');
  t.equal(local(defaultQuestionDeadline(spring, 6)), '2026-03-28 12:00+01:00');
  // Bid deadline in winter time, question deadline in summer time: 145 hours apart.
  const autumn = utc('2026-10-30T11:00:00Z');
  t.equal(local(defaultQuestionDeadline(autumn, 6)), '2026-10-24 12:00+02:00');
  // The question deadline falls on the change day itself.
  t.equal(local(defaultQuestionDeadline(utc('2026-04-04T10:00:00Z'), 6)), '2026-03-29 12:00+02:00');
  t.equal(local(defaultQuestionDeadline(utc('2026-10-31T11:00:00Z'), 6)), '2026-10-25 12:00+01:00');
  // A deadline at a clock time that does not exist on the change day moves to the hour after.
  t.equal(local(defaultQuestionDeadline(copenhagenInstant('2026-04-04', '02:30')!, 6)), '2026-03-29 03:30+02:00');
});

t.test('questions are taken until the question deadline, not at it', async (t) => {
  const deadline = utc('2026-12-11T11:00:00Z');
  t.equal(questionsOpen(deadline, utc('2026-12-11T10:59:59Z')), true);
  t.equal(questionsOpen(deadline, deadline), false, 'at the deadline: closed');
  t.equal(questionsOpen(deadline, utc('2026-12-11T11:00:01Z')), false);
  t.equal(questionsOpen(null, utc('2026-01-01T00:00:00Z')), false, 'no bid deadline, no question deadline: closed');
});

t.test('an answer on time is not late; at the limit exactly still counts as on time', async (t) => {
  const bidDeadline = utc('2026-12-17T11:00:00Z');
  t.same(answerTiming(utc('2026-12-01T09:00:00Z'), bidDeadline, 6), { late: false });
  t.same(answerTiming(utc('2026-12-11T11:00:00Z'), bidDeadline, 6), { late: false }, 'exactly 6 days before');
  t.same(answerTiming(utc('2026-12-13T11:00:00Z'), bidDeadline, 4), { late: false }, 'exactly 4 days before (national)');
  t.same(answerTiming(utc('2026-12-16T09:00:00Z'), null, 6), { late: false }, 'no bid deadline: nothing to be late for');
});

t.test('a late answer suggests the first bid deadline at the same clock time that leaves the full days', async (t) => {
  const bidDeadline = utc('2026-12-17T11:00:00Z'); // 12:00
  const oneSecondLate = answerTiming(utc('2026-12-11T11:00:01Z'), bidDeadline, 6);
  t.same(oneSecondLate, { late: true, suggestedDeadline: utc('2026-12-18T11:00:00Z') }, 'a second late: one day more');

  const morning = answerTiming(utc('2026-12-14T09:00:00Z'), bidDeadline, 6); // Monday 10:00
  t.same(morning, { late: true, suggestedDeadline: utc('2026-12-20T11:00:00Z') }, 'answered 10:00: deadline 6 days later at 12:00');
  const afternoon = answerTiming(utc('2026-12-14T13:00:00Z'), bidDeadline, 6); // Monday 14:00
  t.same(afternoon, { late: true, suggestedDeadline: utc('2026-12-21T11:00:00Z') }, 'answered 14:00: a day more, still at 12:00');

  const national = answerTiming(utc('2026-12-15T10:00:00Z'), bidDeadline, 4);
  t.same(national, { late: true, suggestedDeadline: utc('2026-12-19T11:00:00Z') });

  const afterTheDeadline = answerTiming(utc('2026-12-20T08:00:00Z'), bidDeadline, 6);
  t.same(afterTheDeadline, { late: true, suggestedDeadline: utc('2026-12-26T11:00:00Z') }, 'even after the bid deadline');
});

t.test('a suggested deadline across a change of the clocks keeps the bid deadline clock time', async (t) => {
  const bidDeadline = utc('2026-10-23T10:00:00Z'); // Friday 23 October 12:00 summer time
  const late = answerTiming(utc('2026-10-20T10:00:00Z'), bidDeadline, 6);
  t.equal(late.late, true);
  if (late.late) {
    t.equal(local(late.suggestedDeadline), '2026-10-26 12:00+01:00', 'winter time now, still 12:00');
    const left = shiftCopenhagenDays(late.suggestedDeadline, -6);
    t.ok(left.getTime() >= utc('2026-10-20T10:00:00Z').getTime(), 'the answer came no later than 6 days before it');
  }
  const spring = answerTiming(utc('2026-03-26T11:00:00Z'), utc('2026-03-27T11:00:00Z'), 4); // 12:00 both
  t.same(spring, { late: true, suggestedDeadline: utc('2026-03-30T10:00:00Z') }, '12:00 summer time after the spring change');
});

t.test('the median time to answer', async (t) => {
  t.equal(median([]), null, 'no answers: no median');
  t.equal(median([7]), 7);
  t.equal(median([30, 2, 24]), 24, 'odd count: the middle one, whatever the order');
  t.equal(median([30, 2, 24, 10]), 17, 'even count: the mean of the middle two');
  t.equal(median([1.5, 2.5]), 2);
  t.equal(median([5, 5, 5, 100]), 5);
  t.equal(median([100, 9, 10]), 10, 'sorted as numbers, not as text');
  const values = [3, 1, 2];
  median(values);
  t.same(values, [3, 1, 2], 'the values given are left as they were');
});

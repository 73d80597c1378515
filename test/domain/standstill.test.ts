import t from 'tap';
import {
  daysBetween,
  danishPublicHolidays,
  easterSunday,
  isClosedDay,
  nextWorkingDay,
  standstillEnd,
} from '../../src/domain/standstill.js';

// Køge's default calendar: Constitution Day, Christmas Eve and New Year's Eve are closed too.
const KOEGE = ['06-05', '12-24', '12-31'];

t.test('Easter Sunday from the Gregorian algorithm matches the calendar', async (t) => {
  const known: Record<number, string> = {
    2019: '2019-04-21',
    2023: '2023-04-09',
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2038: '2038-04-25',
  };
  for (const [year, date] of Object.entries(known)) t.equal(easterSunday(Number(year)), date, year);
});

t.test('the public holidays of 2026 are those of the Danish calendar', async (t) => {
  t.same(
    danishPublicHolidays(2026).map((h) => `${h.date} ${h.name}`),
    [
      '2026-01-01 Nytårsdag',
      '2026-04-02 Skærtorsdag',
      '2026-04-03 Langfredag',
      '2026-04-05 Påskedag',
      '2026-04-06 2. påskedag',
      '2026-05-14 Kristi himmelfartsdag',
      '2026-05-24 Pinsedag',
      '2026-05-25 2. pinsedag',
      '2026-12-25 Juledag',
      '2026-12-26 2. juledag',
    ],
  );
});

t.test('the public holidays of 2027 are those of the Danish calendar', async (t) => {
  t.same(
    danishPublicHolidays(2027).map((h) => h.date),
    ['2027-01-01', '2027-03-25', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-06', '2027-05-16', '2027-05-17', '2027-12-25', '2027-12-26'],
  );
});

t.test('Store Bededag is a holiday up to 2023 and not from 2024', async (t) => {
  t.ok(danishPublicHolidays(2023).some((h) => h.date === '2023-05-05' && h.name === 'Store bededag'));
  t.notOk(danishPublicHolidays(2024).some((h) => h.name === 'Store bededag'));
  t.ok(isClosedDay('2023-05-05'));
  t.notOk(isClosedDay('2024-04-26'), 'the fourth Friday after Easter 2024 is a working day');
});

t.test('weekends, holidays and configured days are closed; other days are not', async (t) => {
  t.ok(isClosedDay('2026-11-28'), 'Saturday');
  t.ok(isClosedDay('2026-11-29'), 'Sunday');
  t.notOk(isClosedDay('2026-11-30'), 'Monday');
  t.ok(isClosedDay('2026-05-14'), 'Ascension Day');
  t.notOk(isClosedDay('2026-06-05'), 'Constitution Day is open by law');
  t.ok(isClosedDay('2026-06-05', KOEGE), 'but closed when configured');
  t.equal(nextWorkingDay('2026-11-30'), '2026-11-30', 'a working day stays');
});

t.test('an ordinary case: 10 days after electronic notification', async (t) => {
  // Notified Monday 23 November; day 1 is the 24th, day 10 Thursday 3 December.
  t.equal(standstillEnd('2026-11-23', 'electronic', true, KOEGE), '2026-12-03');
});

t.test('a letter gives 15 days instead of 10', async (t) => {
  t.equal(standstillEnd('2026-11-23', 'letter', true, KOEGE), '2026-12-08');
});

t.test('a last day on a Saturday or Sunday moves to Monday', async (t) => {
  t.equal(standstillEnd('2026-11-18', 'electronic', true), '2026-11-30', 'Saturday 28th → Monday 30th');
  t.equal(standstillEnd('2026-11-19', 'electronic', true), '2026-11-30', 'Sunday 29th → Monday 30th');
});

t.test('Easter 2027: a last day on Maundy Thursday moves past Easter Monday', async (t) => {
  t.equal(standstillEnd('2027-03-15', 'electronic', true), '2027-03-30');
  t.equal(standstillEnd('2027-03-10', 'letter', true), '2027-03-30', 'by letter as well');
});

t.test('Christmas: 24, 25, 26 and 31 December', async (t) => {
  t.equal(standstillEnd('2026-12-14', 'electronic', true, KOEGE), '2026-12-28', 'Christmas Eve → Monday 28th');
  t.equal(standstillEnd('2026-12-14', 'electronic', true, []), '2026-12-24', 'Christmas Eve is a working day by law alone');
  t.equal(standstillEnd('2026-12-15', 'electronic', true, []), '2026-12-28', 'Christmas Day (a Friday) → Monday 28th');
  t.equal(standstillEnd('2027-12-16', 'electronic', true, []), '2027-12-27', 'Boxing Day 2027 is a Sunday → Monday');
  t.equal(standstillEnd('2026-12-21', 'electronic', true, KOEGE), '2027-01-04', "New Year's Eve, New Year's Day, the weekend → 4 January");
});

t.test('no standstill when the procedure has none', async (t) => {
  t.equal(standstillEnd('2026-11-23', 'electronic', false, KOEGE), null);
  t.equal(standstillEnd('2026-11-23', 'letter', false, KOEGE), null);
});

t.test('a date that is not a date is a programming error', async (t) => {
  t.throws(() => standstillEnd('2026-02-30', 'electronic', true), RangeError);
});

t.test('days between two dates, across a change to summer time', async (t) => {
  t.equal(daysBetween('2027-03-25', '2027-04-01'), 7);
  t.equal(daysBetween('2026-12-03', '2026-11-27'), -6);
});

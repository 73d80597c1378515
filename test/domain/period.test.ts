import t from 'tap';
import { copenhagenDate, parseExpectedPeriod } from '../../src/domain/period.js';
import { formatExpectedPeriod } from '../../src/wording/period.js';

t.test('expected publication as precise as DBD knows it', async (t) => {
  const label = (text: string) => formatExpectedPeriod(parseExpectedPeriod(text)!);
  t.equal(label('2027-Q2'), '2. kvartal 2027');
  t.equal(label('2027-08'), 'august 2027');
  t.equal(label('2027-08-15'), '15. august 2027');
  t.equal(parseExpectedPeriod('2027-Q2')?.start, '2027-04-01');
  t.equal(parseExpectedPeriod('2027-11')?.quarter, 4);
});

t.test('text that is not a period is refused', async (t) => {
  for (const bad of ['2027-Q5', '2027-13', '2027-02-30', 'snart', '27-Q1', '']) {
    t.equal(parseExpectedPeriod(bad), null, bad);
  }
});

t.test('the calendar day is the one in Copenhagen', async (t) => {
  t.equal(copenhagenDate(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
  t.equal(copenhagenDate(new Date('2026-07-01T21:59:00Z')), '2026-07-01');
});

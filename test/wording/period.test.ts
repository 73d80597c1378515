import t from 'tap';
import { parseExpectedPeriod } from '../../src/domain/period.js';
import { expectedPublicationLabel, formatExpectedPeriod, quarterLabel } from '../../src/wording/period.js';

t.test('an expected period in English, as precise as DBD knows it', async (t) => {
  const label = (text: string) => formatExpectedPeriod(parseExpectedPeriod(text)!, 'en');
  t.equal(label('2027-Q2'), 'Q2 2027', 'quarter');
  t.equal(label('2027-08'), 'August 2027', 'month');
  t.equal(label('2027-08-15'), '15 August 2027', 'day');
});

t.test('one function words a period in either language', async (t) => {
  t.equal(expectedPublicationLabel('2027-08', 'da'), 'august 2027');
  t.equal(expectedPublicationLabel('2027-08', 'en'), 'August 2027');
  t.equal(quarterLabel(2027, 4), '4. kvartal 2027', 'Danish by default');
  t.equal(quarterLabel(2027, 4, 'en'), 'Q4 2027');
});

t.test('text that is no period is shown as it is; no text is no label', async (t) => {
  t.equal(expectedPublicationLabel('efter sommerferien', 'en'), 'efter sommerferien');
  t.equal(expectedPublicationLabel(null, 'en'), null);
});

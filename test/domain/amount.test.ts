import t from 'tap';
import { parseDanishAmount } from '../../src/domain/amount.js';

t.test('amounts written the Danish way are read', async (t) => {
  const read: Array<[string, number]> = [
    ['1500000', 1500000],
    ['1.500.000', 1500000],
    ['1.500', 1500],
    ['0', 0],
    ['1.500.000,50', 1500000.5],
    ['1500000,5', 1500000.5],
    [' 300 000 ', 300000],
    ['1 540 000 kr.', 1540000],
    ['1.540.000 kr', 1540000],
    ['300000KR.', 300000],
    ['1\u00a0500\u00a0000', 1500000],
    ['-300', -300],
    ['-1.500,25', -1500.25],
    ['9.000.000.000.000', 9e12],
  ];
  for (const [text, value] of read) t.equal(parseDanishAmount(text), value, JSON.stringify(text));
});

t.test('anything else is not an amount', async (t) => {
  const refused = [
    '',
    '   ',
    'kr.',
    'tre millioner',
    'abc',
    '1,500,000',
    '1500.50',
    '1.5',
    '15.00.000',
    '1.500.00',
    '1.500.000,505',
    '1,',
    ',5',
    '1e6',
    '0x10',
    'Infinity',
    'NaN',
    '+5',
    '--5',
    '5-',
    'kr. 300',
    '300 kroner',
  ];
  for (const text of refused) t.equal(parseDanishAmount(text), null, JSON.stringify(text));
});

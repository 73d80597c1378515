import t from 'tap';
import { amountFromInput, parseDanishAmount, parsePlainAmount } from '../../src/domain/amount.js';

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

t.test('the API reads a plain decimal number, and nothing else', async (t) => {
  const read: Array<[string, number]> = [
    ['3000000', 3000000],
    ['1500000.5', 1500000.5],
    [' 300000 ', 300000],
    ['0', 0],
    ['-1', -1],
  ];
  for (const [text, value] of read) t.equal(parsePlainAmount(text), value, JSON.stringify(text));
  for (const text of ['', ' ', '1e6', '0x10', '0b1', '0o7', 'Infinity', '1.500.000', '1,5', '1.', '.5', '+5', '1 500']) {
    t.equal(parsePlainAmount(text), null, JSON.stringify(text));
  }
});

t.test('a blank input is a missing amount, never 0; anything not one amount is NaN', async (t) => {
  for (const blank of [undefined, '', ' ', '  ', '\t']) t.equal(amountFromInput(blank), undefined, JSON.stringify(blank));
  t.equal(amountFromInput('1.500.000'), 1500000);
  t.equal(amountFromInput('1500000.5', parsePlainAmount), 1500000.5);
  for (const bad of ['0x10', '1e6', ['1', '2'], 5]) t.ok(Number.isNaN(amountFromInput(bad)), JSON.stringify(bad));
  t.equal(amountFromInput('1.500', parsePlainAmount), 1.5, 'to the API the point is a decimal point');
});

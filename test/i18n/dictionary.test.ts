import t from 'tap';
import { da } from '../../src/i18n/da.js';
import { en } from '../../src/i18n/en.js';
import { localize, msg } from '../../src/i18n/messages.js';
import { cpvLabel, knownCpvCodes } from '../../src/domain/cpv.js';

type Tree = { readonly [key: string]: string | Tree };

/** Every dotted key with its text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const danish = leaves(da);
const english = leaves(en as Tree);

t.test('every Danish key has an English text and vice versa', async (t) => {
  t.same([...danish.keys()].filter((key) => !english.has(key)), [], 'missing in en.ts');
  t.same([...english.keys()].filter((key) => !danish.has(key)), [], 'missing in da.ts');
  t.ok(danish.size > 50, 'the dictionary is not empty');
});

t.test('no text is empty in either language', async (t) => {
  for (const [name, dictionary] of [['da', danish], ['en', english]] as const) {
    t.same([...dictionary].filter(([, text]) => text.trim() === '').map(([key]) => key), [], `empty texts in ${name}`);
  }
});

t.test('both languages use the same placeholders in each text', async (t) => {
  const differing = [...danish].filter(([key, text]) => english.has(key) && placeholders(text).join() !== placeholders(english.get(key)!).join());
  t.same(differing.map(([key]) => key), []);
});

t.test('every CPV code with a Danish meaning has the official English one too', async (t) => {
  t.same(knownCpvCodes('en').sort(), knownCpvCodes('da').sort());
  t.equal(cpvLabel('45261000-4', 'en'), 'Erection and related works of roof frames and coverings');
  t.equal(cpvLabel('45261000-4'), 'Opførelse af tagkonstruktioner og tagdækning samt tilknyttet arbejde');
  t.equal(cpvLabel('99999999', 'en'), null);
});

t.test('a validation message is a key that each reader gets in their language', async (t) => {
  const message = msg('validation.maxChars', { max: 200 });
  t.equal(localize('da', message), 'Højst 200 tegn');
  t.equal(localize('en', message), 'At most 200 characters');
  t.equal(localize('en', 'En fast tekst'), 'En fast tekst', 'text that is no key passes through');
});

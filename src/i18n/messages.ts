import { isLang, translate, type Lang, type TranslationKey, type Vars } from './index.js';

// Validation messages are written into zod schemas once, before anybody knows who will read them.
// A schema therefore carries a dictionary key (with its values) as its message, made by msg(), and
// the place that shows the message translates it with localize(). A message that is not a key
// (a fixed text from elsewhere) passes through unchanged.

const PREFIX = 'i18n:';

/** A message as a key: z.string({ error: msg('subscribe.errors.email') }), .max(200, msg('…', { max: 200 })). */
export const msg = (key: TranslationKey, vars?: Vars): string => PREFIX + key + (vars ? `|${JSON.stringify(vars)}` : '');

/** The text of a message in a language: a msg() key translated, anything else as it is. */
export function localize(lang: Lang, message: string): string {
  if (!message.startsWith(PREFIX)) return message;
  const body = message.slice(PREFIX.length);
  const bar = body.indexOf('|');
  const key = bar < 0 ? body : body.slice(0, bar);
  const vars = bar < 0 ? undefined : (JSON.parse(body.slice(bar + 1)) as Vars);
  return translate(isLang(lang) ? lang : 'da', key, vars);
}

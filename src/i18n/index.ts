import type { FastifyRequest } from 'fastify';
import { da } from './da.js';
import { en } from './en.js';

// The portal's UI language: Danish by default, English on request. The dictionaries are plain
// typed objects (da.ts is the source; en.ts must have the same shape, which the compiler checks).

export const languages = ['da', 'en'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'da';
export const LANG_COOKIE = 'lang';

export const dictionaries = { da, en } as const;

/** Every dotted path to a string in the Danish dictionary: 'layout.skipLink', 'status.published'… */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type TranslationKey = Leaves<typeof da>;

export const isLang = (value: unknown): value is Lang => value === 'da' || value === 'en';

export type Vars = Record<string, string | number | null | undefined>;

/** Texts found so far, by language and key (a mail run asks for the same few thousands of times). */
const found = new Map<string, string>();

function lookup(lang: Lang, key: string): string | undefined {
  const id = `${lang}:${key}`;
  const known = found.get(id);
  if (known !== undefined) return known;
  let node: unknown = dictionaries[lang];
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== 'string') return undefined;
  found.set(id, node);
  return node;
}

const fill = (text: string, vars: Vars = {}) =>
  !text.includes('{') ? text : text.replace(/\{(\w+)\}/g, (whole, name: string) => (vars[name] === undefined || vars[name] === null ? whole : String(vars[name])));

/** The text for a key; an unknown key throws, so a typo in a template fails its test. */
export function t(lang: Lang, key: TranslationKey, vars?: Vars): string {
  return translate(lang, key, vars);
}

/** As t(), for keys only known at run time (templates). */
export function translate(lang: Lang, key: string, vars?: Vars): string {
  const text = lookup(lang, key);
  if (text === undefined) throw new Error(`No ${lang} text for "${key}"`);
  return fill(text, vars);
}

/** A label from a group of the dictionary ('status', 'workType'…), or the code itself if unknown. */
export function label(lang: Lang, group: string, code: string): string {
  return lookup(lang, `${group}.${code}`) ?? code;
}

// Browsers send a handful of distinct Accept-Language headers: each is read once.
const acceptLanguageSeen = new Map<string, Lang | null>();

/** The first supported language of an Accept-Language header, by q-value then order; null if none. */
export function fromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  let lang = acceptLanguageSeen.get(header);
  if (lang === undefined) {
    lang = readAcceptLanguage(header);
    if (acceptLanguageSeen.size >= 1000) acceptLanguageSeen.clear();
    acceptLanguageSeen.set(header, lang);
  }
  return lang;
}

function readAcceptLanguage(header: string): Lang | null {
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.lang).find(isLang) ?? null;
}

/** The `lang` cookie, read from the raw header (the cache decides before the cookie plugin runs). */
export function langCookie(header: string | undefined): Lang | null {
  const match = header?.match(/(?:^|;\s*)lang=([^;]*)/);
  return match && isLang(match[1]?.trim()) ? (match[1]!.trim() as Lang) : null;
}

/** `?lang=da|en` from a URL; anything else is ignored. */
export function langQuery(url: string): Lang | null {
  const query = url.indexOf('?');
  if (query < 0 || !url.includes('lang=', query)) return null;
  const value = new URLSearchParams(url.slice(query + 1)).get('lang');
  return isLang(value) ? value : null;
}

/** ?lang= > cookie > Accept-Language > Danish. */
export function resolveLang(request: Pick<FastifyRequest, 'url' | 'headers'>): Lang {
  return (
    langQuery(request.url) ??
    langCookie(request.headers.cookie) ??
    fromAcceptLanguage(request.headers['accept-language']) ??
    defaultLang
  );
}

/** The same address in the other language: the path with `lang=` set. */
export function switchUrl(url: string, lang: Lang): string {
  const [path = '/', query = ''] = url.split(/\?(.*)/s);
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

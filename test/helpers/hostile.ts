import type { LightMyRequestResponse } from 'fastify';
import { decodeEntities } from './html.js';
import type { Browser } from './officer.js';

// Hostile input for test/web/hostile-input.test.ts: the values, the shapes a parameter can take,
// what a good answer to them looks like, and a reader of the forms a page offers.

export const SCRIPT = '<script>alert(1)</script>';

/** A hostile value, as it travels in a URL or an urlencoded form body (already percent-encoded). */
export interface Payload {
  name: string;
  encoded: string;
}

export const payloads: Payload[] = [
  { name: 'script tag', encoded: encodeURIComponent(SCRIPT) },
  { name: 'script tag breaking out of an attribute', encoded: encodeURIComponent(`"'>${SCRIPT}`) },
  { name: "SQL ' OR 1=1 --", encoded: encodeURIComponent("' OR 1=1 --") },
  { name: 'SQL 1; DROP TABLE tenders', encoded: encodeURIComponent('1; DROP TABLE tenders') },
  { name: '10 000 characters', encoded: 'x'.repeat(10_000) },
  { name: '100 000 characters', encoded: 'y'.repeat(100_000) },
  { name: 'bad UTF-8 %C3%28', encoded: '%C3%28' },
  { name: 'bad UTF-8 %FF%FE', encoded: '%FF%FE' },
  { name: 'lone surrogate %ED%A0%80', encoded: '%ED%A0%80' },
  { name: 'NUL character', encoded: 'a%00b' },
  { name: 'stray percent sign', encoded: '50%' },
  { name: 'path traversal ../../etc/passwd', encoded: '../../etc/passwd' },
  { name: 'encoded path traversal %2e%2e%2f', encoded: '%2e%2e%2f%2e%2e%2fetc%2fpasswd' },
  { name: 'backslash traversal ..%5c', encoded: '..%5c..%5cwindows%5cwin.ini' },
  { name: 'prototype key __proto__', encoded: '__proto__' },
  { name: 'number beyond any column', encoded: '99999999999999999999' },
];

/** A parameter in a query string or form: a hostile value, or a shape where one value is expected. */
export interface Variant {
  name: string;
  /** The query-string fragment that sends parameter `name`. */
  fragment(name: string): string;
}

export const valueVariants: Variant[] = payloads.map((p) => ({ name: p.name, fragment: (n) => `${n}=${p.encoded}` }));

export const shapeVariants: Variant[] = [
  { name: 'repeated', fragment: (n) => `${n}=a&${n}=${encodeURIComponent(SCRIPT)}` },
  { name: 'array brackets', fragment: (n) => `${n}[]=a&${n}[]=b` },
  { name: 'nested keys a[b][c]', fragment: (n) => `${n}[b][c]=${encodeURIComponent(SCRIPT)}` },
  { name: 'without a value', fragment: (n) => n },
  { name: '200 repetitions', fragment: (n) => Array.from({ length: 200 }, () => `${n}=a`).join('&') },
];

/** Whole query strings, whatever the route reads. */
export const wholeQueries: Array<{ name: string; query: string }> = [
  { name: '200 parameters, 60 KB', query: Array.from({ length: 200 }, (_, i) => `p${i}=${'z'.repeat(295)}`).join('&') },
  { name: 'prototype pollution keys', query: '__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x' },
];

const DANISH = /[æøåÆØÅ]|\b(ikke|intet|ingen|kan|skal|findes|ugyldig|mangler|kendes|forkert|adressen|formularen|siden|udbud)\b/i;
// Fastify's and zod's own messages: a refusal that shows one was never translated.
const ENGLISH = /\b(is not a valid|Bad Request|Not Found|Unsupported Media Type|Internal Server Error|Payload Too Large|must be|Unexpected token|Rate limit|Invalid input|Too big|Too small|expected)\b/;
const LEAKS = /root:x:0:0|"name":\s*"udbudsportal"|\n\s+at .+:\d+:\d+\)?\n|node_modules\//;

const excerpt = (res: LightMyRequestResponse) => {
  const title = /<title>([^<]*)<\/title>/.exec(res.body)?.[1];
  const alert = /class="alert-text[^"]*">([^<]*)</.exec(res.body)?.[1];
  return (title ? `${title}: ${alert ?? ''}` : res.body).replace(/\s+/g, ' ').slice(0, 300);
};

/** Why a refusal (4xx) is not a clear Danish message, or '' when it is. */
function unclearRefusal(res: LightMyRequestResponse, type: string): string {
  if (type.startsWith('application/json')) {
    let error: { code?: unknown; message?: unknown } | undefined;
    try {
      error = (JSON.parse(res.body) as { error?: typeof error }).error;
    } catch {
      return `refusal is not JSON: ${excerpt(res)}`;
    }
    const clear = typeof error?.code === 'string' && typeof error.message === 'string' && DANISH.test(error.message) && !ENGLISH.test(error.message);
    return clear ? '' : `JSON refusal without a Danish error.code and error.message: ${excerpt(res)}`;
  }
  if (type.startsWith('text/html')) {
    const page = res.body.includes('<html lang="da">') && /<h1[ >]/.test(res.body);
    const message = /role="alert"|class="alert alert-error|class="form-error-message"/.test(res.body);
    return page && message && !ENGLISH.test(res.body) ? '' : `refusal is not a Danish page with an error message: ${excerpt(res)}`;
  }
  if (type.startsWith('text/plain')) return DANISH.test(res.body) && !ENGLISH.test(res.body) ? '' : `refusal is not Danish text: ${excerpt(res)}`;
  return `refusal as ${type || 'no content type'}: ${excerpt(res)}`;
}

/**
 * What is wrong with an answer to hostile input, or '' when nothing is: never a 5xx, a leaked
 * file or stack trace, the script tag unescaped in HTML or XML, or a redirect off the site; a
 * refusal says what is wrong in Danish.
 */
export function problemWith(res: LightMyRequestResponse): string {
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 500) return `server error ${res.statusCode}: ${excerpt(res)}`;
  if (LEAKS.test(res.body)) return `leaks a file or a stack trace: ${excerpt(res)}`;
  if (res.body !== '' && type === '') return 'a body without a content type';
  if (/html|xml/.test(type) && res.body.includes(SCRIPT)) return `the script tag unescaped in ${type}`;
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const location = String(res.headers.location ?? '');
    return location.startsWith('/') && !location.startsWith('//') ? '' : `redirects off the site: ${location}`;
  }
  return res.statusCode >= 400 ? unclearRefusal(res, type) : '';
}

/** Sends a body as it is (urlencoded unless told), with the browser's cookies and, if asked, its CSRF token. */
export async function rawPost(browser: Browser, url: string, body: string | Buffer, options: { type?: string | null; csrf: boolean }) {
  const type = options.type === undefined ? 'application/x-www-form-urlencoded' : options.type;
  const headers: Record<string, string> = { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  if (type) headers['content-type'] = type;
  let payload = body;
  if (options.csrf) {
    // In the form, as a browser sends it; in the header for anything that is no form.
    if (type === 'application/x-www-form-urlencoded' && typeof body === 'string') payload = `_csrf=${encodeURIComponent(browser.csrf)}&${body}`;
    else headers['x-csrf-token'] = browser.csrf;
  }
  return browser.app.inject({ method: 'POST', url, headers, payload });
}

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]!) : undefined;
};

export type FormFields = Array<[name: string, value: string]>;

/** The post forms of a page by the path they post to, with their fields as the page fills them in. */
export function postForms(html: string): Map<string, FormFields> {
  const forms = new Map<string, FormFields>();
  for (const [, attrs, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const tag = `<form${attrs}`;
    if (attribute(tag, 'method')?.toLowerCase() !== 'post') continue;
    const action = (attribute(tag, 'action') ?? '').split('?')[0]!;
    const fields: FormFields = [];
    for (const [input] of inner!.matchAll(/<input\b[^>]*>/g)) {
      const name = attribute(input, 'name');
      const type = attribute(input, 'type') ?? 'text';
      if (!name || name === '_csrf' || (['checkbox', 'radio'].includes(type) && !/\schecked\b/.test(input))) continue;
      fields.push([name, attribute(input, 'value') ?? '']);
    }
    for (const [, selectAttrs, options] of inner!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(`<select${selectAttrs}`, 'name');
      const option = /<option\b[^>]*\sselected\b[^>]*>/.exec(options!)?.[0] ?? /<option\b[^>]*>/.exec(options!)?.[0];
      if (name) fields.push([name, option ? (attribute(option, 'value') ?? '') : '']);
    }
    for (const [, textareaAttrs, text] of inner!.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attribute(`<textarea${textareaAttrs}`, 'name');
      if (name) fields.push([name, decodeEntities(text!)]);
    }
    for (const [button] of inner!.matchAll(/<button\b[^>]*>/g)) {
      const name = attribute(button, 'name');
      if (name && !fields.some(([n]) => n === name)) fields.push([name, attribute(button, 'value') ?? '']);
    }
    if (!forms.has(action)) forms.set(action, fields);
  }
  return forms;
}

/** Fields as an urlencoded body, leaving out `except`. */
export const encodeFields = (fields: FormFields, except?: string) =>
  fields
    .filter(([name]) => name !== except)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');

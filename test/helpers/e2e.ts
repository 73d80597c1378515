// What the end-to-end browser tests share: watching a page for load errors and CSP breaks, axe in
// both languages, and reading the mails the workers write to the outbox (no SMTP_URL).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import type { Test } from 'tap';
import { eventually } from './eventually.js';

export const axeOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

/** Collects what failed to load or broke the CSP on a page. */
export function watch(page: Page, problems: string[]) {
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
}

/** axe on the page as it is now, then on the same page in the other language. */
export async function accessibleInBoth(t: Test, page: Page, what: string, problems: string[]) {
  const url = new URL(page.url());
  for (const lang of ['da', 'en'] as const) {
    url.searchParams.set('lang', lang);
    await page.goto(url.toString());
    t.equal(await page.getAttribute('html', 'lang'), lang, `${what} (${lang}) is in ${lang}`);
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async (options) => {
      const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
      return results.violations.map((v) => `${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, axeOptions);
    t.same(violations, [], `${what} (${lang}): no axe violations`);
    t.same(problems.splice(0), [], `${what} (${lang}): no load errors or CSP violations`);
  }
  url.searchParams.set('lang', 'da');
  await page.goto(url.toString());
}

/** Quoted-printable undone, byte by byte, then read as UTF-8 (so æ, ø, å come out whole). */
function decodeQuotedPrintable(raw: string): string {
  const softBreaksGone = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksGone.length; i++) {
    const hex = /^=([0-9A-F]{2})/.exec(softBreaksGone.slice(i, i + 3));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 2;
    } else {
      for (const byte of Buffer.from(softBreaksGone[i]!, 'utf8')) bytes.push(byte);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The outbox mail to `to` (quoted-printable undone) once a worker has written it; with `matching`,
 * the first such mail whose text matches (a waiting-list mail, then the one that moves you up).
 */
export async function mailTo(outbox: string, to: string, matching?: RegExp): Promise<string> {
  let found = '';
  await eventually(
    async () => {
      const files = await readdir(outbox).catch(() => [] as string[]);
      for (const file of files.filter((f) => f.endsWith('.eml'))) {
        const raw = await readFile(path.join(outbox, file), 'utf8');
        if (!new RegExp(`^To: .*${to.replace(/\./g, '\\.')}`, 'mi').test(raw)) continue;
        const decoded = decodeQuotedPrintable(raw);
        if (matching && !matching.test(decoded)) continue;
        found = decoded;
        return true;
      }
      return false;
    },
    { what: `a mail to ${to} in the outbox`, timeoutMs: 60_000 },
  );
  return found;
}


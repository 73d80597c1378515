// What the end-to-end browser tests share: watching a page for load errors and CSP breaks, axe in
// both languages, and reading the mails the workers write to the outbox (no SMTP_URL).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Test } from 'tap';
import { eventually } from './eventually.js';

/** A new page in a context of its own (Danish), watched into `problems`; every context is closed when `t` ends. */
export function pageMaker(t: Test, browser: Browser, problems: string[]): () => Promise<Page> {
  const contexts: BrowserContext[] = [];
  t.teardown(() => Promise.all(contexts.map((c) => c.close())));
  return async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    watch(page, problems);
    return page;
  };
}

/** Signs an officer in on the page, which lands on /admin. */
export async function signInOfficer(page: Page, base: string, officer: { email: string; password: string }) {
  await page.goto(`${base}/login`);
  await page.fill('#email', officer.email);
  await page.fill('#password', officer.password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
}

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

/**
 * The outbox mail to `to` once a worker has written it, as text: the plain-text part, then any
 * text/calendar part (parsed with mailparser, so quoted-printable and base64 are undone); with
 * `matching`, the first such mail whose text matches (a waiting-list mail, then the seat's).
 */
export async function mailTo(outbox: string, to: string, matching?: RegExp): Promise<string> {
  let found = '';
  await eventually(
    async () => {
      const files = (await readdir(outbox).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
      for (const file of files) {
        const mail = await simpleParser(await readFile(path.join(outbox, file)));
        const recipients = [mail.to].flat().flatMap((a) => a?.value ?? []).map((a) => a.address?.toLowerCase());
        if (!recipients.includes(to.toLowerCase())) continue;
        const calendar = mail.attachments.filter((a) => a.contentType === 'text/calendar').map((a) => a.content.toString('utf8'));
        const text = [mail.subject ?? '', mail.text ?? '', ...calendar].join('\n');
        if (matching && !matching.test(text)) continue;
        found = text;
        return true;
      }
      return false;
    },
    { what: `a mail to ${to}${matching ? ` matching ${matching}` : ''} in the outbox`, timeoutMs: 60_000 },
  );
  return found;
}

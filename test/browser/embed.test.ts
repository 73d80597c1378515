// The embeddable list (/indlejr/udbud) in a real browser, framed the way the municipality's site
// frames it: a page on a second local origin carries the README's <iframe> snippet. An origin in
// EMBED_ORIGINS gets the list inside the frame; any other gets the frame refused by Chromium. And
// axe on the embed page itself.
//
// Runs only with `npm run test:browser`, on Debian's Chromium (or CHROMIUM_PATH); never downloads one.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import type { Browser, Frame, Page } from 'playwright-core';
import t from 'tap';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';

const EMBED = '/indlejr/udbud?status=published&status=planned&limit=5';

/** A page of "the municipality's site": the snippet a CMS editor pastes, pointing at the portal. */
async function siteServer(portal: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!DOCTYPE html><html lang="da"><head><title>Bygge- &amp; Anlægsportal</title></head><body>
<h1>Bygge- &amp; Anlægsportal</h1>
<iframe src="${portal()}${EMBED}" title="Udbud og kommende opgaver i Køge Kommune" loading="lazy" width="100%" height="700"></iframe>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The frame once Chromium has loaded or refused what it was asked for. */
async function embeddedFrame(page: Page, origin: string): Promise<Frame> {
  const frame = page.waitForEvent('framenavigated', { predicate: (f) => f !== page.mainFrame(), timeout: 15_000 });
  await page.goto(origin, { waitUntil: 'load' });
  const navigated = await frame;
  await navigated.waitForLoadState('load');
  return navigated;
}

const rowsIn = (frame: Frame) =>
  frame.evaluate(() => Array.from(document.querySelectorAll('table tbody tr a')).map((a) => ({ text: a.textContent?.trim() ?? '', target: a.getAttribute('target') })));

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
} else {
  let base = '';
  let browser: Browser;
  const closers: Array<() => Promise<unknown>> = [];
  t.teardown(async () => {
    for (const close of closers.reverse()) await close();
  });
  let allowed = '';
  let other = '';

  t.before(async () => {
    const site = await siteServer(() => base);
    const stranger = await siteServer(() => base);
    closers.push(() => new Promise((resolve) => site.server.close(resolve)), () => new Promise((resolve) => stranger.server.close(resolve)));
    allowed = site.origin;
    other = stranger.origin;
    const portal = await portalInChromium(undefined, { EMBED_ORIGINS: `https://www.koege.dk ${allowed}` });
    closers.push(portal.close);
    ({ base, browser } = portal);
  });

  t.test('a site in EMBED_ORIGINS shows the list inside its frame', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    t.teardown(() => page.close());
    const frame = await embeddedFrame(page, allowed);
    t.equal(frame.url(), base + EMBED, 'the frame holds the embed');
    const rows = await rowsIn(frame);
    t.equal(rows.length, 5, 'five tender rows (limit=5)');
    t.ok(rows.every((row) => row.text.length > 0 && row.target === '_top'), 'each a titled link to the portal, in the top window');
    t.equal(await frame.locator('h1').innerText(), 'Udbud og kommende opgaver i Køge Kommune');
    t.equal(await frame.locator('a', { hasText: 'Se alle på Udbudsportal' }).count(), 1);
    const sheets = await frame.evaluate(() => Array.from(document.styleSheets).map((sheet) => sheet.cssRules.length));
    t.ok(sheets.length === 2 && sheets.every((rules) => rules > 0), 'dkfds’ and the portal’s styles load inside the frame');
  });

  t.test('a site not in EMBED_ORIGINS gets the frame refused', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    t.teardown(() => page.close());
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    const frame = await embeddedFrame(page, other);
    t.not(frame.url(), base + EMBED, `Chromium did not show the embed (${frame.url()})`);
    t.same(await rowsIn(frame).catch(() => []), [], 'no tender rows in the frame');
    t.ok(refusals.length > 0, 'Chromium names frame-ancestors as the reason');
  });

  t.test('the embed page itself: html[lang], no CSP problems, no axe violations (WCAG 2.0/2.1 A and AA)', async (t) => {
    for (const lang of ['da', 'en'] as const) {
      for (const width of [390, 1280]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`));
        const response = await page.goto(`${base}${EMBED}&lang=${lang}`, { waitUntil: 'load' });
        t.equal(response?.status(), 200);
        t.equal(await page.getAttribute('html', 'lang'), lang, `html[lang=${lang}]`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        t.equal(overflow, 0, `${width} px: no sideways scrolling`);
        await page.evaluate(axe.source);
        const violations = await page.evaluate(async () => {
          const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
          });
          return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        });
        t.same(violations, [], `${lang}, ${width} px: no axe violations`);
        t.same(problems, [], 'styles load under the CSP, without errors');
        await page.close();
      }
    }
  });
}

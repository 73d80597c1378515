// The public contract pages in a real Chromium, in both languages: on a phone (390 px) no sideways
// scrolling, no stray list bullets, the contract list as cards; and axe-core (WCAG 2.0/2.1 A and
// AA) finds no violation. The pages carry the contracts of test/helpers/contract-pages.ts.
//
// Runs with `npm run test:browser`, like a11y.test.ts (Debian's Chromium, or CHROMIUM_PATH).
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import type { Browser } from 'playwright-core';
import t from 'tap';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import { contractPagesData, SUPPLIER_A } from '../helpers/contract-pages.js';

t.setTimeout(300_000);

const paths = ['/udbud/T-CONTRACT', '/udbud/T-HOSTILE', '/kontrakter', '/kontrakter?overBudget=true', `/leverandoer/${SUPPLIER_A}`, '/krav/SOC-APPRENTICE'];
const pages = [...paths, ...paths.map((path) => `${path}${path.includes('?') ? '&' : '?'}lang=en`)];

const axeOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
} else {
  let base = '';
  let browser: Browser;
  let close: () => Promise<void> = async () => {};
  t.teardown(() => close());
  t.before(async () => {
    ({ base, browser, close } = await portalInChromium((db) => contractPagesData(db)));
  });

  for (const path of pages) {
    t.test(`${path} on a phone`, async (t) => {
      const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 390, height: 844 } });
      t.teardown(() => context.close());
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => problems.push(`a dialog opened: ${d.message()}`));
      const response = await page.goto(base + path, { waitUntil: 'load' });
      t.equal(response?.status(), 200);
      const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, inner: window.innerWidth }));
      t.ok(widths.scroll <= widths.inner, `no horizontal overflow (scrollWidth ${widths.scroll} <= ${widths.inner})`);
      const stray = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main li'))
          .filter((li) => {
            const content = getComputedStyle(li, '::before').content;
            const list = li.parentElement;
            return !(content === 'none' || content === 'normal' || content === '""') && !(list?.tagName === 'UL' && !list.hasAttribute('class'));
          })
          .map((li) => li.textContent?.trim().slice(0, 40)),
      );
      t.same(stray, [], 'no list bullets outside plain bullet lists');
      if (path.startsWith('/kontrakter') || path.startsWith('/leverandoer')) {
        const head = await page.evaluate(() => {
          const thead = document.querySelector('.contract-table thead');
          return thead ? getComputedStyle(thead).display : 'missing';
        });
        t.not(head, 'table-header-group', 'the contracts are cards: no table header row on a phone');
      }
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async (options) => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
        return results.violations.map((v) => `${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.map(String).join(' ')).join(', ')}`);
      }, axeOptions);
      t.same(violations, [], 'no axe violations (WCAG 2.0/2.1 A and AA)');
      t.same(problems, [], 'no script ran');
    });
  }
}

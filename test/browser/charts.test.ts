// The front page's pipeline chart and a tender page's timeline in a real Chromium: the numbers a
// reader sees in the tables are those the bars are drawn from, nothing spills out of the pictures
// on a phone or a desktop, the text stays readable, and axe finds nothing.
//
// Runs with `npm run test:browser`, like a11y.test.ts (Debian's Chromium, or CHROMIUM_PATH).
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
const tenderPage = '/udbud/DBD-UDB-2027-0008';

/** "12.490.000 kr. ekskl. moms" → 12490000; "DKK 12,490,000 excl. VAT" → 12490000. */
const amount = (text: string, lang: 'da' | 'en') => Number((/[\d.,]+/.exec(text)?.[0] ?? 'NaN').replaceAll(lang === 'da' ? '.' : ',', ''));

/** Each text element of an SVG with its box, and the SVG's own box, as laid out. */
function textBoxes(page: Page, svg: string) {
  return page.$eval(svg, (el) => {
    const frame = el.getBoundingClientRect();
    const texts = Array.from(el.querySelectorAll('text')).map((text) => {
      const box = text.getBoundingClientRect();
      return { text: text.textContent ?? '', left: box.left, right: box.right, top: box.top, height: box.height };
    });
    return { frame: { left: frame.left, right: frame.right, width: frame.width, height: frame.height }, texts };
  });
}

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
} else {
  let base = '';
  let browser: Browser;
  let close: () => Promise<void> = async () => {};
  t.teardown(() => close());
  t.before(async () => {
    ({ base, browser, close } = await portalInChromium());
  });

  async function open(t: Test, path: string, viewport = desktop) {
    const context = await browser.newContext({ locale: 'da-DK', viewport });
    t.teardown(() => context.close());
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(base + path, { waitUntil: 'load' });
    return { page, problems };
  }

  for (const lang of ['da', 'en'] as const) {
    t.test(`/ (${lang}): every bar's count and value is the one the tables show`, async (t) => {
      const { page, problems } = await open(t, `/?lang=${lang}`);
      const bars = await page.$$eval('#pipeline-chart .pipeline-bar', (list) =>
        list.map((g) => ({
          quarter: g.getAttribute('data-quarter')!,
          count: Number(g.getAttribute('data-count')),
          value: Number(g.getAttribute('data-value-dkk')),
          segments: Array.from(g.querySelectorAll('.pipeline-segment')).map((s) => ({
            workType: s.getAttribute('data-work-type')!,
            count: Number(s.getAttribute('data-count')),
            value: Number(s.getAttribute('data-value-dkk')),
          })),
        })),
      );
      t.ok(bars.length >= 3, `${bars.length} quarters drawn`);
      // What a reader sees: the cells' rendered text, not the rows' attributes.
      const rows = await page.$$eval('#quarters-table tbody tr', (list) => list.map((tr) => Array.from(tr.children).map((c) => (c as HTMLElement).innerText.trim())));
      t.equal(rows.length, bars.length, 'one row per bar');
      bars.forEach((bar, i) => {
        const [label, count, value] = rows[i]!;
        t.equal(Number(count), bar.count, `${label}: count`);
        t.equal(amount(value!, lang), bar.value, `${label}: value`);
      });
      const typeRows = await page.$$eval('#quarter-types-table tbody tr[data-work-type]', (list) =>
        list.map((tr) => ({ quarter: tr.getAttribute('data-quarter'), workType: tr.getAttribute('data-work-type'), cells: Array.from(tr.children).map((c) => (c as HTMLElement).innerText.trim()) })),
      );
      for (const bar of bars) {
        t.equal(bar.segments.reduce((sum, s) => sum + s.value, 0), bar.value, `${bar.quarter}: the segments add up to the bar`);
        for (const segment of bar.segments) {
          const row = typeRows.find((r) => r.quarter === bar.quarter && r.workType === segment.workType);
          t.equal(Number(row?.cells[1]), segment.count, `${bar.quarter} ${segment.workType}: count`);
          t.equal(amount(row?.cells[2] ?? '', lang), segment.value, `${bar.quarter} ${segment.workType}: value`);
        }
      }
      t.equal(await page.locator('#pipeline-chart title').first().textContent(), lang === 'da' ? 'Kommende opgaver pr. kvartal, fordelt på arbejdstype' : 'Upcoming contracts by quarter and type of work');
      t.same(problems, [], 'no CSP violations or script errors');
    });
  }

  for (const [name, viewport] of [['390', phone], ['1280', desktop]] as const) {
    t.test(`/ at ${name} px: the chart fits its column, its words inside it and readable`, async (t) => {
      const { page } = await open(t, '/', viewport);
      const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, inner: window.innerWidth }));
      t.ok(widths.scroll <= widths.inner, `no sideways scrolling (${widths.scroll} <= ${widths.inner})`);
      const { frame, texts } = await textBoxes(page, '#pipeline-chart');
      const column = await page.$eval('#pipeline-chart', (el) => el.parentElement!.getBoundingClientRect().right);
      t.ok(frame.width > 0 && frame.right <= column + 0.5 && frame.right <= viewport.width, `the chart within its column (${frame.right} <= ${column})`);
      t.ok(texts.length > 0);
      for (const text of texts) {
        t.ok(text.left >= frame.left - 0.5 && text.right <= frame.right + 0.5, `"${text.text}" inside the chart`);
        t.ok(text.height >= 14, `"${text.text}" readable (${text.height.toFixed(1)} px high)`);
      }
      const legend = await page.locator('.pipeline-legend li').count();
      t.ok(legend >= 3, `${legend} work types in the legend`);
    });

    t.test(`${tenderPage} at ${name} px: the timeline is shown, its labels apart and inside it`, async (t) => {
      const { page } = await open(t, tenderPage, viewport);
      t.ok(await page.locator('#timeline-chart').isVisible(), 'the picture is visible');
      t.equal(await page.locator('.timeline-steps li').count(), 4, 'the four steps as a list');
      t.ok(await page.locator('.timeline-steps').isVisible());
      const { frame, texts } = await textBoxes(page, '#timeline-chart');
      t.ok(frame.height > 40, `the picture has height (${frame.height})`);
      for (const text of texts) {
        t.ok(text.left >= frame.left - 0.5 && text.right <= frame.right + 0.5, `"${text.text}" inside the picture`);
        t.ok(text.height >= 14, `"${text.text}" readable (${text.height.toFixed(1)} px high)`);
      }
      // Labels on one line of text must not run into each other.
      const lines = new Map<number, typeof texts>();
      for (const text of texts) lines.set(Math.round(text.top), [...(lines.get(Math.round(text.top)) ?? []), text]);
      for (const line of lines.values()) {
        const sorted = [...line].sort((a, b) => a.left - b.left);
        sorted.slice(1).forEach((text, i) => t.ok(text.left >= sorted[i]!.right, `"${sorted[i]!.text}" and "${text.text}" apart`));
      }
      const done = await page.$$eval('.timeline-dot', (dots) => dots.map((d) => [d.getAttribute('data-done'), d.getAttribute('fill')]));
      t.same(done.map(([isDone, fill]) => (isDone === 'true') === (fill === '#0b5ca8')), [true, true, true, true], 'done steps filled');
    });
  }

  for (const path of ['/', tenderPage, '/?lang=en', `${tenderPage}?lang=en`]) {
    t.test(`axe on ${path}`, async (t) => {
      const { page } = await open(t, path);
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      t.same(violations, [], 'no axe violations (WCAG 2.0/2.1 A and AA)');
    });
  }
}

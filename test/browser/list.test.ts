// The tender list in a real browser: an open tender's row shows its bid deadline and the days left
// in the column a contractor reads, in Danish and English, not the expected publication.
//
// Runs only with `npm run test:browser`, on Debian's Chromium (or CHROMIUM_PATH); never downloads one.
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import t from 'tap';
import { copenhagenDate } from '../../src/domain/period.js';
import { daysBetween } from '../../src/domain/standstill.js';


/** Each row of the result table as the browser shows it: status text, last cell's text, its <time datetime>. */
const rowsOf = (page: Page) =>
  page.$$eval('#results-heading ~ div table tbody tr', (rows) =>
    rows.map((row) => {
      const cells = Array.from(row.querySelectorAll('td'));
      const last = cells.at(-1)!;
      return {
        status: cells[1]?.innerText.trim() ?? '',
        timing: last.innerText.replace(/\s+/g, ' ').trim(),
        datetime: last.querySelector('time')?.getAttribute('datetime') ?? null,
      };
    }),
  );

/** The countdown the page must show for a deadline, from today in Copenhagen. */
function expectedCountdown(datetime: string, lang: 'da' | 'en') {
  const days = daysBetween(copenhagenDate(new Date()), copenhagenDate(new Date(datetime)));
  if (days < 0) return lang === 'da' ? 'fristen er udløbet' : 'deadline passed';
  if (days === 0) return lang === 'da' ? 'i dag' : 'today';
  if (days === 1) return lang === 'da' ? 'i morgen' : 'tomorrow';
  return lang === 'da' ? `om ${days} dage` : `in ${days} days`;
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

  for (const lang of ['da', 'en'] as const) {
    t.test(`open tenders show their deadline and the days left in /udbud (${lang})`, async (t) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      t.teardown(() => page.close());
      for (const query of ['', 'status=published&sort=deadline']) {
        await page.goto(`${base}/udbud?${query}${query ? '&' : ''}lang=${lang}`);
        const header = (await page.locator('#results-heading ~ div table thead th').last().innerText()).trim();
        t.equal(header, lang === 'da' ? 'Frist, forventet udbud eller vinder' : 'Deadline, expected publication or winner');
        const open = (await rowsOf(page)).filter((row) => row.status === (lang === 'da' ? 'Åben for tilbud' : 'Open for bids'));
        t.ok(open.length > 0, `${query || 'all'}: the page lists open tenders`);
        for (const row of open) {
          t.ok(row.datetime, `${row.timing}: a deadline as <time>`);
          t.match(row.timing, new RegExp(`^${lang === 'da' ? 'Tilbudsfrist' : 'Bid deadline'} `), 'labelled as the bid deadline');
          t.ok(row.timing.endsWith(`(${expectedCountdown(row.datetime!, lang)})`), `${row.timing}: the days left`);
          t.notMatch(row.timing, lang === 'da' ? /Forventet udbud/ : /Expected tender/, 'not the expected publication');
        }
      }
    });
  }
}

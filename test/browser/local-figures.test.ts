// The "Lokale virksomheder" figures page in Chromium, with figures in its tables: axe-core (WCAG
// 2.0/2.1 A and AA) finds no violation in Danish or English, under the real CSP.
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';

const TENDER = 'DBD-UDB-2027-0008';

/** A finished round on a sample tender, written straight to the tables the page reads. */
async function prepare(db: Db) {
  const { id: firmId } = await db
    .insertInto('firms')
    .values({ cvr: '30023757', name: 'Figur Tømrer ApS', address: 'Torvet 1', postal_code: '4600', city: 'Køge', size: 'micro', status: 'approved', public_listing: true, wants_invitations: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('invitations').values([
    { tender_id: TENDER, firm_id: firmId, cvr: '30023757', firm_name: 'Figur Tømrer ApS' },
    { tender_id: TENDER, firm_id: null, cvr: '30071271', firm_name: 'Udenfor ApS', outside_local: true },
  ]).execute();
  const details = { winnerName: 'Figur Tømrer ApS', winnerCvr: '30023757', awardValueDkk: 2_500_000, bidsReceived: 2, criterion: 'lowest_price', weights: null, decidedOn: '2026-11-20', notifiedOn: '2026-11-20' };
  await db.insertInto('decisions').values({ tender_id: TENDER, kind: 'award', decided_on: '2026-11-20', details: JSON.stringify(details) }).execute();
  await db.updateTable('tenders').set({ status: 'awarded' }).where('id', '=', TENDER).execute();
}

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: install Debian's browser, or set CHROMIUM_PATH`);
} else {
  t.test('the figures page has figures and no axe violation in either language', async (t) => {
    const portal = await portalInChromium(prepare);
    t.teardown(portal.close);
    for (const [path, lang, text] of [
      ['/tal/lokale-virksomheder', 'da', '1 (50,0 %)'],
      ['/tal/lokale-virksomheder?lang=en', 'en', '1 (50.0%)'],
    ] as const) {
      const context = await portal.browser.newContext({ locale: 'da-DK' });
      t.teardown(() => context.close());
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      const response = await page.goto(portal.base + path, { waitUntil: 'load' });
      t.equal(response?.status(), 200, path);
      t.equal(await page.getAttribute('html', 'lang'), lang);
      t.equal(await page.locator('table caption').count(), 2, 'two tables, each with a caption');
      t.match((await page.locator('main').innerText()).replace(/\u00a0/g, ' '), text, 'the local share of invitations');
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const w = window as unknown as { axe: typeof axe };
        const results = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
        return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      });
      t.same(violations, [], `${path}: no axe violation`);
      t.same(problems, [], 'no script or CSP errors');
    }
  });
}

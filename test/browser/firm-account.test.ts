// A firm's account in Chromium, under the real CSP: sign up through the form (once with errors),
// sign in from the link, edit on Min virksomhed, sign out; axe (WCAG 2.0/2.1 A and AA) on every
// page on the way, in Danish and in English. Runs with `npm run test:browser`.
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import { portalInChromium } from '../helpers/browser.js';
import { latestSigninPath } from '../helpers/firm-account.js';

const axeOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

/** Runs axe on the page: no violation, and nothing failed to load or broke the CSP. */
async function accessible(t: Test, page: Page, what: string, problems: string[]) {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async (options) => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
    return results.violations.map((v) => `${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, axeOptions);
  t.same(violations, [], `${what}: no axe violations`);
  t.same(problems.splice(0), [], `${what}: no load errors or CSP violations`);
}

t.test('a firm signs up, signs in from the link, edits and signs out, in Danish and English', async (t) => {
  let db!: Db;
  const portal = await portalInChromium(async (d) => (db = d));
  t.teardown(portal.close);
  const { base } = portal;

  for (const lang of ['da', 'en'] as const) {
    const context = await portal.browser.newContext({ locale: lang === 'da' ? 'da-DK' : 'en-GB' });
    t.teardown(() => context.close());
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (400|409|410)/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    const email = `kontakt-${lang}@firma.test`;
    const cvr = lang === 'da' ? '30166299' : '30332598';

    await page.goto(`${base}/${lang === 'en' ? '?lang=en' : ''}`);
    await page.click(`header .site-firms a[href="/virksomhed/log-ind"]`);
    t.equal(await page.getAttribute('html', 'lang'), lang);
    await accessible(t, page, `${lang} sign-in`, problems);
    await page.click('main a[href="/virksomhed/tilmeld"]');
    await accessible(t, page, `${lang} sign-up`, problems);

    await page.fill('#cvr', '12345678');
    await page.fill('#name', 'Browser & Søn ApS');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    t.equal(await page.locator('.alert-error').count(), 1, 'the error summary');
    t.equal(await page.inputValue('#name'), 'Browser & Søn ApS', 'the form keeps what was typed');
    await accessible(t, page, `${lang} sign-up with errors`, problems);

    await page.fill('#cvr', cvr);
    await page.fill('#address', 'Torvet 1');
    await page.fill('#postalCode', '4600');
    await page.fill('#city', 'Køge');
    await page.check('#trades');
    await page.check('#size');
    await page.fill('#contactName', 'Kim Kontakt');
    await page.fill('#email', email);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    t.match(page.url(), /\/virksomhed\/tilmeldt$/);
    await accessible(t, page, `${lang} signed up`, problems);

    await page.goto(base + (await latestSigninPath(db, email)));
    await accessible(t, page, `${lang} link page`, problems);
    await Promise.all([page.waitForURL(`${base}/virksomhed`), page.click('main form button[type=submit]')]);
    t.match(await page.textContent('h1'), 'Browser & Søn ApS');
    await accessible(t, page, `${lang} Min virksomhed`, problems);

    await page.fill('#city', 'Herfølge');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/virksomhed"] button[type=submit]')]);
    t.equal(await page.locator('.alert-success').count(), 1, 'saved');
    t.equal((await db.selectFrom('firms').select('city').where('cvr', '=', cvr).executeTakeFirstOrThrow()).city, 'Herfølge');

    await page.goto(`${base}/virksomhed/slet`);
    await accessible(t, page, `${lang} delete page`, problems);
    await page.goto(`${base}/virksomhed/log-ind/ikke-et-link`);
    await accessible(t, page, `${lang} invalid link`, problems);

    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(`${base}/`), page.click('header form[action="/virksomhed/log-ud"] button')]);
    t.equal(await page.locator('header .firm-bar').count(), 0, 'signed out');
  }
});

// Accessibility of the officers' contract follow-up page (/admin/udbud/{id}/kontrakt) in a real
// browser, both languages: axe-core (WCAG 2.0/2.1 A and AA) on the page with targets, progress, a
// check with the supplier's response, changes over §180's limit, and on the change form sent back
// with the missing legal basis and its warning. Runs alone or with `npm run test:browser`
// (Debian's Chromium, as test/browser/a11y.test.ts). A missing browser is a failure, not a skip.
import { existsSync } from 'node:fs';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import { contractInDatabase } from '../helpers/contracts.js';
import axe from 'axe-core';
import { accessibleInBoth, axeOptions, pageMaker, signInOfficer } from '../helpers/e2e.js';

t.setTimeout(600_000);

const OFFICER = { email: 'kontrakt@a11y.test', password: 'tilgaengelig-adgangskode' };

async function prepare(db: Db) {
  await createUser(db, { email: OFFICER.email, name: 'Karin', role: 'officer', password: OFFICER.password }, null);
  const { tenderId, targets } = await contractInDatabase(db);
  await db.insertInto('contract_progress').values({ target_id: targets[0]!.id, tender_id: tenderId, observed_on: '2026-10-01', value: 1.5 }).execute();
  await db
    .insertInto('contract_checks')
    .values([
      { tender_id: tenderId, checked_on: '2026-11-03', subject: 'Lønsedler for lærlinge', requirement_code: 'SOC-APPRENTICE', outcome: 'breach', sanction: 'fine', fine_dkk: 25_000, supplier_response: 'Rettet.' },
      { tender_id: tenderId, checked_on: '2026-11-10', subject: 'Sikkerhed på pladsen', outcome: 'finding', sanction: 'warning' },
    ])
    .execute();
  await db
    .insertInto('contract_changes')
    .values([
      { tender_id: tenderId, changed_on: '2026-09-01', reason: 'extra_work', value_change_dkk: 1_440_000 },
      { tender_id: tenderId, changed_on: '2026-10-01', reason: 'unforeseen_conditions', value_change_dkk: 480_000, legal_basis: 'unforeseen_182', new_end_on: '2027-09-30' },
    ])
    .execute();
  return tenderId;
}

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: install Debian's browser, or set CHROMIUM_PATH to a Chromium binary`);
} else {
  t.test('the contract follow-up page, and its change form sent back without a legal basis', async (t) => {
    const portal = await portalInChromium(prepare);
    t.teardown(portal.close);
    const problems: string[] = [];
    const page = await pageMaker(t, portal.browser, problems)();
    await signInOfficer(page, portal.base, OFFICER);

    await page.goto(`${portal.base}/admin/udbud/T-CONTRACT/kontrakt`);
    t.equal(await page.locator('h1').textContent(), 'Kontraktopfølgning: Renovering af Ølby Skole');
    await accessibleInBoth(t, page, 'the follow-up page', problems);

    // A change that crosses the limit again, without a basis: the form comes back with the warning.
    await page.locator('#change-heading').click();
    await page.fill('#change-changedOn', '2026-11-20');
    await page.selectOption('#change-reason', 'extra_work');
    await page.fill('#change-valueChangeDkk', '100.000');
    const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action$="/aendring"] button[type=submit]').click()]);
    t.equal(answer?.status(), 400);
    t.match(await page.locator('#change-legalBasis-error').textContent(), /Vælg det retsgrundlag/);
    t.equal(await page.locator('[aria-invalid="true"]').count(), 1, 'the legal basis is marked invalid');
    // The form's answer is a POST: axe it as it stands (both languages need a GET, so Danish only here).
    await page.evaluate(axe.source);
    const found = await page.evaluate(async (options) => {
      const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
      return results.violations.map((v) => `${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, axeOptions);
    t.same(found, [], 'the form with its errors: no axe violations');
    // The 400 answer of the form itself is meant; Chromium logs it as a failed load.
    const unexpected = problems.filter((problem) => !/^console: Failed to load resource: the server responded with a status of 400/.test(problem));
    t.same(unexpected, [], 'no load errors or CSP violations');
  });
}

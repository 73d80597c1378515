// Accessibility of the contract forms sent back with their errors, in a real browser and both
// languages (the states the other contract a11y tests do not reach): the contract form on the
// officers' tender page with its targets and KPI rows wrong, the follow-up page with the progress,
// check, change and completion forms each sent back, and the ratings page of a tender whose
// contract is not signed yet. axe-core (WCAG 2.0/2.1 A and AA) on each as the form's answer stands.
// Runs with `npm run test:browser` (Debian's Chromium, or CHROMIUM_PATH). A missing browser is a
// failure, not a skip.
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { recordDecision } from '../../src/decisions/service.js';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import { contractInDatabase } from '../helpers/contracts.js';
import { award, copenhagenDay, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { axeOptions, pageMaker, signInOfficer } from '../helpers/e2e.js';

t.setTimeout(600_000);

const OFFICER = { email: 'kontraktfejl@a11y.test', password: 'tilgaengelig-adgangskode' };

async function prepare(db: Db) {
  const user = await createUser(db, { email: OFFICER.email, name: 'Frida', role: 'officer', password: OFFICER.password }, null);
  // SMALL_TENDER (works, under the EU threshold, LAB-ILO94 and SOC-APPRENTICE) awarded, not signed.
  await withTenders(db);
  await recordDecision(
    db,
    SMALL_TENDER,
    { kind: 'award', details: award({ awardValueDkk: 1_480_000, decidedOn: copenhagenDay(-3), notifiedOn: copenhagenDay(-3) }) },
    1,
    { id: user.id, email: user.email, role: user.role },
    { extraClosedDays: [] },
  );
  // T-CONTRACT signed, for the follow-up forms.
  await contractInDatabase(db);
}

/** axe on the page as it stands (a form's answer to a POST cannot be fetched again in the other language). */
async function noViolations(t: Test, page: Page, what: string) {
  await page.evaluate(axe.source);
  const found = await page.evaluate(async (options) => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
    return results.violations.map((v) => `${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, axeOptions);
  t.same(found, [], `${what}: no axe violations`);
}

/** Submits a form and waits for its answer; the status of that answer. */
async function submit(page: Page, button: string) {
  const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
  return answer?.status();
}

interface FormCase {
  name: string;
  path: string;
  /** Opens and fills the form as the officer gets it wrong. */
  fill: (page: Page) => Promise<void>;
  button: string;
  /** The field whose message must show. */
  errorId: string;
  message: { da: RegExp; en: RegExp };
}

const followup = '/admin/udbud/T-CONTRACT/kontrakt';
const cases: FormCase[] = [
  {
    name: 'the contract form with its targets and a KPI row wrong',
    path: `/admin/udbud/${SMALL_TENDER}`,
    fill: async (page) => {
      await page.click('#contract-heading');
      await page.fill('#contract-signedOn', copenhagenDay(0));
      await page.fill('#contract-finalValueDkk', '1.495.000');
      await page.fill('#contract-target-SOC-APPRENTICE-apprentice_years', '2.5');
      await page.fill('#contract-kpi1-title', 'Arbejdsulykker');
    },
    button: 'form[action$="/kontrakt"] button[type=submit]',
    errorId: 'contract-target-LAB-ILO94-error',
    message: { da: /Skriv mindst ét mål for kravet LAB-ILO94\./, en: /Enter at least one target for the requirement LAB-ILO94\./ },
  },
  {
    name: 'the progress form with a negative amount',
    path: followup,
    fill: async (page) => {
      await page.click('#progress-heading');
      await page.selectOption('#progress-targetId', { index: 1 });
      await page.fill('#progress-observedOn', '2026-10-01');
      await page.fill('#progress-value', '-2');
    },
    button: 'form[action$="/fremdrift"] button[type=submit]',
    errorId: 'progress-value-error',
    message: { da: /Det leverede kan ikke være under nul/, en: /The amount delivered cannot be below zero/ },
  },
  {
    name: 'the check form sent empty',
    path: followup,
    fill: async (page) => {
      await page.click('#check-heading');
      await page.selectOption('#check-sanction', 'fine');
    },
    button: 'form[action$="/kontrol"] button[type=submit]',
    errorId: 'check-subject-error',
    message: { da: /Skriv, hvad der blev kontrolleret/, en: /Enter what was checked/ },
  },
  {
    name: 'the change form without a reason',
    path: followup,
    fill: async (page) => {
      await page.click('#change-heading');
      await page.fill('#change-changedOn', '2026-09-01');
      await page.fill('#change-valueChangeDkk', '120.000');
    },
    button: 'form[action$="/aendring"] button[type=submit]',
    errorId: 'change-reason-error',
    message: { da: /Vælg ændringens årsag/, en: /Choose the reason for the change/ },
  },
  {
    name: 'the completion form sent empty',
    path: followup,
    fill: async () => {},
    button: 'form[action$="/afslut"] button[type=submit]',
    errorId: 'complete-finalValueDkk-error',
    message: { da: /Skriv kontraktens endelige værdi/, en: /Enter the contract’s final value/ },
  },
];

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: install Debian's browser, or set CHROMIUM_PATH to a Chromium binary`);
} else {
  t.test('the contract forms sent back with errors, and ratings before the signing, in both languages', async (t) => {
    const portal = await portalInChromium(prepare);
    t.teardown(portal.close);
    const { base } = portal;
    const problems: string[] = [];
    const page = await pageMaker(t, portal.browser, problems)();
    await signInOfficer(page, base, OFFICER);

    for (const lang of ['da', 'en'] as const) {
      for (const form of cases) {
        await page.goto(`${base}${form.path}?lang=${lang}`);
        await form.fill(page);
        t.equal(await submit(page, form.button), 400, `${form.name} (${lang}): answered 400`);
        t.equal(await page.getAttribute('html', 'lang'), lang, `${form.name} (${lang}): in ${lang}`);
        t.match(await page.textContent(`#${form.errorId}`), form.message[lang], `${form.name} (${lang}): the message next to the field`);
        t.ok(await page.locator('.error-summary, [role=alert]').count(), `${form.name} (${lang}): an error summary on top`);
        await noViolations(t, page, `${form.name} (${lang})`);
      }

      // A rating on a contract not yet signed: the page says why there is no form.
      await page.goto(`${base}/admin/udbud/${SMALL_TENDER}/kontrakt/vurderinger?lang=${lang}`);
      t.match(await page.textContent('main'), lang === 'da' ? 'Kontrakten er ikke registreret endnu.' : 'The contract has not been recorded yet.');
      t.equal(await page.locator('main form').count(), 0, `ratings before the signing (${lang}): no form`);
      await noViolations(t, page, `ratings before the signing (${lang})`);
    }
    // The forms' own 400 answers are meant; Chromium logs each as a failed load.
    const unexpected = problems.filter((problem) => !/^console: Failed to load resource: the server responded with a status of 400/.test(problem));
    t.same(unexpected, [], 'no load errors or CSP violations');
  });
}

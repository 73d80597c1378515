// Accessibility of the ratings pages in a real browser, both languages: axe-core (WCAG 2.0/2.1 A
// and AA) on the officers' ratings page (a draft with the supplier, one past its due date with the
// publish button, one replied to; the form, also sent empty) and the supplier's page under
// /virksomhed (the reply form, also sent empty).
// Runs with `npm run test:browser` (Debian's Chromium, as test/browser/a11y.test.ts).
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import type { BrowserContext } from 'playwright-core';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { copenhagenDate } from '../../src/domain/period.js';
import { addDays } from '../../src/domain/standstill.js';
import { createFirmSession, FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import { contractInDatabase, SUPPLIER_CVR } from '../helpers/contracts.js';

t.setTimeout(600_000);

let tenderId = '';
let firmSession = '';

async function prepare(db: Db) {
  await createUser(db, { email: 'vurdering@a11y.test', name: 'Vera', role: 'officer', password: 'tilgaengelig-adgangskode' }, null);
  const contract = await contractInDatabase(db);
  tenderId = contract.tenderId;
  const kpi = contract.targets.find((target) => target.title !== null)!;
  const today = copenhagenDate(new Date());
  const ratings = await db
    .insertInto('contract_ratings')
    .values([
      { tender_id: tenderId, occasion: 'yearly', rated_on: '2026-08-01', overall: 'approaching', reason: 'Bagud med lærlinge', reply_due_on: '2026-08-15', reply: 'Vi indhenter det', replied_at: new Date('2026-08-10T10:00:00Z'), published_at: new Date('2026-08-10T10:00:00Z') },
      { tender_id: tenderId, occasion: 'yearly', rated_on: addDays(today, -20), overall: 'good', reason: 'I orden', reply_due_on: addDays(today, -1) },
      { tender_id: tenderId, occasion: 'handover', rated_on: today, overall: 'requires_improvement', reason: 'Mange mangler', reply_due_on: addDays(today, 14) },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('contract_rating_items')
    .values(ratings.map((rating) => ({ rating_id: rating.id, target_id: kpi.id, rating: 'good' as const, reason: 'Få mangler' })))
    .execute();
  const { id: firmId } = await db
    .insertInto('firms')
    .values({ cvr: SUPPLIER_CVR, name: 'Byg & Anlæg Køge A/S', address: 'Torvet 1', postal_code: '4600', city: 'Køge', size: 'medium', status: 'approved', public_listing: true, wants_invitations: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: contactId } = await db.insertInto('firm_contacts').values({ firm_id: firmId, name: 'Bo', email: 'bo@a11y.test' }).returning('id').executeTakeFirstOrThrow();
  firmSession = await createFirmSession(db, contactId);
}

const axeOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
} else {
  let root = '';
  let officer: BrowserContext;
  let firm: BrowserContext;
  const closers: (() => Promise<unknown>)[] = [];
  t.teardown(async () => {
    for (const close of closers.reverse()) await close();
  });
  t.before(async () => {
    const portal = await portalInChromium(prepare);
    closers.push(portal.close);
    root = portal.base;
    officer = await portal.browser.newContext({ locale: 'da-DK' });
    firm = await portal.browser.newContext({ locale: 'da-DK' });
    closers.push(() => officer.close(), () => firm.close());
    const login = await officer.newPage();
    await login.goto(`${root}/login`);
    await login.fill('#email', 'vurdering@a11y.test');
    await login.fill('#password', 'tilgaengelig-adgangskode');
    await Promise.all([login.waitForURL(`${root}/admin`), login.click('button[type=submit]')]);
    await login.close();
    await firm.addCookies([{ name: FIRM_SESSION_COOKIE, value: firmSession, url: root }]);
  });

  type Check = { path: () => string; status: number; asFirm?: boolean; submitEmpty?: boolean };
  const checks: Check[] = [];
  for (const lang of ['da', 'en'] as const) {
    const q = (path: string) => `${path}?lang=${lang}`;
    checks.push(
      { path: () => q(`/admin/udbud/${tenderId}/kontrakt/vurderinger`), status: 200 },
      { path: () => q(`/admin/udbud/${tenderId}/kontrakt/vurderinger`), status: 400, submitEmpty: true },
      { path: () => q('/virksomhed/vurderinger'), status: 200, asFirm: true },
      { path: () => q('/virksomhed/vurderinger'), status: 400, asFirm: true, submitEmpty: true },
    );
  }

  for (const check of checks) {
    t.test(`${check.asFirm ? 'firm' : 'officer'} ratings page${check.submitEmpty ? ', sent empty' : ''}`, async (t) => {
      const page = await (check.asFirm ? firm : officer).newPage();
      t.teardown(() => page.close());
      const path = check.path();
      t.comment(path);
      let response = await page.goto(root + path, { waitUntil: 'load' });
      if (check.submitEmpty) {
        [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form:has(textarea) button[type=submit]')]);
      }
      t.equal(response?.status(), check.status, `answers HTTP ${check.status}`);
      t.equal(await page.getAttribute('html', 'lang'), /lang=en/.test(path) ? 'en' : 'da');
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async (options) => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
        return results.violations.map((v) => `${v.id}: ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }, axeOptions);
      t.same(violations, [], `no axe violations on ${path}`);
    });
  }
}

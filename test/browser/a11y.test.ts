// Accessibility check of every public page in a real browser: axe-core (WCAG 2.0/2.1 A and AA),
// html[lang=da] (html[lang=en] at ?lang=en), and the skip link as the first stop of the keyboard.
//
// Runs only with `npm run test:browser` (the normal `npm test` excludes test/browser/).
// Uses Debian's Chromium (apt-get install chromium) or the one named by CHROMIUM_PATH;
// it never downloads a browser. A missing browser is a failure, not a skip.
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import type { BrowserContext } from 'playwright-core';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { showInterest } from '../../src/firms/interest.js';
import { createFirmSession, FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';

// Some 50 pages at 2–4 s each in a browser, each with axe, one at a time: about three minutes on
// this 2-core machine, past five when the machine is busy with other work (as the other browser
// files with many pages, it has ten).
t.setTimeout(600_000);

// {confirm} and {manage} stand for signed subscription tokens made once the database exists.
// `submitInvalid`: the page's form is sent with a bad e-mail address, to check its error state.
const pages: { path: string; status: number; submitInvalid?: boolean }[] = [
  { path: '/', status: 200 },
  { path: '/udbud', status: 200 },
  { path: '/udbud?q=tag&status=published', status: 200 },
  { path: '/udbud?minValue=abc', status: 400 },
  { path: '/udbud/DBD-UDB-2027-0008', status: 200 }, // published
  { path: '/udbud/DBD-UDB-2026-0001', status: 200 }, // planned
  { path: '/udbud/DBD-UDB-2026-0010', status: 200 }, // cancelled
  { path: '/udbud/UNKNOWN', status: 404 },
  { path: '/taerskler', status: 200 },
  { path: '/taerskler?amountDkk=3000000&contractType=works', status: 200 },
  { path: '/taerskler?amountDkk=abc&contractType=works', status: 400 }, // the form's error state
  { path: '/krav', status: 200 },
  { path: '/krav/LAB-ILO94', status: 200 },
  { path: '/tilgaengelighed', status: 200 },
  { path: '/status', status: 200 },
  { path: '/login', status: 200 },
  { path: '/abonnement?q=tag&status=published', status: 200 },
  { path: '/abonnement?q=tag', status: 400, submitInvalid: true },
  { path: '/abonnement/tjek-din-mail', status: 200 },
  { path: '/api/docs', status: 200 },
  { path: '/abonnement/bekraeft/{confirm}', status: 200 },
  { path: '/abonnement/administrer/{manage}', status: 200 },
  { path: '/abonnement/afmeld/{manage}', status: 200 },
  { path: '/abonnement/administrer/ugyldigt-link', status: 404 },
  { path: '/virksomheder', status: 200 },
  { path: '/virksomheder?postnr=9999', status: 200 }, // empty: how a firm gets listed
  { path: '/virksomheder?postnr=12', status: 400 },
  { path: '/tal/lokale-virksomheder', status: 200 },
  // English last: ?lang=en sets the language cookie for the rest of this browser context.
  { path: '/?lang=en', status: 200 },
  { path: '/udbud?lang=en', status: 200 },
  { path: '/udbud/DBD-UDB-2027-0008?lang=en', status: 200 },
  { path: '/taerskler?lang=en', status: 200 },
  { path: '/udbud/UNKNOWN?lang=en', status: 404 },
  { path: '/virksomheder?lang=en', status: 200 },
  { path: '/tal/lokale-virksomheder?lang=en', status: 200 },
];

// A firm awaiting approval, listed publicly once approved; its page in the back office.
const A11Y_FIRM = '11111111-1111-4111-8111-111111111111';

// The officers' back office, seen signed in as an administrator.
const adminPages: { path: string; status: number }[] = [
  { path: '/admin', status: 200 },
  { path: '/admin/brugere', status: 200 },
  { path: '/admin/revision', status: 200 },
  { path: '/admin/revision?from=nej', status: 400 },
  { path: '/admin/taerskler', status: 200 },
  { path: '/admin/taerskler/ny', status: 200 },
  { path: '/admin/krav', status: 200 },
  { path: '/admin/krav/ny', status: 200 },
  { path: '/admin/krav/LAB-ILO94', status: 200 },
  { path: '/admin/udbud', status: 200 },
  { path: '/admin/mails', status: 200 },
  { path: '/admin/udbud/DBD-UDB-2027-0008', status: 200 },
  { path: '/admin/udbud/DBD-UDB-2026-0001', status: 200 },
  { path: '/admin/virksomheder', status: 200 },
  { path: '/admin/virksomheder?status=nej', status: 400 },
  { path: `/admin/virksomheder/${A11Y_FIRM}`, status: 200 },
];

// A firm's contact person, signed in: the interest form on coming work, and "Mit overblik" with an
// interest and an invitation (the officers' page of the planned tender above then lists the firm).
const firmPages: { path: string; status: number }[] = [
  { path: '/udbud/DBD-UDB-2026-0001', status: 200 },
  { path: '/udbud/DBD-UDB-2026-0004', status: 200 },
  { path: '/virksomhed/overblik', status: 200 },
  { path: '/virksomhed/overblik?lang=en', status: 200 },
  { path: '/udbud/DBD-UDB-2026-0001?lang=en', status: 200 },
];

const axeOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

if (!existsSync(chromiumPath)) {
  t.fail(
    `Chromium not found at ${chromiumPath}: install Debian's browser with ` +
      '`apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary',
  );
} else {
  let base = '';
  let context: BrowserContext;
  let adminContext: BrowserContext;
  let firmContext: BrowserContext;
  const closers: (() => Promise<unknown>)[] = [];
  t.teardown(async () => {
    for (const close of closers.reverse()) await close();
  });

  const tokens = { confirm: '', manage: '' };
  let firmSession = '';
  /** Beyond the samples: a confirmed and an unconfirmed subscription (their signed links), and an administrator. */
  async function prepare(db: Db) {
    const signer = await loadLinkSigner(db);
    for (const [name, confirmed] of [['confirm', null], ['manage', new Date()]] as const) {
      const { id } = await db
        .insertInto('subscriptions')
        .values({ email: `${name}@a11y.test`, filter: JSON.stringify({ q: 'tag', status: ['published'] }), frequency: 'daily', confirmed_at: confirmed })
        .returning('id')
        .executeTakeFirstOrThrow();
      tokens[name] = signer.sign(name, id);
    }
    await createUser(db, { email: 'a11y@koege.test', name: 'A11y', role: 'admin', password: 'tilgaengelig-adgangskode' }, null);

    // Firms: one awaiting approval (the back office's firm page), a listed sample firm (the
    // register), and a signed-in firm with an interest and an invitation (its own pages).
    await db
      .insertInto('firms')
      .values({ id: A11Y_FIRM, cvr: '30023757', name: 'Tilgængelig Tømrer ApS', address: 'Torvet 1', postal_code: '4600', city: 'Køge', size: 'small', status: 'unverified', public_listing: true, wants_invitations: true })
      .execute();
    await db.insertInto('firm_trades').values({ firm_id: A11Y_FIRM, trade_code: 'toemrer' }).execute();
    await db.insertInto('firm_contacts').values({ firm_id: A11Y_FIRM, name: 'Kim Kontakt', email: 'kim@a11y.test' }).execute();
    await db.insertInto('firms').values({ cvr: '30071271', name: 'Synlig Maler ApS', address: 'Vej 2', postal_code: '4623', city: 'Lille Skensved', size: 'micro', status: 'approved', public_listing: true, wants_invitations: false, sample: true }).execute();
    const { id: firmId } = await db
      .insertInto('firms')
      .values({ cvr: '30166299', name: 'A11y Tømrer ApS', address: 'Torvet 1', postal_code: '4600', city: 'Køge', size: 'small', status: 'approved', public_listing: true, wants_invitations: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('firm_trades').values({ firm_id: firmId, trade_code: 'toemrer' }).execute();
    const { id: contactId } = await db
      .insertInto('firm_contacts')
      .values({ firm_id: firmId, name: 'Signe', email: 'signe@a11y.test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await showInterest(db, { firmId, contactId, email: 'signe@a11y.test', lang: 'da' }, 'DBD-UDB-2026-0001', 'Vi kan tage tømrerarbejdet');
    await db.insertInto('invitations').values({ tender_id: 'DBD-UDB-2027-0008', firm_id: firmId, cvr: '30166299', firm_name: 'A11y Tømrer ApS' }).execute();
    firmSession = await createFirmSession(db, contactId);
  }

  t.before(async () => {
    let portal: Awaited<ReturnType<typeof portalInChromium>>;
    try {
      portal = await portalInChromium(prepare);
    } catch (error) {
      throw new Error(`the portal or Chromium at ${chromiumPath} could not be started: ${(error as Error).message}`);
    }
    closers.push(portal.close);
    base = portal.base;
    const { browser } = portal;
    // The pages keep their real CSP: axe goes in through page.evaluate (DevTools), not a <script> tag.
    context = await browser.newContext({ locale: 'da-DK' });
    closers.push(() => context.close());

    adminContext = await browser.newContext({ locale: 'da-DK' });
    closers.push(() => adminContext.close());
    const login = await adminContext.newPage();
    await login.goto(`${base}/login`);
    await login.fill('#email', 'a11y@koege.test');
    await login.fill('#password', 'tilgaengelig-adgangskode');
    await Promise.all([login.waitForURL(`${base}/admin`), login.click('button[type=submit]')]);
    await login.close();

    firmContext = await browser.newContext({ locale: 'da-DK' });
    closers.push(() => firmContext.close());
    await firmContext.addCookies([{ name: FIRM_SESSION_COOKIE, value: firmSession, url: base }]);
  });

  const checks: Array<{ path: string; status: number; admin: boolean; firm?: boolean; submitInvalid?: boolean }> = [
    ...pages.map((p) => ({ ...p, admin: false })),
    ...adminPages.map((p) => ({ ...p, admin: true })),
    ...firmPages.map((p) => ({ ...p, admin: false, firm: true })),
  ];
  for (const { path, status, admin, firm, submitInvalid } of checks) {
    t.test(`${admin ? 'signed in: ' : firm ? 'firm signed in: ' : ''}${path}${submitInvalid ? ' (form sent with errors)' : ''}`, async (t) => {
      const page = await (admin ? adminContext : firm ? firmContext : context).newPage();
      t.teardown(() => page.close());
      // Stylesheets and scripts must load under the real CSP, or axe would judge an unstyled page.
      const problems: string[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() !== 'document' && r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
      });
      page.on('requestfailed', (r) => problems.push(`failed ${r.url()}: ${r.failure()?.errorText ?? ''}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of (400|404)/.test(m.text())) {
          problems.push(`console error: ${m.text()}`);
        }
      });

      let response = await page.goto(base + path.replace(/\{(confirm|manage)\}/, (_, name: 'confirm' | 'manage') => tokens[name]), { waitUntil: 'load' });
      if (submitInvalid) {
        await page.fill('#email', 'ikke-en-adresse');
        [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')]);
      }
      t.equal(response?.status(), status, `answers HTTP ${status}`);

      const lang = /[?&]lang=en/.test(path) ? 'en' : 'da';
      t.equal(await page.getAttribute('html', 'lang'), lang, `html[lang=${lang}]`);

      t.equal(await page.locator('a[href="#main-content"]').count(), 1, 'has a skip link to #main-content');
      t.equal(await page.locator('#main-content').count(), 1, 'has the #main-content target');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el ? { tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), text: el.textContent?.trim() ?? '' } : null;
      });
      t.has(
        focused,
        { tag: 'a', href: '#main-content' },
        'the skip link to #main-content is the first element Tab reaches',
      );

      await page.evaluate(axe.source);
      const violations: Violation[] = await page.evaluate(async (options) => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
        return results.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          helpUrl: v.helpUrl,
          targets: v.nodes.map((n) => n.target.map(String).join(' ')),
        }));
      }, axeOptions);

      t.same(problems, [], 'styles and scripts load without errors or CSP violations');

      if (violations.length === 0) {
        t.pass('no axe violations (WCAG 2.0/2.1 A and AA)');
      } else {
        const lines = violations.map(
          (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} -- ${v.targets.join(', ')}`,
        );
        t.fail(`${violations.length} axe violation(s) on ${path}:\n  ${lines.join('\n  ')}`, {
          violations: violations.map((v) => ({ id: v.id, help: v.help, helpUrl: v.helpUrl, targets: v.targets })),
        });
      }
    });
  }

  t.test('axe reports a known violation (the check itself works)', async (t) => {
    const page = await context.newPage();
    t.teardown(() => page.close());
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')?.append(img);
    });
    await page.evaluate(axe.source);
    const ids = await page.evaluate(async (options) => {
      const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options as axe.RunOptions);
      return results.violations.map((v) => v.id);
    }, axeOptions);
    t.ok(ids.includes('image-alt'), 'an <img> without alt text is reported as image-alt', { found: ids });
  });
}

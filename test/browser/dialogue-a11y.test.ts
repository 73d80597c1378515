// Accessibility of the public market-dialogue pages in a real browser, both languages: axe-core
// (WCAG 2.0/2.1 A and AA) on /dialog, each kind of activity, the guest forms (also sent with
// errors), the confirmation button, a tender page with its dialogue history, and the pages a
// signed-in firm sees (sign-up form, its own sign-up, slot picker, comment form).
// Runs with `npm run test:browser` (Debian's Chromium, as test/browser/a11y.test.ts).
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import type { BrowserContext } from 'playwright-core';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { createActivity } from '../../src/dialogue/activities.js';
import { type ActivityInput, slotsBetween } from '../../src/dialogue/activity-forms.js';
import { publishOutcome } from '../../src/dialogue/outcomes.js';
import { guestToken, loadGuestSigner } from '../../src/dialogue/guests.js';
import { signUp } from '../../src/dialogue/signups.js';
import { copenhagenInstant } from '../../src/domain/period.js';
import { createFirmSession, FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import { copenhagenDay } from '../helpers/decisions.js';

t.setTimeout(600_000);

const PROJECT = 'DBD-UDB-2026-0001';
const at = (days: number, time: string) => copenhagenInstant(copenhagenDay(days), time)!;
const base = (overrides: Partial<ActivityInput>): ActivityInput => ({
  kind: 'information_meeting',
  title: 'Informationsmøde om tagrenovering',
  theme: null,
  description: 'Vi fortæller om opgaven.\n\nTilmeld jer gerne.',
  tenderIds: [PROJECT],
  startsAt: at(10, '09:00'),
  endsAt: at(10, '11:00'),
  place: 'Køge Rådhus, Torvet 1',
  onlineUrl: 'https://møde.example/tag',
  capacity: 1,
  signupDeadline: null,
  draftUrl: null,
  commentDeadline: null,
  slots: [],
  ...overrides,
});

const ids = { meeting: 0, past: 0, talks: 0, consultation: 0, token: '' };
let firmSession = '';

async function prepare(db: Db) {
  const actor = await createUser(db, { email: 'dialog@a11y.test', name: 'Dorte', role: 'officer', password: 'tilgaengelig-adgangskode' }, null);
  const officer = { id: actor.id, email: actor.email, role: actor.role };
  const made = async (input: ActivityInput, now = new Date()) => {
    const r = await createActivity(db, input, officer, now);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.id;
  };
  ids.meeting = await made(base({}));
  ids.past = await made(base({ kind: 'supplier_day', title: 'Leverandørdag', startsAt: at(-5, '13:00'), endsAt: at(-5, '15:00') }), at(-10, '09:00'));
  const outcome = await publishOutcome(db, ids.past, { summary: 'Mange kom.', learned: 'Delentrepriser ønskes.', changesMade: 'Opgaven deles.' }, officer);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  ids.talks = await made(base({ kind: 'one_to_one', title: 'Samtaler', capacity: null, startsAt: null, endsAt: null, slots: slotsBetween(at(8, '09:00'), at(8, '10:30'), 30) }));
  ids.consultation = await made(base({ kind: 'written_consultation', title: 'Høring af udkast', capacity: null, startsAt: null, endsAt: null, place: null, onlineUrl: null, draftUrl: 'https://example.org/udkast.pdf', commentDeadline: at(14, '12:00') }));
  const guest = await signUp(db, ids.meeting, { guest: { email: 'g@a11y.test', firmName: 'Gæst ApS', lang: 'da' } }, { attendees: 1, slotId: null });
  if (!guest.ok) throw new Error(guest.message);
  const row = await db.selectFrom('dialogue_guests').select('id').where('email', '=', 'g@a11y.test').executeTakeFirstOrThrow();
  ids.token = guestToken(await loadGuestSigner(db), row.id);
  const { id: firmId } = await db
    .insertInto('firms')
    .values({ cvr: '30166299', name: 'A11y Tømrer ApS', address: 'Torvet 1', postal_code: '4600', city: 'Køge', size: 'small', status: 'approved', public_listing: true, wants_invitations: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: contactId } = await db.insertInto('firm_contacts').values({ firm_id: firmId, name: 'Signe', email: 'signe@a11y.test' }).returning('id').executeTakeFirstOrThrow();
  // Another firm holds the one seat: the signed-in firm sees "full", then its place on the waiting list.
  const { id: otherId } = await db
    .insertInto('firms')
    .values({ cvr: '30071271', name: 'Anden ApS', address: 'Vej 2', postal_code: '4600', city: 'Køge', size: 'micro', status: 'approved', public_listing: false, wants_invitations: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: otherContact } = await db.insertInto('firm_contacts').values({ firm_id: otherId, name: 'Ole', email: 'ole@a11y.test' }).returning('id').executeTakeFirstOrThrow();
  const taken = await signUp(db, ids.meeting, { firmId: otherId, contactId: otherContact }, { attendees: 1, slotId: null });
  if (!taken.ok) throw new Error(taken.message);
  firmSession = await createFirmSession(db, contactId);
}

const axeOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
} else {
  let root = '';
  let visitor: BrowserContext;
  let firm: BrowserContext;
  const closers: (() => Promise<unknown>)[] = [];
  t.teardown(async () => {
    for (const close of closers.reverse()) await close();
  });
  t.before(async () => {
    const portal = await portalInChromium(prepare);
    closers.push(portal.close);
    root = portal.base;
    visitor = await portal.browser.newContext({ locale: 'da-DK' });
    firm = await portal.browser.newContext({ locale: 'da-DK' });
    await firm.addCookies([{ name: FIRM_SESSION_COOKIE, value: firmSession, url: root }]);
    closers.push(() => visitor.close(), () => firm.close());
  });

  type Check = { path: () => string; status: number; asFirm?: boolean; act?: 'guestInvalid' | 'waitingList' };
  const checks: Check[] = [];
  for (const lang of ['', 'lang=en'] as const) {
    const q = (path: string) => (lang ? `${path}${path.includes('?') ? '&' : '?'}${lang}` : path);
    checks.push(
      { path: () => q('/dialog'), status: 200 },
      { path: () => q(`/dialog/${ids.meeting}`), status: 200 },
      { path: () => q(`/dialog/${ids.past}`), status: 200 },
      { path: () => q(`/dialog/${ids.talks}`), status: 200 },
      { path: () => q(`/dialog/${ids.consultation}`), status: 200 },
      { path: () => q(`/dialog/${ids.meeting}/tilmeld`), status: 200 },
      { path: () => q(`/dialog/${ids.talks}/tilmeld`), status: 400, act: 'guestInvalid' },
      { path: () => q(`/dialog/${ids.consultation}/kommentar`), status: 200 },
      { path: () => q('/dialog/tjek-din-mail'), status: 200 },
      { path: () => q(`/dialog/bekraeft/${ids.token}`), status: 200 },
      { path: () => q('/dialog/bekraeft/ugyldigt'), status: 400 },
      { path: () => q('/dialog/999999'), status: 404 },
      { path: () => q(`/udbud/${PROJECT}`), status: 200 },
      { path: () => q(`/dialog/${ids.talks}`), status: 200, asFirm: true },
      { path: () => q(`/dialog/${ids.consultation}`), status: 200, asFirm: true },
      { path: () => q(`/dialog/${ids.meeting}`), status: 200, asFirm: true },
    );
  }
  // ?lang=da: the English pages above left the language cookie at English.
  checks.push({ path: () => `/dialog/${ids.meeting}?lang=da`, status: 200, asFirm: true, act: 'waitingList' });

  for (const check of checks) {
    t.test(`${check.asFirm ? 'firm signed in: ' : ''}${check.act ?? ''} dialogue page`, async (t) => {
      const page = await (check.asFirm ? firm : visitor).newPage();
      t.teardown(() => page.close());
      const path = check.path();
      t.comment(path);
      let response = await page.goto(root + path, { waitUntil: 'load' });
      if (check.act === 'guestInvalid') {
        await page.fill('#email', 'ikke-en-adresse');
        await page.fill('#attendees', '0');
        [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')]);
      }
      if (check.act === 'waitingList') {
        [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')]);
        t.match(await page.locator('.dialogue-own').textContent(), /nr\. 1 på ventelisten/);
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

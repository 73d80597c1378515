// Screenshots of the portal as people see it: `npm run screenshots` writes docs/screenshots/
// (desktop 1280 px and phone 390 px, Danish and English) from the bundled samples, in Debian's
// Chromium. Not a test: the pictures are for people to look at, kept with the code they show.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createUser } from '../../src/auth/users.js';
import { portalInChromium } from '../helpers/browser.js';

const out = process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const email = 'skaermbilleder@koege.test';
const password = 'skaermbilleder-til-dokumentation';

const pages: Array<{ name: string; path: string; officer?: boolean }> = [
  { name: 'forside', path: '/' },
  { name: 'udbud', path: '/udbud' },
  { name: 'udbud-aabne', path: '/udbud?status=published&sort=deadline' },
  { name: 'udbud-detalje', path: '/udbud/DBD-UDB-2027-0009' },
  { name: 'taerskler', path: '/taerskler' },
  { name: 'krav', path: '/krav' },
  { name: 'virksomheder', path: '/virksomheder' },
  { name: 'udbud-underhaandsbud', path: '/udbud/DBD-UDB-2027-0018' },
  { name: 'virksomhed-tilmeld', path: '/virksomhed/tilmeld' },
  { name: 'tal-lokale-virksomheder', path: '/tal/lokale-virksomheder' },
  { name: 'dialog', path: '/dialog' },
  // The sample meeting is the first activity of a new installation.
  { name: 'dialog-moede', path: '/dialog/1' },
  { name: 'udbud-spoergsmaal', path: '/udbud/DBD-UDB-2027-0008' },
  { name: 'udbud-kontrakt', path: '/udbud/DBD-UDB-2026-0037' },
  { name: 'kontrakter', path: '/kontrakter' },
  { name: 'krav-laerlinge', path: '/krav/SOC-APPRENTICE' },
  { name: 'leverandoer', path: '/leverandoer/99006005' },
  { name: 'admin', path: '/admin', officer: true },
  { name: 'admin-udbud', path: '/admin/udbud/DBD-UDB-2027-0009', officer: true },
  { name: 'admin-virksomheder', path: '/admin/virksomheder', officer: true },
  { name: 'admin-invitationer', path: '/admin/udbud/DBD-UDB-2027-0018/invitationer', officer: true },
  { name: 'admin-dialog', path: '/admin/dialog', officer: true },
  { name: 'admin-dialog-moede', path: '/admin/dialog/1', officer: true },
  { name: 'admin-dialog-ny', path: '/admin/dialog/ny', officer: true },
  { name: 'admin-spoergsmaal', path: '/admin/spoergsmaal', officer: true },
  { name: 'admin-udbud-spoergsmaal', path: '/admin/udbud/DBD-UDB-2027-0008/spoergsmaal', officer: true },
  { name: 'admin-kontrakt', path: '/admin/udbud/DBD-UDB-2026-0037/kontrakt', officer: true },
  { name: 'admin-kontrakt-vurderinger', path: '/admin/udbud/DBD-UDB-2026-0037/kontrakt/vurderinger', officer: true },
];
const widths = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

const contextOptions = (size: { width: number; height: number }, lang: 'da' | 'en') => ({
  viewport: { width: size.width, height: size.height },
  locale: lang === 'da' ? 'da-DK' : 'en-GB',
  timezoneId: 'Europe/Copenhagen',
  deviceScaleFactor: 1,
});

const portal = await portalInChromium((db) => createUser(db, { email, name: 'Skærm Billede', role: 'admin', password }, null), {}, { sampleFirms: true, sampleDialogue: true, sampleContract: true });
try {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const lang of ['da', 'en'] as const) {
    for (const size of widths) {
      // A visitor for the public pages, a signed-in officer for the back office.
      const context: BrowserContext = await portal.browser.newContext(contextOptions(size, lang));
      const visitor = await context.newPage();
      await visitor.goto(`${portal.base}/?lang=${lang}`);
      const officer = await context.browser()!.newContext(contextOptions(size, lang));
      const staff = await officer.newPage();
      await staff.goto(`${portal.base}/login?lang=${lang}`);
      await staff.fill('#email', email);
      await staff.fill('#password', password);
      await Promise.all([staff.waitForURL(`${portal.base}/admin`), staff.click('main button[type=submit]')]);
      for (const { name, path, officer: signedIn } of pages) {
        const page = signedIn ? staff : visitor;
        await page.goto(portal.base + path, { waitUntil: 'load' });
        const file = join(out, `${name}-${lang}-${size.name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await officer.close();
      await context.close();
    }
  }
} finally {
  await portal.close();
}

// The design system applied whole, and the portal on a phone (390 px wide), in a real Chromium:
// no sideways scrolling on any public page, no stray dkfds list bullets, the alerts' icons, the
// favicon, dkfds' mobile menu, the folded filter form, the results as cards, the button spacing,
// the table captions, the pagination and the CPV codes beside their label.
//
// Runs with `npm run test:browser`, like a11y.test.ts (Debian's Chromium, or CHROMIUM_PATH).
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, portalInChromium } from '../helpers/browser.js';
import t, { type Test } from 'tap';
import { createUser } from '../../src/auth/users.js';

// Some sixty pages in a real browser, one at a time: on a busy machine that passes the suite's
// 120 s per file, so this file has five minutes.
t.setTimeout(300_000);

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };

// Every public page (both languages where the page is bilingual), with the alerts it must show.
const publicPages: { path: string; alerts?: number }[] = [
  { path: '/' },
  { path: '/udbud' },
  { path: '/udbud?status=published&sort=deadline' },
  { path: '/udbud?minValue=abc', alerts: 1 },
  { path: '/udbud/DBD-UDB-2027-0008', alerts: 1 }, // published: the deadline box
  { path: '/udbud/DBD-UDB-2026-0001' },
  { path: '/udbud/DBD-UDB-2026-0010', alerts: 1 }, // cancelled: the cancellation notice
  { path: '/udbud/UNKNOWN', alerts: 1 },
  { path: '/taerskler' },
  { path: '/taerskler?amountDkk=3000000&contractType=works', alerts: 1 }, // the calculator's result
  { path: '/taerskler?amountDkk=abc&contractType=works', alerts: 1 },
  { path: '/krav' },
  { path: '/krav/LAB-ILO94' },
  { path: '/dialog' },
  { path: '/dialog/1' }, // the sample meeting
  { path: '/tilgaengelighed' },
  { path: '/status' },
  { path: '/login' },
  { path: '/abonnement?q=tag&status=published' },
  { path: '/abonnement/tjek-din-mail', alerts: 1 },
  { path: '/api/docs' },
  { path: '/?lang=en' },
  { path: '/udbud?lang=en' },
  { path: '/udbud/DBD-UDB-2027-0008?lang=en', alerts: 1 },
  { path: '/taerskler?lang=en' },
  { path: '/krav?lang=en' },
];

/** List items showing a dkfds bullet (li::before) in a list that is not a plain content list (a <ul> without a class). */
function strayMarkers(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('li'))
      .filter((li) => {
        const box = li.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        const content = getComputedStyle(li, '::before').content;
        if (content === 'none' || content === 'normal' || content === '""') return false;
        const list = li.parentElement;
        return !(list?.tagName === 'UL' && !list.hasAttribute('class'));
      })
      .map((li) => `${li.parentElement?.tagName.toLowerCase()}.${li.parentElement?.className}: ${li.textContent?.trim().slice(0, 40)}`),
  );
}

if (!existsSync(chromiumPath)) {
  t.fail(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
} else {
  let base = '';
  let browser: Browser;
  let close: () => Promise<void> = async () => {};
  t.teardown(() => close());

  t.before(async () => {
    ({ base, browser, close } = await portalInChromium((db) => createUser(db, { email: 'layout@koege.test', name: 'Layout', role: 'admin', password: 'layout-adgangskode-1' }, null), {}, { sampleDialogue: true }));
  });

  async function open(t: Test, path: string, viewport = phone) {
    const context = await browser.newContext({ locale: 'da-DK', viewport });
    t.teardown(() => context.close());
    const page = await context.newPage();
    await page.goto(base + path, { waitUntil: 'load' });
    return page;
  }

  for (const { path, alerts = 0 } of publicPages) {
    t.test(`${path} at 390 px`, async (t) => {
      const page = await open(t, path);
      const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, inner: window.innerWidth }));
      t.ok(widths.scroll <= widths.inner, `no horizontal overflow (scrollWidth ${widths.scroll} <= ${widths.inner})`);
      t.same(await strayMarkers(page), [], 'no list bullets outside plain bullet lists');

      const favicon = await page.getAttribute('link[rel="icon"]', 'href');
      t.ok(favicon, 'links a favicon');
      const icon = await page.request.get(new URL(favicon ?? '/none', base).href);
      t.equal(icon.status(), 200, 'the favicon answers 200');

      const found = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.alert')).map((alert) => {
          const svg = alert.querySelector(':scope > svg.alert-icon');
          const box = svg?.getBoundingClientRect();
          return { href: svg?.querySelector('use')?.getAttribute('href') ?? null, width: box?.width ?? 0 };
        }),
      );
      t.equal(found.length, alerts, `${alerts} alert(s) on the page`);
      for (const { href, width } of found) {
        t.ok(href && width > 0, `the alert shows its icon (${href})`);
        const [file, symbol] = (href ?? '#').split('#');
        const sprite = await page.request.get(base + file);
        t.equal(sprite.status(), 200, 'the icon sprite answers 200');
        t.match(await sprite.text(), `id="${symbol}"`, `the sprite has the symbol ${symbol}`);
      }
    });
  }

  t.test('/favicon.ico sends clients to the favicon', async (t) => {
    const res = await fetch(`${base}/favicon.ico`);
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type') ?? '', 'image/svg+xml');
  });

  t.test('the back-office bar has no stray bullets', async (t) => {
    const page = await open(t, '/login', desktop);
    await page.fill('#email', 'layout@koege.test');
    await page.fill('#password', 'layout-adgangskode-1');
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
    t.ok(await page.locator('.admin-bar').isVisible(), 'the bar is shown');
    t.same(await strayMarkers(page), []);
  });

  for (const lang of ['da', 'en'] as const) {
    t.test(`on a phone the back-office bar fits: no overflow, its links apart and at least 24 px tall (${lang})`, async (t) => {
      const page = await open(t, `/login?lang=${lang}`);
      await page.fill('#email', 'layout@koege.test');
      await page.fill('#password', 'layout-adgangskode-1');
      await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
      for (const path of ['/admin', '/admin/udbud/DBD-UDB-2027-0008']) {
        await page.goto(base + path, { waitUntil: 'load' });
        const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, inner: window.innerWidth }));
        t.ok(widths.scroll <= widths.inner, `${path}: no horizontal overflow (scrollWidth ${widths.scroll} <= ${widths.inner})`);
        // The bar's targets: every link (an administrator sees all nine: Virksomheder since issue 15, Spørgsmål since issue 16) and the logout button.
        const boxes = await page.evaluate(() =>
          Array.from(document.querySelectorAll('.admin-bar a, .admin-bar button')).map((el) => {
            const r = el.getBoundingClientRect();
            return { text: el.textContent?.trim() ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
          }),
        );
        t.equal(boxes.length, 11, `${path}: ten links and the logout button`);
        for (const box of boxes) {
          t.ok(box.bottom - box.top >= 24, `${path}: "${box.text}" is ${box.bottom - box.top} px tall (at least 24)`);
          t.ok(box.left >= 0 && box.right <= widths.inner, `${path}: "${box.text}" is within the screen`);
        }
        const overlapping = boxes.flatMap((a, i) =>
          boxes.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).map((b) => `${a.text} / ${b.text}`),
        );
        t.same(overlapping, [], `${path}: no two of the bar's targets overlap`);
      }
    });
  }

  t.test("on a phone the header's links sit in dkfds' mobile menu, which opens and closes", async (t) => {
    const page = await open(t, '/');
    t.notOk(await page.locator('.site-nav').isVisible(), 'the desktop links are folded away');
    const drawerLink = page.locator('.mobile-drawer a[href="/udbud"]');
    t.notOk(await drawerLink.isVisible(), 'the menu starts closed');
    await page.click('.js-menu-open');
    t.ok(await drawerLink.isVisible(), 'the menu button opens the menu');
    await page.click('.js-menu-close');
    t.notOk(await drawerLink.isVisible(), 'the close button closes it');
    await page.click('.js-menu-open');
    await drawerLink.click();
    await page.waitForURL(`${base}/udbud`);
    t.pass('a link in the menu leads to its page');
  });

  t.test('on a desktop the header shows its links and no menu button', async (t) => {
    const page = await open(t, '/', desktop);
    t.ok(await page.locator('.site-nav a[href="/udbud"]').isVisible());
    t.notOk(await page.locator('.js-menu-open').isVisible());
  });

  t.test('on a phone the filter form is folded behind "Filtrér" with the active filters listed', async (t) => {
    const page = await open(t, '/udbud?status=published&sort=deadline');
    const details = page.locator('details.filter-details');
    t.equal(await details.getAttribute('open'), null, 'folded');
    t.equal((await page.locator('details.filter-details > summary').textContent())?.trim(), 'Filtrér');
    t.notOk(await page.locator('#status').isVisible(), 'the fields are hidden');
    const active = page.locator('.active-filters');
    t.ok(await active.isVisible(), 'the active filters are shown');
    t.match(await active.textContent(), /Status: Åben for tilbud/);
    await page.click('details.filter-details > summary');
    t.ok(await page.locator('#status').isVisible(), 'a tap unfolds the form');

    const plain = await open(t, '/udbud');
    t.notOk(await plain.locator('.active-filters').isVisible(), 'no active-filter list when nothing is chosen');
    const wide = await open(t, '/udbud?status=published&lang=en', desktop);
    t.equal(await wide.locator('details.filter-details').getAttribute('open'), '', 'open on a desktop');
    t.equal((await wide.locator('details.filter-details > summary').textContent())?.trim(), 'Filter');
  });

  t.test('on a phone the results are cards with the deadline and the value in view', async (t) => {
    const page = await open(t, '/udbud?status=published&sort=deadline');
    t.notOk(await page.locator('.tender-table thead').isVisible(), 'no column headings');
    const cells = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.tender-table tbody tr')).map((row) =>
        Array.from(row.querySelectorAll('td[data-title]')).map((td) => ({
          title: td.getAttribute('data-title'),
          label: getComputedStyle(td, '::before').content,
          right: td.getBoundingClientRect().right,
          text: td.textContent?.trim() ?? '',
        })),
      ),
    );
    t.ok(cells.length > 0, 'there are results');
    // The date that matters (the bid deadline where the list has that column, else the expected publication)
    // and the value: whatever columns the list has, each one is labelled on the card and on the screen.
    for (const row of cells) {
      t.ok(row.some((c) => c.title === 'Anslået værdi'), 'each card has the value');
      t.ok(row.some((c) => /^(Tilbudsfrist|Forventet udbud|Frist, forventet udbud eller vinder)$/.test(c.title ?? '')), 'each card has the deadline or the expected publication');
      for (const cell of row) {
        t.ok(cell.right <= 390 && cell.text !== '', `${cell.title} is within the screen`);
        // The title cell (data-title="") leads the card without a label.
        if (cell.title) t.equal(cell.label, `"${cell.title}"`, `${cell.title} is labelled on the card`);
      }
    }
  });

  t.test('buttons keep their distance from the field above', async (t) => {
    for (const [path, button] of [
      ['/udbud', 'form.search-filters button[type=submit]'],
      ['/taerskler', 'form[action="/taerskler"] button[type=submit]'],
      ['/login', 'main form button[type=submit]'],
      ['/abonnement?q=tag', 'main form button[type=submit]'],
    ] as const) {
      const page = await open(t, path, desktop);
      const gap = await page.$eval(button, (b) => {
        const before = b.previousElementSibling;
        return before ? b.getBoundingClientRect().top - before.getBoundingClientRect().bottom : -1;
      });
      t.ok(gap >= 16, `${path}: ${gap} px between the field and the button`);
    }
  });

  t.test("/taerskler's table captions are left-aligned headings", async (t) => {
    const page = await open(t, '/taerskler', desktop);
    const captions = await page.$$eval('caption:not(.sr-only)', (list) =>
      list.map((c) => ({ align: getComputedStyle(c).textAlign, size: parseFloat(getComputedStyle(c).fontSize), first: getComputedStyle(c, '::first-letter').textTransform })),
    );
    t.ok(captions.length > 0);
    for (const c of captions) {
      t.equal(c.align, 'left');
      t.ok(c.size >= 18, `font size ${c.size} px`);
      t.equal(c.first, 'uppercase');
    }
  });

  t.test('the pagination keeps the page count apart from the next link', async (t) => {
    const page = await open(t, '/udbud', desktop);
    const count = await page.locator('nav.pagination .pagination-count').boundingBox();
    const next = await page.locator('nav.pagination a[rel=next]').boundingBox();
    t.ok(count && next && next.x - (count.x + count.width) >= 8, 'a gap between "Side 1 af 2" and "Næste side"');
    t.notOk(await page.locator('nav.pagination li').count(), 'dkfds pagination markup, no list');
  });

  t.test('the CPV codes stand level with their label', async (t) => {
    const page = await open(t, '/udbud/DBD-UDB-2027-0008', desktop);
    const tops = await page.evaluate(() => {
      const dt = Array.from(document.querySelectorAll('dt')).find((d) => d.textContent?.trim() === 'CPV-koder');
      const li = dt?.nextElementSibling?.querySelector('li');
      return dt && li ? { label: dt.getBoundingClientRect().top, value: li.getBoundingClientRect().top } : null;
    });
    t.ok(tops && Math.abs(tops.label - tops.value) <= 2, `label and value on one line (${JSON.stringify(tops)})`);
  });
}

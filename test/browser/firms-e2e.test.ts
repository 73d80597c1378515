// Issue 15 end to end in Chromium, under the real CSP: a firm signs up, signs in from the e-mail
// link (read from the outbox the firm mail worker writes), shows interest in a planned tender; an
// officer approves the firm, invites it and two sample firms, DBD publishes the tender, the officer
// records three bids and the award; the public page shows the round; the Atom feed, the API and an
// OCDS record carry it, and the record validates. axe (WCAG 2.0/2.1 A and AA) on the new pages in
// Danish and English. Runs with `npm run test:browser`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { bundledSampleExport } from '../../src/sync/dbd/file-source.js';
import { importDbdItems } from '../../src/sync/import.js';
import { portalInChromium } from '../helpers/browser.js';
import { copenhagenDay } from '../helpers/decisions.js';
import { eventually } from '../helpers/eventually.js';
import { accessibleInBoth, mailTo, pageMaker, signInOfficer } from '../helpers/e2e.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

const TENDER = 'DBD-UDB-2027-0014';
const FIRM = { cvr: '30467221', name: 'Kantsten & Karm ApS', email: 'kim@kantsten.test' };
const OFFICER = { email: 'e2e@koege.test', password: 'ende-til-ende-adgangskode' };
/** DBD publishes the tender (a newer revision with a bid deadline that has passed). */
async function dbdPublishes(db: Db, id: string) {
  const { items } = JSON.parse(await readFile(bundledSampleExport, 'utf8')) as { items: Array<Record<string, unknown>> };
  const item = items.find((i) => i.id === id)!;
  const summary = await importDbdItems(db, [
    {
      ...item,
      revision: Number(item.revision) + 1,
      status: 'published',
      timeline: { ...(item.timeline as object), tenderDeadline: `${copenhagenDay(-2)}T12:00:00+01:00` },
      lastModified: new Date().toISOString(),
    },
  ]);
  if (summary.updated !== 1) throw new Error(`DBD's new revision was not applied: ${JSON.stringify(summary)}`);
}

t.test('a firm and an officer walk an underhåndsbud round from sign-up to the open data', async (t) => {
  t.setTimeout(600_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'udbud-e2e-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  let db!: Db;
  const portal = await portalInChromium(
    async (d) => {
      db = d;
      await createUser(d, { email: OFFICER.email, name: 'Ende Til Ende', role: 'officer', password: OFFICER.password }, null);
    },
    { DATA_DIR: dataDir },
    { sampleFirms: true, firmMail: true },
  );
  t.teardown(portal.close);
  const { base, browser } = portal;
  const problems: string[] = [];
  const newPage = pageMaker(t, browser, problems);

  // The firm signs up.
  const firm = await newPage();
  await firm.goto(`${base}/virksomhed/log-ind`);
  await accessibleInBoth(t, firm, 'sign-in', problems);
  await firm.goto(`${base}/virksomhed/tilmeld`);
  await accessibleInBoth(t, firm, 'sign-up', problems);
  await firm.fill('#cvr', FIRM.cvr);
  await firm.fill('#name', FIRM.name);
  await firm.fill('#address', 'Havnen 3');
  await firm.fill('#postalCode', '4600');
  await firm.fill('#city', 'Køge');
  await firm.check('input[name=trades][value=toemrer]');
  await firm.check('input[name=trades][value=glas]');
  await firm.check('input[name=size][value=small]');
  await firm.fill('#contactName', 'Kim Karm');
  await firm.fill('#email', FIRM.email);
  await Promise.all([firm.waitForURL(`${base}/virksomhed/tilmeldt`), firm.click('main form button[type=submit]')]);

  // … and signs in from the link in the mail the worker wrote to the outbox.
  const mail = await mailTo(path.join(dataDir, 'outbox'), FIRM.email);
  const link = /https?:\/\/\S+?(\/virksomhed\/log-ind\/[A-Za-z0-9._~-]+)/.exec(mail);
  t.ok(link, 'the mail carries a sign-in link');
  await firm.goto(base + link![1]);
  await Promise.all([firm.waitForURL(`${base}/virksomhed`), firm.click('main form button[type=submit]')]);
  t.match(await firm.textContent('h1'), FIRM.name);
  await accessibleInBoth(t, firm, 'Min virksomhed', problems);

  // Interest in a planned tender.
  await firm.goto(`${base}/udbud/${TENDER}`);
  await firm.fill('#note', 'Vi har to svende ledige i foråret.');
  await Promise.all([firm.waitForNavigation(), firm.click('.interest-panel form[action$="/interesse"] button[type=submit]')]);
  t.equal(await firm.locator('.interest-shown').count(), 1, 'the interest is shown');
  await firm.goto(`${base}/virksomhed/overblik`);
  t.match(await firm.textContent('main'), 'Udskiftning af vinduer, Søndre Skole');
  await accessibleInBoth(t, firm, 'Mit overblik', problems);

  // The officer signs in and approves the firm.
  const officer = await newPage();
  await signInOfficer(officer, base, OFFICER);
  const firmId = (await db.selectFrom('firms').select('id').where('cvr', '=', FIRM.cvr).executeTakeFirstOrThrow()).id;
  t.equal((await db.selectFrom('firms').select('status').where('id', '=', firmId).executeTakeFirstOrThrow()).status, 'unverified');
  await officer.goto(`${base}/admin/virksomheder/${firmId}`);
  await Promise.all([officer.waitForNavigation(), officer.click('form[action$="/godkend"] button[type=submit]')]);
  t.equal((await db.selectFrom('firms').select('status').where('id', '=', firmId).executeTakeFirstOrThrow()).status, 'approved');

  // The public register, with the sample firms.
  const visitor = await newPage();
  await visitor.goto(`${base}/virksomheder`);
  t.match(await visitor.textContent('main'), 'Eksempel Tømrer & Snedker ApS', 'the sample firms are in the register');
  await accessibleInBoth(t, visitor, '/virksomheder', problems);

  // The invitation composer: the interested firm and two sample firms.
  const sampleIds = await db.selectFrom('firms').select(['id', 'name', 'cvr']).where('cvr', 'in', ['99000007', '99003006']).execute();
  await officer.goto(`${base}/admin/udbud/${TENDER}/invitationer`);
  await accessibleInBoth(t, officer, 'the invitation composer', problems);
  // The trades default to those of the tender's CPV code (tømrer, snedker); the officer adds murer.
  t.equal(await officer.isChecked('#fag-toemrer'), true, 'the default trades fit the tender');
  await officer.check('#fag-murer');
  await Promise.all([officer.waitForURL(/filtreret=ja/), officer.click('form[method=get] button[type=submit]')]);
  for (const id of [firmId, ...sampleIds.map((f) => f.id)]) await officer.check(`#firm-${id}`);
  await Promise.all([officer.waitForNavigation(), officer.click('form:has(#reserveOutside) button[type=submit]')]);
  t.equal((await db.selectFrom('invitations').select('id').where('tender_id', '=', TENDER).execute()).length, 3, 'three invited');
  await eventually(
    async () =>
      (await db
        .selectFrom('firm_mails as m')
        .innerJoin('firm_contacts as c', 'c.id', 'm.contact_id')
        .select('m.id')
        .where('m.kind', '=', 'invitation')
        .where('c.firm_id', '=', firmId)
        .where('m.sent_at', 'is not', null)
        .executeTakeFirst()) !== undefined,
    { what: 'the invitation mail delivered to the outbox', timeoutMs: 60_000 },
  );

  // Before the award the public page names nobody.
  await visitor.goto(`${base}/udbud/${TENDER}`);
  t.match(await visitor.textContent('main'), '3 virksomheder er inviteret til at give tilbud');
  t.notMatch(await visitor.textContent('main'), FIRM.name, 'no firm named before the award');

  // DBD publishes the tender; the bids come in and the officer records them with the award.
  await dbdPublishes(db, TENDER);
  await officer.goto(`${base}/admin/udbud/${TENDER}`);
  await officer.click('#award-heading');
  const amounts: Record<string, string> = { [FIRM.cvr]: '598.000', '99000007': '612.500', '99003006': '575.000' };
  for (let row = 1; row <= 3; row++) {
    const cvr = await officer.inputValue(`#award-bid${row}Cvr`);
    t.ok(amounts[cvr], `row ${row} is prefilled with an invited firm (${cvr})`);
    await officer.fill(`#award-bid${row}Amount`, amounts[cvr]!);
    if (cvr === '99003006') {
      await officer.selectOption(`#award-bid${row}Valid`, 'no');
      await officer.fill(`#award-bid${row}Reason`, 'Tilbuddet manglede den krævede tidsplan');
    }
  }
  await officer.fill('#award-winnerName', FIRM.name);
  await officer.fill('#award-winnerCvr', FIRM.cvr);
  await officer.fill('#award-awardValueDkk', '598.000');
  await officer.selectOption('#award-criterion', 'lowest_price');
  await officer.fill('#award-decidedOn', copenhagenDay(0));
  await officer.fill('#award-notifiedOn', copenhagenDay(0));
  await officer.selectOption('#award-notificationChannel', 'electronic');
  await officer.fill('#award-justification', 'Laveste pris blandt to konditionsmæssige tilbud.');
  await Promise.all([officer.waitForNavigation(), officer.click('form[action$="/tildeling"] button[type=submit]')]);
  t.equal((await db.selectFrom('tenders').select('status').where('id', '=', TENDER).executeTakeFirstOrThrow()).status, 'awarded', 'awarded');
  t.equal((await db.selectFrom('bids').select('id').where('tender_id', '=', TENDER).execute()).length, 3, 'three bids recorded');

  // The public page shows the round.
  await visitor.goto(`${base}/udbud/${TENDER}`);
  const main = (await visitor.textContent('main'))!;
  for (const name of [FIRM.name, 'Eksempel Tømrer & Snedker ApS', 'Eksempel Murer og Flise ApS']) t.match(main, name);
  t.match(main, /598\.000/);
  t.match(main, 'Ugyldigt: Tilbuddet manglede den krævede tidsplan');
  t.match(main, '1 virksomhed viste interesse for opgaven');
  t.notMatch(main, 'Kim Karm', 'no contact person');
  t.notMatch(main, 'to svende', 'no interest note');
  await accessibleInBoth(t, visitor, 'the tender page with the round', problems);

  // The feed, the API and OCDS carry it.
  const feed = await (await fetch(`${base}/feeds/udbud.atom`)).text();
  t.match(feed, 'Invitationer til underhåndsbud sendt: 3 virksomheder er inviteret');
  t.match(feed, `${FIRM.name.replace('&', '&amp;')} 598.000 kr. (vinder)`);
  const api = await fetch(`${base}/api/v1/tenders/${TENDER}`);
  t.equal(api.status, 200);
  const apiText = await api.text();
  for (const cvr of Object.keys(amounts)) t.match(apiText, cvr, `the API names bidder ${cvr}`);
  t.notMatch(apiText, FIRM.email);
  const ocid = `ocds-kge001-${TENDER}`;
  const record = await fetch(`${base}/api/ocds/records/${ocid}`);
  t.equal(record.status, 200);
  const recordJson = await record.json();
  t.equal(schemaErrors('recordPackage', recordJson), '', 'the OCDS record package validates');
  t.match(JSON.stringify(recordJson), FIRM.cvr, 'the OCDS record carries the winner');
  t.same(problems, [], 'no load errors on the way');
});

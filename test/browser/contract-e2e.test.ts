// Issue 17 end to end in Chromium, under the real CSP: a works tender with SOC-APPRENTICE and
// LAB-ILO94 is awarded and its contract signed through the officers' tender page with targets, a
// KPI and the planned handover; the officer records two observations of apprentice-years (and is
// told off for a negative one), a site check with a finding and a warning, the supplier's response,
// and drafts a rating that the supplier's firm account gets by mail; the firm signs in from the
// mailed link and replies, which publishes the rating. A first change of 12 % (under the 15 % of
// works) is recorded with a legal basis anyway; a second that takes the changes over 15 % is refused
// without a basis and saved with one. Completion: final value, handover, days late. Then the public
// tender page, /krav/SOC-APPRENTICE, the supplier's record, the API and the OCDS record (validated
// with the Metrics extension) all show it. axe (WCAG 2.0/2.1 A and AA) on every page on the way, in
// Danish and English. Runs with `npm run test:browser`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';
import { importDbdItems } from '../../src/sync/import.js';
import { portalInChromium } from '../helpers/browser.js';
import { dbdItem } from '../helpers/dbd.js';
import { copenhagenDay } from '../helpers/decisions.js';
import { accessibleInBoth, mailTo, pageMaker, signInOfficer } from '../helpers/e2e.js';
import { firmInDatabase } from '../helpers/firms.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

const TENDER = 'T-E2E-KONTRAKT';
const TITLE = 'Renovering af Ravnsborg Børnehus';
const OFFICER = { email: 'kontrakt-e2e@koege.test', password: 'ende-til-ende-adgangskode' };
const FIRM = { cvr: '30332598', name: 'Ravn & Søn Byg ApS', email: 'rikke@ravn-byg.test' };
const day = copenhagenDay;

type Obj = Record<string, any>;

/** The text of the page's main element, with its white space folded. */
const mainText = async (page: import('playwright-core').Page) => ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');

t.test('an officer and the supplier walk a works contract from signing to completion, and the open data shows it', async (t) => {
  t.setTimeout(900_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'udbud-contract-e2e-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const outbox = path.join(dataDir, 'outbox');
  let db!: Db;
  const portal = await portalInChromium(
    async (d) => {
      db = d;
      await createUser(d, { email: OFFICER.email, name: 'Kontrakt Ende Til Ende', role: 'officer', password: OFFICER.password }, null);
      // DBD published the tender long ago; its bid deadline has passed.
      const summary = await importDbdItems(d, [
        dbdItem({
          id: TENDER,
          title: TITLE,
          status: 'published',
          estimatedValue: { amountDkk: 2_000_000 },
          requirements: ['SOC-APPRENTICE', 'LAB-ILO94'],
          timeline: { expectedTenderPublication: '2026-05', tenderDeadline: `${day(-120)}T12:00:00+01:00` },
          lastModified: new Date().toISOString(),
        }),
      ]);
      if (summary.rejected.length) throw new Error(`the tender was rejected: ${JSON.stringify(summary.rejected)}`);
      // The winner has an approved firm account with one contact person.
      await firmInDatabase(d, { cvr: FIRM.cvr, name: FIRM.name, email: FIRM.email, contactName: 'Rikke Ravn' });
    },
    { DATA_DIR: dataDir },
    { firmMail: true },
  );
  t.teardown(portal.close);
  const { base, browser } = portal;
  const problems: string[] = [];
  const newPage = pageMaker(t, browser, problems);
  const admin = `${base}/admin/udbud/${TENDER}`;
  const followup = `${admin}/kontrakt`;
  /** Submits the form an element is in and waits for the answer; returns its HTTP status. */
  const submit = async (page: import('playwright-core').Page, button: string) => {
    const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
    return answer?.status();
  };
  /** Records what is delivered to date against a target through the follow-up page's form. */
  const observe = async (targetId: number, on: string, value: string, note = '') => {
    await officer.click('#progress-heading');
    await officer.selectOption('#progress-targetId', String(targetId));
    await officer.fill('#progress-observedOn', on);
    await officer.fill('#progress-value', value);
    await officer.fill('#progress-note', note);
    t.equal(await submit(officer, 'form[action$="/fremdrift"] button[type=submit]'), 200, `progress ${value} on ${on} saved`);
  };
  /** Chromium logs a form's own 400 answer as a failed load: that one is meant. */
  const dropMeant400 = () => {
    const rest = problems.filter((p) => !/^console: Failed to load resource: the server responded with a status of 400/.test(p));
    problems.splice(0, problems.length, ...rest);
  };

  // The officer records the award on the tender page.
  const officer = await newPage();
  await signInOfficer(officer, base, OFFICER);
  await officer.goto(admin);
  await officer.click('#award-heading');
  await officer.fill('#award-winnerName', FIRM.name);
  await officer.fill('#award-winnerCvr', FIRM.cvr);
  await officer.fill('#award-awardValueDkk', '2.000.000');
  await officer.fill('#award-bidsReceived', '3');
  await officer.selectOption('#award-criterion', 'lowest_price');
  await officer.fill('#award-decidedOn', day(-100));
  await officer.fill('#award-notifiedOn', day(-100));
  await officer.selectOption('#award-notificationChannel', 'electronic');
  await officer.fill('#award-justification', 'Laveste pris blandt tre konditionsmæssige tilbud.');
  t.equal(await submit(officer, 'form[action$="/tildeling"] button[type=submit]'), 200, 'the award is saved');
  t.equal((await db.selectFrom('tenders').select('status').where('id', '=', TENDER).executeTakeFirstOrThrow()).status, 'awarded', 'awarded');

  // Before the signing there is nobody to rate: the ratings page says so and has no form.
  await officer.goto(`${followup}/vurderinger`);
  t.match(await mainText(officer), 'Kontrakten er ikke registreret endnu.');
  t.equal(await officer.locator('main form').count(), 0, 'no rating form before the signing');

  // The contract form asks for a target per measure of each requirement; a11y of the open form.
  await officer.goto(admin);
  await officer.click('#contract-heading');
  t.ok(await officer.isVisible('#contract-target-SOC-APPRENTICE-apprentice_years'), 'the form asks for apprentice-years');
  t.ok(await officer.isVisible('#contract-target-LAB-ILO94-labour_checks'), 'and for labour checks');
  await accessibleInBoth(t, officer, 'the tender page with the contract form', problems);

  // Signing: first with a target left out and a handover before the signing, then right.
  await officer.click('#contract-heading');
  await officer.fill('#contract-signedOn', day(-90));
  await officer.fill('#contract-finalValueDkk', '2.000.000');
  await officer.fill('#contract-plannedHandoverOn', day(-91));
  await officer.fill('#contract-target-SOC-APPRENTICE-apprentice_years', '2,5');
  await officer.fill('#contract-kpi1-title', 'Mangler ved aflevering');
  await officer.fill('#contract-kpi1-unit', 'antal');
  await officer.selectOption('#contract-kpi1-direction', 'at_most');
  await officer.fill('#contract-kpi1-targetValue', '10');
  t.equal(await submit(officer, 'form[action$="/kontrakt"] button[type=submit]'), 400, 'refused');
  dropMeant400();
  t.match(await officer.textContent('#contract-target-LAB-ILO94-error'), 'Skriv mindst ét mål for kravet LAB-ILO94.');
  t.match(await officer.textContent('#contract-plannedHandoverOn-error'), 'Den planlagte aflevering kan ikke ligge før den dag, kontrakten blev underskrevet.');
  t.equal(await officer.inputValue('#contract-target-SOC-APPRENTICE-apprentice_years'), '2,5', 'what was typed is kept');
  t.equal(await officer.inputValue('#contract-kpi1-title'), 'Mangler ved aflevering');
  t.equal((await db.selectFrom('contracts').select('tender_id').execute()).length, 0, 'no contract saved');
  await officer.fill('#contract-plannedHandoverOn', day(-20));
  await officer.fill('#contract-target-LAB-ILO94-labour_checks', '4');
  t.equal(await submit(officer, 'form[action$="/kontrakt"] button[type=submit]'), 200, 'signed');
  t.match(await mainText(officer), 'Kontrakten er registreret');
  const targets = await db.selectFrom('contract_targets').select(['id', 'requirement_code', 'measure', 'title']).where('tender_id', '=', TENDER).orderBy('position').execute();
  t.same(
    targets.map((target) => target.measure ?? target.title),
    ['apprentice_years', 'labour_checks', 'Mangler ved aflevering'],
    'two requirement targets and a KPI',
  );
  const apprentices = targets[0]!;

  // The follow-up page.
  await officer.click('a[href$="/kontrakt"]');
  t.equal(officer.url(), followup, 'the tender page links to the follow-up');
  await accessibleInBoth(t, officer, 'the follow-up page', problems);

  // Bad input: delivered below zero.
  await officer.click('#progress-heading');
  await officer.selectOption('#progress-targetId', String(apprentices.id));
  await officer.fill('#progress-observedOn', day(-60));
  await officer.fill('#progress-value', '-1,5');
  t.equal(await submit(officer, 'form[action$="/fremdrift"] button[type=submit]'), 400, 'a negative amount is refused');
  dropMeant400();
  t.match(await officer.textContent('#progress-value-error'), 'Det leverede kan ikke være under nul');
  t.equal(await officer.inputValue('#progress-value'), '-1,5', 'what was typed is kept');
  t.equal(await officer.inputValue('#progress-targetId'), String(apprentices.id), 'the target chosen is kept');
  t.equal((await db.selectFrom('contract_progress').select('id').execute()).length, 0, 'nothing saved');

  // Two observations of delivered apprentice-years (the first is the form above, put right).
  await officer.fill('#progress-value', '1,5');
  t.equal(await submit(officer, 'form[action$="/fremdrift"] button[type=submit]'), 200);
  t.match(await mainText(officer), 'Fremdriften er registreret');
  await observe(apprentices.id, day(-30), '3', 'Tre lærlinge på pladsen.');
  t.same(
    (await db.selectFrom('contract_progress').select(['value', 'observed_on']).orderBy('id').execute()).map((r) => [Number(r.value), r.observed_on]),
    [
      [1.5, day(-60)],
      [3, day(-30)],
    ],
    'two observations saved',
  );

  // A site check with a finding and a warning, then the supplier's response to it.
  await officer.click('#check-heading');
  await officer.fill('#check-checkedOn', day(-45));
  await officer.fill('#check-subject', 'Lønsedler og ansættelsesbeviser på pladsen');
  await officer.selectOption('#check-requirementCode', 'LAB-ILO94');
  await officer.selectOption('#check-outcome', 'finding');
  await officer.selectOption('#check-sanction', 'warning');
  t.equal(await submit(officer, 'form[action$="/kontrol"] button[type=submit]'), 200, 'the check is saved');
  await officer.click('.contract-checks details summary');
  await officer.fill('form[action$="/svar"] textarea', 'Ansættelsesbeviserne er eftersendt og ligger nu i skurvognen.');
  t.equal(await submit(officer, 'form[action$="/svar"] button[type=submit]'), 200, 'the response is saved');

  // A first change of 12 %: under the 15 % of works, recorded with the review clause it rests on.
  await officer.click('#change-heading');
  await officer.fill('#change-changedOn', day(-40));
  await officer.selectOption('#change-reason', 'extra_work');
  await officer.fill('#change-valueChangeDkk', '240.000');
  await officer.fill('#change-description', 'Nyt ventilationsanlæg i fællesrummet');
  await officer.selectOption('#change-legalBasis', 'review_clause_179');
  t.equal(await submit(officer, 'form[action$="/aendring"] button[type=submit]'), 200, 'the 12 % change is saved');
  t.match(await mainText(officer), '+240.000 kr. (12,0 %)', 'its cumulative change in per cent');

  // A second change of 4 % takes the changes to 16 %: refused without a basis, saved with one.
  await officer.click('#change-heading');
  await officer.fill('#change-changedOn', day(-15));
  await officer.selectOption('#change-reason', 'unforeseen_conditions');
  await officer.fill('#change-valueChangeDkk', '80.000');
  await officer.fill('#change-newEndOn', day(-10));
  await officer.fill('#change-description', 'Skimmel bag gipsvæggene');
  t.equal(await submit(officer, 'form[action$="/aendring"] button[type=submit]'), 400, 'refused without a legal basis');
  dropMeant400();
  t.match(await officer.textContent('#change-legalBasis-error'), /Vælg det retsgrundlag/);
  t.match(await officer.textContent('#change-legalBasis-error'), /16,0\s%\saf den oprindelige værdi/, 'with the cumulative change');
  t.equal(await officer.inputValue('#change-valueChangeDkk'), '80.000', 'what was typed is kept');
  t.equal(await officer.inputValue('#change-description'), 'Skimmel bag gipsvæggene');
  t.equal((await db.selectFrom('contract_changes').select('id').execute()).length, 1, 'nothing saved');
  await officer.selectOption('#change-legalBasis', 'unforeseen_182');
  t.equal(await submit(officer, 'form[action$="/aendring"] button[type=submit]'), 200, 'saved with a legal basis');
  const afterChanges = await mainText(officer);
  t.match(afterChanges, '+320.000 kr. (16,0 %)');

  // A rating: first without a reason (refused, kept), then drafted for the supplier.
  await officer.goto(`${followup}/vurderinger`);
  await accessibleInBoth(t, officer, 'the ratings page', problems);
  const kpiId = targets[2]!.id;
  await officer.selectOption('#occasion', 'yearly');
  await officer.fill('#ratedOn', day(-5));
  await officer.selectOption('#overall', 'approaching');
  await officer.selectOption(`#kpi-${kpiId}-rating`, 'good');
  await officer.fill(`#kpi-${kpiId}-reason`, 'Få mangler ved gennemgangen');
  t.equal(await submit(officer, 'main form button[type=submit]'), 400, 'a rating without a reason is refused');
  dropMeant400();
  t.match(await officer.textContent('#reason-error'), /.+/, 'the reason is asked for');
  t.equal(await officer.inputValue(`#kpi-${kpiId}-reason`), 'Få mangler ved gennemgangen', 'what was typed is kept');
  t.equal((await db.selectFrom('contract_ratings').select('id').execute()).length, 0, 'nothing saved');
  await officer.fill('#reason', 'Lærlingemålet er nået, men arbejdsklausulen krævede en påtale.');
  t.equal(await submit(officer, 'main form button[type=submit]'), 200, 'the draft is saved');
  t.match(await mainText(officer), FIRM.name, 'the draft went to the supplier');

  // The supplier's contact person gets the draft by mail, signs in from the mailed link and replies.
  const ratingMail = await mailTo(outbox, FIRM.email, /Lærlingemålet er nået/);
  t.match(ratingMail, '/virksomhed/vurderinger', 'the mail points to the ratings page');
  const firm = await newPage();
  await firm.goto(`${base}/virksomhed/log-ind`);
  await firm.fill('#email', FIRM.email);
  await Promise.all([firm.waitForURL(/\/virksomhed\/tjek-din-mail/), firm.click('main form button[type=submit]')]);
  const signIn = await mailTo(outbox, FIRM.email, /\/virksomhed\/log-ind\/[A-Za-z0-9._~-]+/);
  const link = /https?:\/\/\S+?(\/virksomhed\/log-ind\/[A-Za-z0-9._~-]+)/.exec(signIn);
  t.ok(link, 'the mail carries a sign-in link');
  await firm.goto(base + link![1]);
  await Promise.all([firm.waitForURL(`${base}/virksomhed`), firm.click('main form button[type=submit]')]);
  await firm.goto(`${base}/virksomhed/vurderinger`);
  t.match(await mainText(firm), 'Lærlingemålet er nået');
  await accessibleInBoth(t, firm, 'the firm ratings page', problems);
  await firm.fill('main form textarea[name=reply]', 'Påtalen er taget til efterretning; alle papirer ligger nu på pladsen.');
  await Promise.all([firm.waitForURL(/besked=svaret/), firm.click('main form button[type=submit]')]);
  const published = await db.selectFrom('contract_ratings').select(['published_at', 'reply']).executeTakeFirstOrThrow();
  t.ok(published.published_at, 'the reply publishes the rating');

  // Completion: the labour checks made and the defects found at handover, then the final value and
  // the handover eight days after the date the second change set.
  await officer.goto(followup);
  await observe(targets[1]!.id, day(-3), '4');
  await observe(targets[2]!.id, day(-2), '3', 'Gennemgang ved aflevering.');
  await officer.fill('#complete-finalValueDkk', '2.320.000');
  await officer.fill('#complete-handoverOn', day(-2));
  t.equal(await submit(officer, 'form[action$="/afslut"] button[type=submit]'), 200, 'completed');
  t.match(await mainText(officer), '8 dage', 'eight days late');
  await accessibleInBoth(t, officer, 'the completed follow-up page', problems);

  // Every officer action is in the audit log.
  const actions = (await db.selectFrom('audit_log').select('action').where('entity_id', '=', TENDER).orderBy('id').execute()).map((r) => r.action);
  for (const action of ['contract.sign', 'contract.progress', 'contract.check', 'contract.check_response', 'contract.change', 'contract.rating.draft', 'contract.complete']) {
    t.ok(actions.includes(action), `the audit log has ${action}`);
  }
  t.equal(actions.filter((a) => a === 'contract.progress').length, 4, 'every observation audited');
  t.equal(actions.filter((a) => a === 'contract.change').length, 2, 'both changes audited');

  // The public tender page.
  const visitor = await newPage();
  await visitor.goto(`${base}/udbud/${TENDER}`);
  const section = ((await visitor.textContent('.contract-section')) ?? '').replace(/\s+/g, ' ');
  t.match(section, FIRM.name);
  t.match(await visitor.getAttribute(`[data-target-id="${apprentices.id}"]`, 'data-status'), 'met', 'the apprentice target is met');
  t.match(await visitor.textContent(`#target-${apprentices.id}-figures`), '3 af 2,5 lærlingeår (120 %)', 'delivered against required as text');
  t.same(
    await visitor.locator('.contract-target').evaluateAll((items) => items.map((item) => item.getAttribute('data-status'))),
    ['met', 'met', 'met'],
    'every target met at completion',
  );
  t.ok(await visitor.locator(`[data-target-id="${apprentices.id}"] progress`).count(), 'with a progress bar');
  t.match(section, 'Lønsedler og ansættelsesbeviser på pladsen');
  t.match(section, 'Ansættelsesbeviserne er eftersendt', 'the response to the check');
  t.match(section, 'Lærlingemålet er nået, men arbejdsklausulen krævede en påtale.', 'the rating');
  t.match(section, 'Påtalen er taget til efterretning', 'the reply beside it');
  t.match(section, 'Skimmel bag gipsvæggene', 'the changes');
  t.match(section, '+240.000 kr. (+12,0 %)', 'the first change with its cumulative per cent');
  t.match(section, '+320.000 kr. (+16,0 %) Over grænsen i §180', 'the second over the limit');
  t.ok(await visitor.locator('.contract-de-minimis').count(), 'the §180 warning stays visible');
  t.match(((await visitor.textContent('.contract-de-minimis')) ?? '').replace(/\s+/g, ' '), '§180');
  t.match(((await visitor.textContent('.contract-completion')) ?? '').replace(/\s+/g, ' '), /2\.320\.000 kr\..*8/, 'completion: final value and days late');
  t.notMatch(section, FIRM.email, 'no contact person');
  t.notMatch(section, 'Rikke', 'no contact person');
  await visitor.goto(`${base}/udbud/${TENDER}?lang=en`);
  const english = ((await visitor.textContent('.contract-section')) ?? '').replace(/\s+/g, ' ');
  t.match(english, 'The changes have crossed the de minimis limit of section 180', 'the warning in English');
  t.match(english, 'DKK 2,320,000', 'amounts in English');
  t.match(english, 'Supplier’s reply');
  await visitor.goto(`${base}/udbud/${TENDER}?lang=da`);
  await accessibleInBoth(t, visitor, 'the public tender page with the contract', problems);

  // The requirement's record across contracts, and the supplier's record.
  await visitor.goto(`${base}/krav/SOC-APPRENTICE`);
  const krav = await mainText(visitor);
  t.match(krav, TITLE, 'the requirement page lists the contract');
  await accessibleInBoth(t, visitor, '/krav/SOC-APPRENTICE', problems);
  await visitor.goto(`${base}/leverandoer/${FIRM.cvr}`);
  const supplier = await mainText(visitor);
  t.match(supplier, FIRM.name);
  t.match(supplier, TITLE, 'the supplier record lists the contract');
  await accessibleInBoth(t, visitor, `/leverandoer/${FIRM.cvr}`, problems);
  await visitor.goto(`${base}/kontrakter`);
  t.match(await mainText(visitor), TITLE, 'the contract list has it');
  await accessibleInBoth(t, visitor, '/kontrakter', problems);

  // The API.
  const api = await fetch(`${base}/api/v1/tenders/${TENDER}`);
  t.equal(api.status, 200);
  const tender = (await api.json()) as Obj;
  const contract = JSON.stringify(tender);
  t.match(contract, FIRM.cvr, 'the API names the supplier');
  t.match(contract, 'unforeseen_182', 'with the change and its basis');
  t.match(contract, 'Påtalen er taget til efterretning', 'and the rating reply');
  t.notMatch(contract, FIRM.email);

  // The OCDS record: the contract with its amendments and agreed metrics, valid with the extensions.
  const record = await fetch(`${base}/api/ocds/records/ocds-kge001-${TENDER}`);
  t.equal(record.status, 200);
  const recordJson = (await record.json()) as Obj;
  t.equal(schemaErrors('recordPackage', recordJson), '', 'the OCDS record package validates');
  const compiled = recordJson.records[0].compiledRelease as Obj;
  t.equal(schemaErrors('release', compiled), '', 'its compiled release validates with the Metrics extension');
  const ocdsContract = compiled.contracts?.[0] as Obj;
  t.ok(ocdsContract, 'the compiled release has the contract');
  t.equal(ocdsContract?.amendments?.length, 2, 'two amendments, one per change');
  t.ok(ocdsContract?.agreedMetrics?.length >= 3, 'the targets as agreed metrics');
  t.match(JSON.stringify(ocdsContract?.agreedMetrics), 'SOC-APPRENTICE');
  t.same(problems, [], 'no load errors on the way');
});

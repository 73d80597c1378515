import pino from 'pino';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { queueFirmMail } from '../../src/firms/mail-queue.js';
import { startFirmMail } from '../../src/firms/mail-runtime.js';
import { FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { testConfig, type Teardown } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { goodSignUp } from '../helpers/firm-account.js';
import { firmInDatabase } from '../helpers/firms.js';
import { linkIn, mailbox } from '../helpers/mail.js';
import { Browser } from '../helpers/officer.js';
import { eventually, pathOf, PUBLIC_URL } from '../helpers/subscriptions.js';

/** The app, the firm mail worker (polling every half second) and a real SMTP server. */
async function firmMailSetup(t: Teardown) {
  const box = await mailbox(t);
  const base = testConfig({ publicUrl: PUBLIC_URL });
  const config = testConfig({ publicUrl: PUBLIC_URL, mail: { ...base.mail, smtpUrl: box.url, from: 'Køge Kommune <udbud@koege.dk>', retryDelaySeconds: 1 } });
  const database = await createTestDatabase();
  const app = await buildApp({ config, db: database.db, logger: false });
  const worker = await startFirmMail(config, database, pino({ level: 'silent' }), { pollingIntervalSeconds: 0.5 });
  t.teardown(async () => {
    await worker.stop();
    await app.close();
    await database.close();
  });
  return { app, db: database.db, box };
}

const HOSTILE = 'Tømrer <img src=x onerror=alert(1)> & Søn';

t.test('sign-up → the sign-in mail through SMTP → its link signs in, once', async (t) => {
  const { app, db, box } = await firmMailSetup(t);
  const browser = new Browser(app);
  await browser.get('/virksomhed/tilmeld');
  const posted = await browser.post('/virksomhed/tilmeld', goodSignUp({ name: HOSTILE }));
  t.equal(posted.statusCode, 303);

  const [mail] = await box.waitFor(1);
  t.equal(mail!.subject, 'Log ind på Køge Kommunes udbudsportal');
  t.equal(mail!.to && 'text' in mail!.to ? mail!.to.text : '', 'kim@toemrer.test');
  t.match(mail!.text, 'Hej Kim Kontakt. Brug linket for at logge ind for Tømrer <img src=x onerror=alert(1)> & Søn.');
  t.match(mail!.text, 'Linket virker i 20 minutter');
  t.notMatch(String(mail!.html), '<img src=x', 'the firm name is escaped in the HTML');
  t.match(String(mail!.html), 'Tømrer &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; Søn');
  const link = linkIn(mail!, `${PUBLIC_URL}/virksomhed/log-ind/`);
  t.match(String(mail!.html), `href="${link}"`);
  await eventually(async () => (await db.selectFrom('firm_mails').select('sent_at').executeTakeFirstOrThrow()).sent_at !== null, { what: 'marked sent' });

  const page = await browser.get(pathOf(link));
  t.equal(page.statusCode, 200);
  const signedIn = await browser.post(pathOf(link), {});
  t.equal(signedIn.statusCode, 303);
  t.ok(browser.cookies.get(FIRM_SESSION_COOKIE));
  const account = await browser.get('/virksomhed');
  t.equal(account.statusCode, 200);
  t.match(account.body, 'Tømrer &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; Søn');
  t.equal((await new Browser(app).post(pathOf(link), {})).statusCode, 403, 'without the form token: refused');
  const second = new Browser(app);
  await second.get('/virksomhed/log-ind');
  t.equal((await second.post(pathOf(link), {})).statusCode, 410, 'a second use from another browser: refused');
});

t.test('an English contact gets the mail in English with English links; an invitation names the tender, its link and deadline', async (t) => {
  const { app, db, box } = await firmMailSetup(t);
  await withTenders(db);
  const firm = await firmInDatabase(db, { name: HOSTILE, email: 'en@firma.test' });
  await db.updateTable('firm_contacts').set({ lang: 'en' }).where('id', '=', firm.contactId).execute();
  const browser = new Browser(app);
  await browser.get('/virksomhed/log-ind?lang=en');
  await browser.post('/virksomhed/log-ind', { email: 'en@firma.test' });
  const [signin] = await box.waitFor(1);
  t.equal(signin!.subject, 'Sign in to Køge Kommune’s procurement portal');
  t.match(signin!.text, 'The link works for 20 minutes');
  const link = linkIn(signin!, `${PUBLIC_URL}/virksomhed/log-ind/`);
  t.match(link, /\?lang=en$/);
  const page = await browser.get(pathOf(link));
  t.match(page.body, 'Press the button to sign in');

  await db.transaction().execute((trx) => queueFirmMail(trx, firm.contactId, 'invitation', { tenderId: SMALL_TENDER }));
  const [, invitation] = await box.waitFor(2);
  t.equal(invitation!.subject, 'Invitation to give an informal bid: Renovering af tag, Testskolen');
  t.match(invitation!.text, 'Tømrer <img src=x onerror=alert(1)> & Søn has been invited to give an informal bid');
  t.match(invitation!.text, `${PUBLIC_URL}/udbud/${SMALL_TENDER}?lang=en`);
  t.match(invitation!.text, /Deadline for bids: .*2026/);
  t.notMatch(String(invitation!.html), '<img src=x');
  t.match(invitation!.text, `${PUBLIC_URL}/virksomhed?lang=en`, 'the footer links to My firm');
});

t.test('a Danish invitation; a mail the SMTP server refuses is retried until it goes through', async (t) => {
  const { db, box } = await firmMailSetup(t);
  await withTenders(db);
  const firm = await firmInDatabase(db, { name: 'Maler Hansen ApS' });
  await box.stop();
  await db.transaction().execute((trx) => queueFirmMail(trx, firm.contactId, 'invitation', { tenderId: SMALL_TENDER }));
  await eventually(async () => {
    const row = await db.selectFrom('firm_mails').selectAll().executeTakeFirstOrThrow();
    return row.attempts >= 1 && row.last_error !== null;
  }, { what: 'a failed attempt recorded' });
  await box.start();
  const [mail] = await box.waitFor(1, 30_000);
  t.equal(mail!.subject, 'Invitation til underhåndsbud: Renovering af tag, Testskolen');
  t.match(mail!.text, 'Maler Hansen ApS er inviteret til at give underhåndsbud på denne opgave:');
  t.match(mail!.text, `${PUBLIC_URL}/udbud/${SMALL_TENDER}\n`);
  t.match(mail!.text, /Frist for tilbud: 10\. november 2026/);
  await eventually(async () => {
    const row = await db.selectFrom('firm_mails').selectAll().executeTakeFirstOrThrow();
    return row.sent_at !== null && row.last_error === null;
  }, { what: 'sent, the error cleared' });
  t.equal(box.received.length, 1, 'sent once');
});

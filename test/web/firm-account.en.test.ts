import t, { type Test } from 'tap';
import { testApp } from '../helpers/app.js';
import { goodSignUp, latestSigninPath } from '../helpers/firm-account.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

// The firm pages in English: every text of the portal's own, errors included, is English (what is
// left when the data a page shows, such as the firm's name and the trades' Danish names, is taken out).

const DANISH = /[æøåÆØÅ]|(?<![\p{L}])(og|eller|ikke|virksomhed|tilmeld|kontaktperson|brancher?|skriv|vælg|gem|slet|log ind)(?![\p{L}])/iu;

/** The page's visible text and labels, without what `data` lists and without text marked lang="da". */
function ownText(html: string, data: string[]): string {
  const body = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<(a|span)\b[^>]*\blang="da"[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  let text = decodeEntities(body.replace(/<[^>]+>/g, ' '));
  for (const piece of [...data].sort((a, b) => b.length - a.length)) text = text.replaceAll(piece, ' ');
  return text.replace(/\s+/g, ' ');
}

function englishOnly(t: Test, html: string, what: string, data: string[] = []) {
  t.match(html, '<html lang="en">', `${what} is English`);
  const text = ownText(html, ['Køge Kommune', 'Køge', 'Udbudsportal', ...data]);
  const hit = DANISH.exec(text);
  t.notOk(hit, `${what}: no Danish${hit ? `: "${text.slice(Math.max(0, hit.index - 60), hit.index + 60)}"` : ''}`);
}

t.test('sign-up, sign-in and their errors in English', async (t) => {
  const { app } = await testApp(t, { config: { subscribeRateLimitPerHour: 100 } });
  const browser = new Browser(app);
  browser.cookies.set('lang', 'en');
  const form = await browser.get('/virksomhed/tilmeld');
  englishOnly(t, form.body, 'the sign-up form');
  t.match(form.body, 'What we keep, and who sees it');
  t.match(form.body, 'Micro: fewer than 10 employees');
  t.match(form.body, 'Carpentry', 'trades by their English names');
  t.match(form.body, /id="lang-en" name="lang" value="en" checked/, 'mails in English by default for an English reader');

  const bad = await browser.post('/virksomhed/tilmeld', goodSignUp({ cvr: '30023758', trades: [], lang: 'en' }));
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'The CVR number does not exist: the check digit does not match');
  t.match(bad.body, 'Choose at least one trade');
  englishOnly(t, bad.body, 'the refused sign-up', ['Køge Tømrer & Søn ApS', 'Torvet 1']);

  const ok = await browser.post('/virksomhed/tilmeld', goodSignUp({ lang: 'en' }));
  t.equal(ok.statusCode, 303);
  t.equal((await app.db.selectFrom('firm_contacts').select('lang').executeTakeFirstOrThrow()).lang, 'en');
  const sent = await browser.get(String(ok.headers.location));
  t.match(sent.body, 'Check your e-mail');
  englishOnly(t, sent.body, 'check your e-mail');

  const signin = await browser.get('/virksomhed/log-ind');
  englishOnly(t, signin.body, 'the sign-in form');
  t.match(signin.body, 'Register your firm');
  const badEmail = await browser.post('/virksomhed/log-ind', { email: 'nope' });
  t.match(badEmail.body, 'Enter a valid e-mail address');

  const link = await latestSigninPath(app.db, 'kim@toemrer.test');
  const linkPage = await browser.get(link);
  englishOnly(t, linkPage.body, 'the link page');
  t.match(linkPage.body, 'Press the button to sign in');
  t.equal((await browser.post(link, {})).statusCode, 303);
  const reused = await browser.post(link, {});
  t.equal(reused.statusCode, 410);
  t.match(reused.body, 'The link has already been used');
  englishOnly(t, reused.body, 'the used link', ['Køge Tømrer & Søn ApS']);
  const invalid = await browser.get('/virksomhed/log-ind/not-a-link');
  t.equal(invalid.statusCode, 400);
  t.match(invalid.body, 'The link is not valid');
});

t.test('My firm, its errors, the deletion page and the header in English', async (t) => {
  const { app } = await testApp(t);
  const firm = await signedInFirm(app, app.db, { name: 'Hansen & Co ApS', contactName: 'Kim Kontakt', status: 'unverified', trades: ['toemrer'] });
  firm.browser.cookies.set('lang', 'en');
  const data = ['Hansen & Co ApS', 'Kim Kontakt', firm.email, 'Torvet 1'];
  const page = await firm.browser.get('/virksomhed');
  englishOnly(t, page.body, 'My firm', data);
  t.match(page.body, 'Awaiting approval: you can use everything, but the firm is not shown publicly.');
  t.match(page.body, '<a href="/virksomhed">My firm</a>');
  t.match(page.body, 'Sign out');

  const last = await firm.browser.post(`/virksomhed/kontakter/${firm.contactId}/fjern`, {});
  t.match(last.body, 'The firm must have at least one contact person.');
  englishOnly(t, last.body, 'the last contact refused', data);
  const bad = await firm.browser.post('/virksomhed', { name: '', address: 'Torvet 1', postalCode: 'x', city: 'Køge', size: 'small', trades: ['toemrer'] });
  t.match(bad.body, 'The postcode must be 4 digits');
  englishOnly(t, bad.body, 'the refused edit', data);

  const del = await firm.browser.get('/virksomhed/slet');
  englishOnly(t, del.body, 'the deletion page', data);
  const unconfirmed = await firm.browser.post('/virksomhed/slet', {});
  t.match(unconfirmed.body, 'Tick the box to confirm');
  const deleted = await firm.browser.post('/virksomhed/slet', { confirm: 'ja' });
  const done = await firm.browser.get(String(deleted.headers.location));
  t.match(done.body, 'The firm has been deleted');
  const anonymous = await firm.browser.get('/');
  t.match(anonymous.body, '<a href="/virksomhed/log-ind">For firms</a>');
});

import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { guestToken, loadGuestSigner } from '../../src/dialogue/guests.js';
import { testApp } from '../helpers/app.js';
import { PLANNED_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { signedInFirm } from '../helpers/firms.js';
import { unescaped } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

const page = `/udbud/${SMALL_TENDER}`;
const ask = `${page}/spoergsmaal`;

/** The fixture's bid deadline moved `days` from now, so that questions are open (or not). */
const bidDeadlineIn = (db: Db, days: number) =>
  db.updateTable('tenders').set({ tender_deadline: new Date(Date.now() + days * 86_400_000) }).where('id', '=', SMALL_TENDER).execute();
const questionRows = (db: Db) => db.selectFrom('questions').selectAll().orderBy('id').execute();

t.test('a signed-in firm asks on the tender page; the question is received and nothing about it is public yet', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await bidDeadlineIn(db, 20);
  const firm = await signedInFirm(app, db, { name: 'Spørgende Tømrer ApS' });

  const before = await firm.browser.get(page);
  t.equal(before.statusCode, 200);
  t.match(before.body, '<h2 id="spoergsmaal">Spørgsmål og svar</h2>');
  t.match(before.body, 'Ingen spørgsmål modtaget endnu.');
  t.match(before.body, /Spørgefrist: \d+\. \w+ \d{4}/);
  t.match(unescaped(before.body), `<form method="post" action="${ask}" novalidate>`);
  t.match(before.body, '>Send spørgsmålet</button>');

  const sent = await firm.browser.post(ask, { text: 'Må tagpappen genbruges?' });
  t.equal(sent.statusCode, 303);
  t.equal(sent.headers.location, `${ask}/modtaget`);
  const received = await firm.browser.get(sent.headers.location as string);
  t.match(received.body, 'Spørgsmålet er modtaget');
  const [row] = await questionRows(db);
  t.equal(row?.status, 'received');
  t.equal(row?.firm_id, firm.firmId);
  const mails = await db.selectFrom('dialogue_mails').select(['kind', 'contact_id']).execute();
  t.same(mails, [{ kind: 'question_received', contact_id: firm.contactId }]);

  const anonymous = await app.inject(page);
  t.match(anonymous.body, '1 spørgsmål modtaget, 0 besvaret.');
  t.notMatch(anonymous.body, 'Må tagpappen genbruges?', 'not public before it is answered');
  t.notMatch(anonymous.body, 'Spørgende Tømrer');
  t.match(anonymous.body, `<a class="button button-secondary" href="${ask}">Stil et spørgsmål om udbuddet</a>`);
  t.notMatch(anonymous.body, 'name="_csrf"', 'no form for a visitor: the page stays cacheable');
});

t.test('bad questions: empty, 10.000 characters, after the deadline, on a tender not open: a clear message, the text kept, nothing saved', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await bidDeadlineIn(db, 20);
  const firm = await signedInFirm(app, db);
  await firm.browser.get(page);

  const empty = await firm.browser.post(ask, { text: '   ' });
  t.equal(empty.statusCode, 400);
  t.match(empty.body, '<a href="#text">Skriv dit spørgsmål</a>');

  const long = 'Hvorfor? '.repeat(1112).slice(0, 10_000);
  const tooLong = await firm.browser.post(ask, { text: long });
  t.equal(tooLong.statusCode, 400);
  t.match(tooLong.body, 'Spørgsmålet må højst være på 4000 tegn');
  t.match(tooLong.body, long.slice(0, 200), 'the text is kept');

  const notOpen = await firm.browser.post(`/udbud/${PLANNED_TENDER}/spoergsmaal`, { text: 'Hvornår kommer udbuddet?' });
  t.equal(notOpen.statusCode, 409);
  t.match(notOpen.body, 'Der kan kun stilles spørgsmål, mens et udbud er udbudt. Dette udbud har status »Planlagt«. Spørgsmålet er ikke sendt.');
  t.match(notOpen.body, 'Hvornår kommer udbuddet?');

  // The bid deadline in 3 days: the question deadline (4 days before) has passed.
  await bidDeadlineIn(db, 3);
  const tenderPage = await firm.browser.get(page);
  t.match(tenderPage.body, /Spørgefristen udløb \d+\. \w+ \d{4} kl\. \d\d[.:]\d\d\. Der kan ikke stilles flere spørgsmål til dette udbud\./);
  t.notMatch(tenderPage.body, '>Send spørgsmålet</button>', 'the form is gone');
  const late = await firm.browser.post(ask, { text: 'Kan fristen forlænges?' });
  t.equal(late.statusCode, 409);
  t.match(late.body, /Spørgefristen udløb .+\. Spørgsmålet er ikke sendt\./);
  t.match(late.body, 'Kan fristen forlænges?', 'the text is kept');
  t.notMatch(late.body, '>Send spørgsmålet</button>', 'and the form takes nothing');

  t.same(await questionRows(db), [], 'nothing saved');
  t.same(await db.selectFrom('dialogue_mails').select('id').execute(), []);

  const english = await firm.browser.post(`${ask}?lang=en`, { text: '' });
  t.match(english.body, 'Write your question');
});

t.test('a guest asks with an e-mail address and confirms by link: a button first, then the question is received', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await bidDeadlineIn(db, 20);
  const browser = new Browser(app);
  const form = await browser.get(ask);
  t.equal(form.statusCode, 200);
  t.match(form.body, 'Uden virksomhedskonto');

  const bad = await browser.post(ask, { text: 'Er der asbest?', email: 'ikke-en-adresse', firmName: '' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'Skriv en gyldig e-mailadresse');
  t.match(bad.body, 'Skriv virksomhedens navn');
  t.match(bad.body, 'Er der asbest?');
  t.same(await questionRows(db), []);

  const sent = await browser.post(ask, { text: 'Er der asbest?', email: 'gaest@murer.test', firmName: 'Murer <Hansen>' });
  t.equal(sent.statusCode, 303);
  t.equal(sent.headers.location, `${ask}/tjek-din-mail`);
  const [question] = await questionRows(db);
  t.equal(question?.status, 'unconfirmed');
  const signer = await loadGuestSigner(db);
  const link = `${ask}/bekraeft/${guestToken(signer, question!.guest_id!)}`;

  const shown = await browser.get(link);
  t.equal(shown.statusCode, 200);
  t.match(shown.body, '>Bekræft spørgsmålet</button>');
  t.equal((await questionRows(db))[0]?.status, 'unconfirmed', 'opening the link confirms nothing');
  const confirmed = await browser.post(link, {});
  t.equal(confirmed.statusCode, 303);
  t.equal(confirmed.headers.location, `${ask}/modtaget`);
  t.equal((await questionRows(db))[0]?.status, 'received');

  const forged = await browser.post(`${ask}/bekraeft/${question!.guest_id}.forged`, {});
  t.equal(forged.statusCode, 400);
  t.match(forged.body, 'Linket virker ikke');
});

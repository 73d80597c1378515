import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, guestLink, inDays, withProjects } from '../helpers/dialogue-pages.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities, unescaped } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

const consultation = {
  kind: 'written_consultation' as const,
  title: 'Høring: udkast til kravspecifikation for idrætshallen',
  capacity: null,
  startsAt: null,
  endsAt: null,
  place: null,
  draftUrl: 'https://udbud.koege.dk/udkast/hal.pdf',
  commentDeadline: inDays(14, '12:00'),
};

t.test('a firm comments on a draft in written consultation; comments are never public', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, consultation);
  const page = `/dialog/${id}`;
  const firm = await signedInFirm(app, database.db);
  const form = decodeEntities((await firm.browser.get(page)).body);
  t.match(form, '<h2 id="tilmelding">Send en kommentar til udkastet</h2>');
  t.match(unescaped(form), '<a href="https://udbud.koege.dk/udkast/hal.pdf">Læs udkastet</a>');
  t.match(form, 'Kommentarer er ikke offentlige: kun udbudsafdelingen læser dem.');
  t.match(form, /<dt>Frist for kommentarer<\/dt><dd><time datetime="[^"]+">\d+\. \w+ \d{4} kl\. 12\.00<\/time>/);

  const sent = await firm.browser.post(`${page}/kommentar`, { text: 'Gulvet bør kunne tåle <b>håndbold</b> & basket.' });
  t.equal(sent.statusCode, 303);
  t.equal(sent.headers.location, `${page}?besked=kommentar#tilmelding`);
  t.match(decodeEntities((await firm.browser.get(sent.headers.location!)).body), 'Tak for kommentaren. Udbudsafdelingen har fået den.');
  const rows = await database.db.selectFrom('dialogue_comments').select(['text', 'status']).execute();
  t.same(rows, [{ text: 'Gulvet bør kunne tåle <b>håndbold</b> & basket.', status: 'received' }]);
  t.notMatch(decodeEntities((await app.inject(page)).body), 'håndbold', 'the comment is not on the public page');
});

t.test('a guest comments by link; an empty comment is refused with the typed address kept', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, consultation);
  const guest = new Browser(app);
  const anonymous = decodeEntities((await app.inject(`/dialog/${id}`)).body);
  t.match(unescaped(anonymous), `<a href="/dialog/${id}/kommentar">Ingen konto? Send en kommentar med e-mail og virksomhedens navn</a>`);
  await guest.get(`/dialog/${id}/kommentar`);
  const empty = await guest.post(`/dialog/${id}/kommentar`, { email: 'gitte@gaest.test', firmName: 'Gæstens Byg ApS', text: '   ' });
  t.equal(empty.statusCode, 400);
  t.match(decodeEntities(empty.body), 'Skriv din kommentar');
  t.match(empty.body, 'value="gitte@gaest.test"');
  t.same(await database.db.selectFrom('dialogue_comments').select('id').execute(), [], 'nothing saved');

  const sent = await guest.post(`/dialog/${id}/kommentar`, { email: 'gitte@gaest.test', firmName: 'Gæstens Byg ApS', text: 'Husk ladestandere.' });
  t.equal(sent.statusCode, 303);
  const link = await guestLink(database.db, 'gitte@gaest.test');
  await guest.get(link);
  const done = await guest.post(link, {});
  t.equal(done.statusCode, 200);
  t.match(decodeEntities(done.body), 'Tak: jeres kommentar til »Høring: udkast til kravspecifikation for idrætshallen« er sendt til udbudsafdelingen.');
  t.same(await database.db.selectFrom('dialogue_comments').select('status').execute(), [{ status: 'received' }]);
});

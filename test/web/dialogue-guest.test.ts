import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, guestLink, withProjects } from '../helpers/dialogue-pages.js';
import { decodeEntities, unescaped } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

t.test('without an account: e-mail and firm name, a link by mail, a button that confirms, and then the seat', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { capacity: 5 });
  const guest = new Browser(app);

  const form = decodeEntities((await guest.get(`/dialog/${id}/tilmeld`)).body);
  t.match(form, '<h1 id="tilmelding" tabindex="-1">Tilmeld uden konto: Informationsmøde om skole og idrætshal</h1>');
  t.match(form, 'tilmeldingen gælder først, når du har fulgt det (inden for 24 timer)');
  t.match(form, 'Vi gemmer virksomhedens navn, kontaktpersonens e-mailadresse, antal deltagere', 'what is kept and why');
  t.match(form, 'name="_csrf"');

  const sent = await guest.post(`/dialog/${id}/tilmeld`, { email: 'gitte@gaest.test', firmName: 'Gæstens Byg ApS', attendees: '3' });
  t.equal(sent.statusCode, 303);
  t.equal(sent.headers.location, '/dialog/tjek-din-mail');
  t.match(decodeEntities((await guest.get('/dialog/tjek-din-mail')).body), 'Vi har sendt et link');
  const mails = await database.db.selectFrom('dialogue_mails').select('kind').where('guest_id', 'is not', null).execute();
  t.same(mails.map((m) => m.kind), ['guest_confirm']);
  t.match(decodeEntities((await app.inject(`/dialog/${id}`)).body), '5 ledige pladser af 5', 'no seat before the link is followed');

  const link = await guestLink(database.db, 'gitte@gaest.test');
  const button = await guest.get(link);
  t.equal(button.statusCode, 200);
  t.match(button.body, '>Bekræft</button>');
  t.match(unescaped(button.body), `action="${link}"`);
  t.match(decodeEntities((await app.inject(`/dialog/${id}`)).body), '5 ledige pladser af 5', 'opening the link (a mail scanner) confirms nothing');

  const confirmed = await guest.post(link, {});
  t.equal(confirmed.statusCode, 200);
  t.match(decodeEntities(confirmed.body), 'Tak: I er tilmeldt »Informationsmøde om skole og idrætshal«.');
  t.match(unescaped(confirmed.body), `<a class="button button-primary" href="/dialog/${id}">Se aktiviteten</a>`);
  t.match(decodeEntities((await app.inject(`/dialog/${id}`)).body), '2 ledige pladser af 5');
  t.notMatch(decodeEntities((await app.inject(`/dialog/${id}`)).body), 'Gæstens Byg', 'never who signed up');
});

t.test('a guest confirming a full meeting gets the waiting list; a forged link is refused', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { capacity: 1 });
  const guest = new Browser(app);
  await guest.get(`/dialog/${id}/tilmeld`);
  t.equal((await guest.post(`/dialog/${id}/tilmeld`, { email: 'a@gaest.test', firmName: 'A ApS', attendees: '1' })).statusCode, 303);
  await guest.get(`/dialog/${id}/tilmeld`);
  t.equal((await guest.post(`/dialog/${id}/tilmeld`, { email: 'b@gaest.test', firmName: 'B ApS', attendees: '1' })).statusCode, 303);
  const first = await guestLink(database.db, 'a@gaest.test');
  await guest.get(first);
  t.match(decodeEntities((await guest.post(first, {})).body), 'Tak: I er tilmeldt');
  const second = await guestLink(database.db, 'b@gaest.test');
  await guest.get(second);
  const waiting = decodeEntities((await guest.post(second, {})).body);
  t.match(waiting, 'der var ikke flere pladser, så I står på ventelisten til »Informationsmøde om skole og idrætshal«');

  const forged = await guest.get(`${second.slice(0, -4)}abcd`);
  t.equal(forged.statusCode, 400);
  t.match(decodeEntities(forged.body), 'Linket virker ikke');
  t.notMatch(forged.body, '>Bekræft</button>');
});

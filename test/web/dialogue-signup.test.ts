import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, withProjects } from '../helpers/dialogue-pages.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities, unescaped } from '../helpers/html.js';
import type { Db } from '../../src/db/database.js';

const live = (db: Db, activityId: number) =>
  db.selectFrom('dialogue_signups').select(['firm_id', 'status', 'attendees']).where('activity_id', '=', activityId).where('status', '<>', 'cancelled').orderBy('id').execute();

t.test('a signed-in firm signs up in one click, sees its sign-up, and cancels; the public sees seats left, never who', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { capacity: 5 });
  const firm = await signedInFirm(app, database.db, { name: 'Hemmelige Tømrere ApS' });
  const page = `/dialog/${id}`;

  const before = decodeEntities((await firm.browser.get(page)).body);
  t.match(unescaped(before), `<form method="post" action="/dialog/${id}/tilmeld" novalidate>`);
  t.match(before, /id="attendees" name="attendees" value="1"/, 'one attendee unless changed: one click');
  t.match(before, '>Tilmeld</button>');
  t.match(before, 'Vi gemmer virksomhedens navn, kontaktpersonens e-mailadresse, antal deltagere', 'the form says what is kept');
  t.match(before, 'Offentligt vises kun antal ledige pladser, aldrig hvem der er tilmeldt.', 'and what is public');

  const signed = await firm.browser.post(`${page}/tilmeld`, { attendees: '2' });
  t.equal(signed.statusCode, 303);
  t.equal(signed.headers.location, `${page}?besked=tilmeldt#tilmelding`);
  const after = decodeEntities((await firm.browser.get(signed.headers.location!)).body);
  t.match(after, 'Tak: I er tilmeldt.');
  t.match(after, 'Jeres virksomhed er tilmeldt med 2 deltager(e).');
  t.match(after, '>Afmeld</button>');
  t.notMatch(after, '>Tilmeld</button>', 'no second sign-up form');
  t.same(await live(database.db, id), [{ firm_id: firm.firmId, status: 'confirmed', attendees: 2 }]);

  const anonymous = decodeEntities((await app.inject(page)).body);
  t.match(anonymous, '3 ledige pladser af 5');
  t.notMatch(anonymous, 'Hemmelige Tømrere');
  t.match(anonymous, 'Virksomheder med en konto tilmelder sig med ét klik: <a href="/virksomhed/log-ind">log ind</a>');
  t.match(unescaped(anonymous), `<a href="/dialog/${id}/tilmeld">Ingen konto? Tilmeld jer med e-mail og virksomhedens navn</a>`);

  const cancelled = await firm.browser.post(`${page}/afmeld`, {});
  t.equal(cancelled.statusCode, 303);
  t.equal(cancelled.headers.location, `${page}?besked=afmeldt#tilmelding`);
  const again = decodeEntities((await firm.browser.get(cancelled.headers.location!)).body);
  t.match(again, 'Tilmeldingen er afmeldt.');
  t.match(again, '>Tilmeld</button>');
  t.match(again, '5 ledige pladser af 5');
  t.same(await live(database.db, id), []);
});

t.test('a full meeting offers the waiting list, shows the place in it, and a cancellation moves the firm up', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { capacity: 2 });
  const page = `/dialog/${id}`;
  const first = await signedInFirm(app, database.db, { name: 'Første Murer ApS' });
  const second = await signedInFirm(app, database.db, { name: 'Anden Maler ApS' });
  await first.browser.get(page);
  t.equal((await first.browser.post(`${page}/tilmeld`, { attendees: '2' })).statusCode, 303);

  t.match(decodeEntities((await app.inject('/dialog')).body), '<strong>Fuldt — venteliste</strong>');
  const full = decodeEntities((await second.browser.get(page)).body);
  t.match(full, 'Der er ingen ledige pladser. Tilmeld jer alligevel, så kommer I på ventelisten');
  t.match(full, '>Skriv os på ventelisten</button>');
  const waiting = await second.browser.post(`${page}/tilmeld`, { attendees: '1' });
  t.equal(waiting.headers.location, `${page}?besked=venteliste#tilmelding`);
  const onList = decodeEntities((await second.browser.get(waiting.headers.location!)).body);
  t.match(onList, 'I står på ventelisten.');
  t.match(onList, 'Jeres virksomhed er nr. 1 på ventelisten (1 deltager(e)).');

  await first.browser.get(page);
  t.equal((await first.browser.post(`${page}/afmeld`, {})).statusCode, 303);
  const movedUp = decodeEntities((await second.browser.get(page)).body);
  t.match(movedUp, 'Jeres virksomhed er tilmeldt med 1 deltager(e).');
  t.match(decodeEntities((await app.inject(page)).body), '1 ledig plads af 2');
});


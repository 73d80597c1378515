import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, inDays, withProjects } from '../helpers/dialogue-pages.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';

t.test('a one-to-one talk offers only free slots, and a booked slot shows as booked', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, {
    kind: 'one_to_one',
    title: 'Samtaler om idrætshallen',
    capacity: null,
    startsAt: null,
    endsAt: null,
    slots: [
      { startsAt: inDays(8, '09:00'), endsAt: inDays(8, '09:30') },
      { startsAt: inDays(8, '09:30'), endsAt: inDays(8, '10:00') },
    ],
  });
  const slots = await database.db.selectFrom('dialogue_slots').select('id').where('activity_id', '=', id).orderBy('starts_at').execute();
  const page = `/dialog/${id}`;
  const first = await signedInFirm(app, database.db);
  const form = decodeEntities((await first.browser.get(page)).body);
  t.match(form, 'Vælg et tidspunkt');
  t.match(form, `value="${slots[0]!.id}"`);
  t.match(form, `value="${slots[1]!.id}"`);
  t.match(form, '2 ledige tidspunkter');
  t.equal((await first.browser.post(`${page}/tilmeld`, { slotId: String(slots[0]!.id), attendees: '1' })).statusCode, 303);
  t.match(decodeEntities((await first.browser.get(page)).body), /Jeres virksomhed har booket tidspunktet \d+\. \w+ \d{4} kl\. 09\.00–09\.30\./);

  const second = await signedInFirm(app, database.db);
  const left = decodeEntities((await second.browser.get(page)).body);
  t.notMatch(left, `name="slotId" value="${slots[0]!.id}"`, 'the booked slot is not offered');
  t.match(left, `value="${slots[1]!.id}"`);
  t.match(left, '1 ledigt tidspunkt');
  t.match(left, /kl\. 09\.00–09\.30<\/time>: Booket/);
});

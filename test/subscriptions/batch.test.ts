import t, { type Test } from 'tap';
import { composeMail, messageEvents, messagesEvents } from '../../src/subscriptions/compose.js';
import { buildDigests, deliverMessages } from '../../src/subscriptions/delivery.js';
import type { MailTransport, OutgoingMail } from '../../src/subscriptions/mailer.js';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testConfig, testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { confirmedSubscriber } from '../helpers/subscriptions.js';

// Many messages at once: a send worker's batch reads the events of all its messages together
// (messagesEvents), and a digest run's subscribers share their events. Each mail must be the one
// the message alone would make.

const roof = (overrides: Record<string, unknown> = {}) => dbdItem({ id: 'B-ROOF', title: 'Renovering af tag, Rådhuset', ...overrides });
const cleaning = (overrides: Record<string, unknown> = {}) =>
  dbdItem({ id: 'B-CLEAN', title: 'Rengøring af skoler', workType: 'service', contractType: 'services', requirements: [], ...overrides });

async function setup(t: Test) {
  const database = await testDatabase(t);
  await importDbdItems(database.db, [roof(), cleaning()]);
  await matchPendingEvents(database.db);
  const everything = await confirmedSubscriber(database, 'alt@example.dk', {});
  const roofs = await confirmedSubscriber(database, 'tag@example.dk', { q: 'tag' });
  const daily = await confirmedSubscriber(database, 'dagligt@example.dk', {}, 'daily');
  await importDbdItems(database.db, [roof({ revision: 2, status: 'published' }), cleaning({ revision: 2, status: 'cancelled' })]);
  t.same(await matchPendingEvents(database.db), { events: 2, items: 5, messages: 2 });
  t.equal(await buildDigests(database.db, 'daily', new Date('2026-11-24T06:00:00Z')), 1);
  const messages = await database.db.selectFrom('alert_messages').select(['id', 'subscription_id', 'kind']).execute();
  const of = (subscription: string) => messages.find((m) => m.subscription_id === subscription)!;
  const config = testConfig();
  const context = { publicUrl: config.publicUrl, municipality: config.municipalityName, signer: await loadLinkSigner(database.db) };
  return { database, context, everything: of(everything), roofs: of(roofs), daily: of(daily) };
}

t.test('the events of many messages read at once are each message’s own, as read alone', async (t) => {
  const { database, everything, roofs, daily } = await setup(t);
  const ids = [everything.id, roofs.id, daily.id];
  const together = await messagesEvents(database.db, ids);
  for (const id of ids) t.same(together.get(id), await messageEvents(database.db, id));
  t.same(together.get(everything.id)!.map((tender) => tender.id), ['B-ROOF', 'B-CLEAN']);
  t.same(together.get(roofs.id)!.map((tender) => tender.id), ['B-ROOF'], 'the roof search gets the roof only');
  t.same(together.get(daily.id)!.map((tender) => tender.events.length), [1, 1]);
  t.same(await messagesEvents(database.db, []), new Map());
});

t.test('a batch is delivered mail by mail: one refused mail does not stop the others', async (t) => {
  const { database, context, everything, roofs, daily } = await setup(t);
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    send: async (mail) => {
      if (mail.to === 'tag@example.dk') throw new Error('450 try later');
      sent.push(mail);
    },
    close: () => {},
  };
  const outcomes = await deliverMessages(database.db, context, transport, [everything.id, roofs.id, daily.id]);
  t.same(outcomes[0], { id: everything.id, outcome: 'sent' });
  t.equal(outcomes[1]!.id, roofs.id);
  t.match((outcomes[1] as { error: Error }).error.message, '450 try later');
  t.same(outcomes[2], { id: daily.id, outcome: 'sent' });

  const row = (id: string) => database.db.selectFrom('alert_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  t.equal((await row(roofs.id)).last_error, '450 try later', 'the refusal is recorded on its message');
  t.equal((await row(roofs.id)).sent_at, null);
  t.not((await row(daily.id)).sent_at, null);

  // Each mail is the one its message alone makes.
  const subscription = await database.db.selectFrom('subscriptions').selectAll().where('email', '=', 'alt@example.dk').executeTakeFirstOrThrow();
  const alone = composeMail(context, everything, subscription, await messageEvents(database.db, everything.id));
  t.same(sent[0], alone);
  t.equal(sent[1]!.subject, 'Dagens nyt i din søgning: 2 ændringer i 2 udbud');

  t.same(await deliverMessages(database.db, context, transport, [everything.id]), [{ id: everything.id, outcome: 'already-sent' }]);
});

t.test('a batch past its time budget starts no further mail; those wait for their retry', async (t) => {
  const { database, context, everything } = await setup(t);
  const transport: MailTransport = { send: async () => {
      t.fail('nothing is sent');
    }, close: () => {} };
  const [outcome] = await deliverMessages(database.db, context, transport, [everything.id], -1);
  t.match((outcome as { error: Error }).error.message, 'not tried');
  const row = await database.db.selectFrom('alert_messages').selectAll().where('id', '=', everything.id).executeTakeFirstOrThrow();
  t.equal(row.attempts, 0, 'no attempt is counted for a mail not tried');
});

t.test('an instant subscriber’s items waiting from a digest go out with the next instant batch', async (t) => {
  const database = await testDatabase(t);
  await importDbdItems(database.db, [roof(), cleaning()]);
  await matchPendingEvents(database.db);
  const switched = await confirmedSubscriber(database, 'skifter@example.dk', {}, 'daily');
  const other = await confirmedSubscriber(database, 'tag@example.dk', { q: 'tag' }, 'daily');
  await importDbdItems(database.db, [cleaning({ revision: 2, status: 'cancelled' })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 1, messages: 0 }, 'the daily subscriber’s item waits');
  await database.db.updateTable('subscriptions').set({ frequency: 'instant' }).where('id', 'in', [switched, other]).execute();

  // The roof changes: both now-instant subscribers match it; the waiting item joins its subscriber's message.
  await importDbdItems(database.db, [roof({ revision: 2, status: 'published' })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 2, messages: 2 });
  const items = await database.db
    .selectFrom('alert_items as i')
    .innerJoin('alert_messages as m', 'm.id', 'i.message_id')
    .innerJoin('tender_events as e', 'e.id', 'i.event_id')
    .select(['i.subscription_id', 'i.message_id', 'e.tender_id'])
    .execute();
  const mine = items.filter((i) => i.subscription_id === switched);
  t.same(mine.map((i) => i.tender_id).sort(), ['B-CLEAN', 'B-ROOF']);
  t.equal(new Set(mine.map((i) => i.message_id)).size, 1, 'in one message');
  t.same(await database.db.selectFrom('alert_items').select('event_id').where('message_id', 'is', null).execute(), [], 'nothing is left waiting');

  // A waiting item of a subscriber this batch did not match still goes out, in a message of its own.
  const third = await confirmedSubscriber(database, 'tredje@example.dk', { q: 'tag' }, 'daily');
  await importDbdItems(database.db, [roof({ revision: 3, status: 'cancelled' })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 3, messages: 2 }, 'the daily subscriber waits');
  await database.db.updateTable('subscriptions').set({ frequency: 'instant' }).where('id', '=', third).execute();
  await importDbdItems(database.db, [cleaning({ revision: 3, status: 'cancelled', estimatedValue: { amountDkk: 777_000 } })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 1, messages: 2 }, 'one for the match, one for the waiting item');
  const thirds = await database.db.selectFrom('alert_items').select('message_id').where('subscription_id', '=', third).execute();
  t.ok(thirds.length === 1 && thirds[0]!.message_id !== null);
});

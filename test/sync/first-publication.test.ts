import { parseFeed } from '@rowanmanning/feed-parser';
import t from 'tap';
import { eventsOf } from '../../src/tenders/events.js';
import { arrivalsApp, BOTH, FIRST, LATER } from '../helpers/arrivals.js';
import { decodeEntities } from '../helpers/html.js';

// DBD's export has no creation date: a tender first received as revision 1 was created in DBD at
// that revision's lastModified; one first received later has no known creation date.

t.test('the created event keeps DBD’s creation date when the first snapshot is revision 1; it still happened at the import', async (t) => {
  const before = Date.now();
  const { database } = await arrivalsApp(t);
  const created = async (id: string) => (await eventsOf(database.db, id)).find((e) => e.kind === 'created')!;
  t.same((await created(FIRST)).details, { dbdCreatedAt: '2026-01-01T08:15:00.000Z' });
  t.same((await created(BOTH)).details, { dbdCreatedAt: '2026-06-01T22:30:00.000Z' }, 'revision 1 seen in the same batch as revision 3');
  t.equal((await created(LATER)).details, null, 'first seen at revision 3: unknown');
  t.equal((await created(BOTH)).revision, 3, 'the tender itself is the newest revision');
  for (const id of [FIRST, LATER, BOTH]) {
    t.ok((await created(id)).occurredAt.getTime() >= before - 1000, `${id}: occurred_at stays the import time`);
  }
});

t.test('the history, the front page, the feed and the API say when DBD created the tender and when it reached the portal', async (t) => {
  const { app, arrivedOn } = await arrivalsApp(t);
  const page = async (url: string) => decodeEntities((await app.inject(url)).body);

  t.match(await page(`/udbud/${FIRST}`), `Oprettet i DBD 1. januar 2026 · på portalen fra ${await arrivedOn(FIRST)}`);
  t.match(await page(`/udbud/${BOTH}`), `Oprettet i DBD 2. juni 2026 · på portalen fra`, 'a Copenhagen day (22.30 UTC is past midnight)');
  const later = await page(`/udbud/${LATER}`);
  t.match(later, `På portalen fra ${await arrivedOn(LATER)}`);
  t.notMatch(later, 'Oprettet i DBD');

  const home = await page('/');
  t.match(home, `Oprettet i DBD 1. januar 2026 · på portalen fra ${await arrivedOn(FIRST)}`, 'a lone arrival says both dates');
  t.match(home, `2 opgaver kom på portalen ${await arrivedOn(LATER)}`, 'an import’s arrivals stay one line, dated by the portal');

  const feed = parseFeed((await app.inject('/feeds/udbud.atom')).body);
  const entry = (title: string) => feed.items.find((i) => i.title === `Ny opgave i planen: ${title}`)!;
  t.match(entry('Nyt tag på sportshallen').content ?? entry('Nyt tag på sportshallen').description, `Oprettet i DBD 1. januar 2026 · på portalen fra ${await arrivedOn(FIRST)}`);
  const lateEntry = entry('Facaderenovering, Rådhuset');
  t.equal(lateEntry.content ?? lateEntry.description, `På portalen fra ${await arrivedOn(LATER)}`);
  const rss = parseFeed((await app.inject('/feeds/udbud.rss')).body);
  const firstLine = `Oprettet i DBD 1. januar 2026 · på portalen fra ${await arrivedOn(FIRST)}`;
  t.ok(rss.items.some((i) => i.description === firstLine), 'RSS too');

  const events = async (id: string) => (await app.inject(`/api/v1/tenders/${id}/events`)).json().items as Array<{ kind: string; dbdCreatedAt: string | null }>;
  t.equal((await events(FIRST)).find((e) => e.kind === 'created')!.dbdCreatedAt, '2026-01-01T09:15:00+01:00');
  t.equal((await events(LATER)).find((e) => e.kind === 'created')!.dbdCreatedAt, null);
});

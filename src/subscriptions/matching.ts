import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { Frequency } from '../db/types.js';
import { eventsWithIds } from '../tenders/events.js';
import { savedSearchMatches } from '../tenders/search.js';
import { followedEvent } from './followed-events.js';
import { enqueueMessages } from './queue.js';

// Events reach subscribers in two steps. Matching (here) takes each new event once, finds the
// confirmed subscriptions whose saved search the tender meets, and records an alert item per pair;
// instant subscribers get their message in the same transaction. Digests (buildDigests in
// delivery.ts) gather the items of daily and weekly subscribers on their schedule.

const BATCH = 500;

/** Each subscription's saved search against the tender `t` the event `e` changed, and the status it moved from. */
const filterMatches = savedSearchMatches(sql.ref('s.filter'), 't', sql.ref('e.old_status'));

/**
 * Turns every pending item of the given frequency into one message per subscription, keyed so a
 * second run for the same period (a retry, another instance) makes none. Returns the new ids.
 */
export async function createMessages(trx: Executor, frequency: Frequency, period: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with pending as (
      select i.subscription_id from alert_items i
      join subscriptions s on s.id = i.subscription_id
      where i.message_id is null and s.frequency = ${frequency} and s.confirmed_at is not null
      group by i.subscription_id
    ), created as (
      insert into alert_messages (subscription_id, kind, idempotency_key)
      select subscription_id, ${frequency}, ${`${frequency}:`} || ${period} || ':' || subscription_id from pending
      on conflict (idempotency_key) do nothing
      returning id, subscription_id
    ), assigned as (
      update alert_items i set message_id = created.id from created
      where i.subscription_id = created.subscription_id and i.message_id is null
    )
    select id from created`.execute(trx);
  return rows.map((r) => r.id);
}

export interface MatchResult {
  events: number;
  items: number;
  messages: number;
}

/** Matches one batch of pending events; returns what it did (events 0: nothing was pending). */
async function matchBatch(db: Db): Promise<MatchResult> {
  return db.transaction().execute(async (trx) => {
    // SKIP LOCKED: another instance matching at the same time takes other events, never these.
    const taken = await sql<{ event_id: number }>`
      delete from alert_pending_events where event_id in (
        select event_id from alert_pending_events order by event_id limit ${BATCH} for update skip locked)
      returning event_id`.execute(trx);
    if (taken.rows.length === 0) return { events: 0, items: 0, messages: 0 };

    const rows = await eventsWithIds(trx, taken.rows.map((r) => r.event_id));
    const news = rows.filter((event) => followedEvent(event) !== null);
    let items = 0;
    if (news.length) {
      const oldStatus = (event: (typeof news)[number]) => {
        const change = event.changes.find((c) => c.field === 'status');
        return change && typeof change.old === 'string' ? change.old : null;
      };
      const inserted = await sql`
        insert into alert_items (subscription_id, event_id)
        select s.id, e.event_id
        from unnest(${news.map((e) => e.id)}::bigint[], ${news.map((e) => e.tenderId)}::text[], ${news.map(oldStatus)}::text[])
          as e(event_id, tender_id, old_status)
        join tenders t on t.id = e.tender_id
        cross join subscriptions s
        where s.confirmed_at is not null and ${filterMatches}
        on conflict do nothing`.execute(trx);
      items = Number(inserted.numAffectedRows ?? 0);
    }
    // One instant message per subscriber per batch, however many of their tenders changed.
    const messages = items ? await createMessages(trx, 'instant', `${rows[0]!.id}-${rows.at(-1)!.id}`) : [];
    await enqueueMessages(trx, messages);
    return { events: rows.length, items, messages: messages.length };
  });
}

/** Matches every pending event, batch by batch. */
export async function matchPendingEvents(db: Db): Promise<MatchResult> {
  const total: MatchResult = { events: 0, items: 0, messages: 0 };
  for (;;) {
    const batch = await matchBatch(db);
    if (batch.events === 0) return total;
    total.events += batch.events;
    total.items += batch.items;
    total.messages += batch.messages;
  }
}

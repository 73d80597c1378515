import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { Frequency } from '../db/types.js';
import { eventsWithIds, type TenderEvent } from '../tenders/events.js';
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

/** An event subscribers follow, with the status it moved its tender from (a search for that status still sees it). */
export interface EventToMatch {
  id: number;
  tenderId: string;
  oldStatus: string | null;
}

/** The events among `events` that are news to a follower (followedEvent), to match. */
export function eventsToMatch(events: readonly TenderEvent[]): EventToMatch[] {
  return events
    .filter((event) => followedEvent(event) !== null)
    .map((event) => {
      const change = event.changes.find((c) => c.field === 'status');
      return { id: event.id, tenderId: event.tenderId, oldStatus: change && typeof change.old === 'string' ? change.old : null };
    });
}

/**
 * The matching itself: each confirmed subscription whose saved search the tender an event changed
 * meets, as (subscription_id, event_id) pairs; one statement over all subscriptions, with the
 * search's own WHERE (savedSearchMatches).
 */
export function matchingPairs(events: readonly EventToMatch[]) {
  return sql<{ subscription_id: string; event_id: number }>`
    select s.id as subscription_id, e.event_id
    from unnest(${events.map((e) => e.id)}::bigint[], ${events.map((e) => e.tenderId)}::text[], ${events.map((e) => e.oldStatus)}::text[])
      as e(event_id, tender_id, old_status)
    join tenders t on t.id = e.tender_id
    cross join subscriptions s
    where s.confirmed_at is not null and ${filterMatches}`;
}

export interface MatchResult {
  events: number;
  items: number;
  messages: number;
}

/** Where matching spent its time, in milliseconds, added up over the batches (the bench reads it). */
export interface MatchTimings {
  /** Taking the pending events, deciding which subscriptions each meets and recording those alert items. */
  match: number;
  /** Making and queueing the instant messages of those items. */
  messages: number;
}

/** Matches one batch of pending events; returns what it did (events 0: nothing was pending). */
async function matchBatch(db: Db, timings?: MatchTimings): Promise<MatchResult> {
  return db.transaction().execute(async (trx) => {
    const started = performance.now();
    // SKIP LOCKED: another instance matching at the same time takes other events, never these.
    const taken = await sql<{ event_id: number }>`
      delete from alert_pending_events where event_id in (
        select event_id from alert_pending_events order by event_id limit ${BATCH} for update skip locked)
      returning event_id`.execute(trx);
    if (taken.rows.length === 0) return { events: 0, items: 0, messages: 0 };

    const rows = await eventsWithIds(trx, taken.rows.map((r) => r.event_id));
    const news = eventsToMatch(rows);
    let items = 0;
    if (news.length) {
      const inserted = await sql`
        insert into alert_items (subscription_id, event_id)
        ${matchingPairs(news)}
        on conflict do nothing`.execute(trx);
      items = Number(inserted.numAffectedRows ?? 0);
    }
    const matched = performance.now();
    if (timings) timings.match += matched - started;
    // One instant message per subscriber per batch, however many of their tenders changed.
    const messages = items ? await createMessages(trx, 'instant', `${rows[0]!.id}-${rows.at(-1)!.id}`) : [];
    await enqueueMessages(trx, messages);
    if (timings) timings.messages += performance.now() - matched;
    return { events: rows.length, items, messages: messages.length };
  });
}

/** Matches every pending event, batch by batch; `timings`, if given, gets where the time went. */
export async function matchPendingEvents(db: Db, timings?: MatchTimings): Promise<MatchResult> {
  const total: MatchResult = { events: 0, items: 0, messages: 0 };
  for (;;) {
    const batch = await matchBatch(db, timings);
    if (batch.events === 0) return total;
    total.events += batch.events;
    total.items += batch.items;
    total.messages += batch.messages;
  }
}

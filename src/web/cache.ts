import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { copenhagenDate } from '../domain/period.js';
import type { Lang } from '../i18n/index.js';
import { lastSuccessfulSync } from '../sync/repository.js';
import { notModified } from './conditional.js';
import { lastSyncWords, SYNC_SLOT_END, SYNC_SLOT_START } from './footer.js';
import { tooManyRequests, windowLimit } from './rate-limit.js';

// Rendered public pages, feeds, calendars and API answers, kept in memory per instance. A hit is
// answered in onRequest, before any query or template, with the headers and bytes of the first
// answer, and an ETag so a client that has it gets 304.
//
// Every table the answers read notifies the channel `udbud_changes` when a statement really
// changed rows (migration 20261205000000), naming the tenders they belong to; every instance
// listens and drops only what the change touches:
// - a change to tenders A and B drops A's and B's own answers (page, API record, OCDS record) and
//   the answers across tenders (lists, feeds, figures), and keeps every other tender's page;
// - a change that belongs to no single tender (thresholds, the catalogue, firms, market dialogue)
//   drops everything;
// - a sync run only moves the footer's "Sidst opdateret fra DBD": kept pages get the new time put
//   into their footer on their next hit, without a render.

export const CHANGES_CHANNEL = 'udbud_changes';

export interface ChangeFeed {
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

/** Where a kept page's footer sync line is in its bytes, to put a newer time in. */
interface PageParts {
  /** The line's first byte (after SYNC_SLOT_START) and the first byte after it (SYNC_SLOT_END). */
  start: number;
  end: number;
  lang: Lang;
  /** The clock's version the line was written with. */
  synced: number;
}

interface Entry {
  headers: Record<string, string>;
  /** The headers of a hit as written to the socket: name, value, name, value … (content-length last). */
  head: string[];
  body: Buffer;
  etag: string;
  /** The Copenhagen date it was made on: day-relative texts ("om 6 dage") change at midnight. */
  date: string;
  /** The tender whose own answer this is, or null for an answer across tenders. */
  tender: string | null;
  page: PageParts | null;
}

/** What a notification says changed: a table, and the tenders its changed rows belong to (null: no single one). */
export interface Change {
  table: string;
  tenders: string[] | null;
}

/** The trigger's JSON payload; anything else (an older trigger's table name, '*' after a lost connection) drops everything. */
export function parseChange(payload: string): Change {
  try {
    const parsed = JSON.parse(payload) as { table?: unknown; tenders?: unknown };
    if (typeof parsed.table === 'string') {
      const tenders = Array.isArray(parsed.tenders) && parsed.tenders.every((id) => typeof id === 'string') ? (parsed.tenders as string[]) : null;
      return { table: parsed.table, tenders };
    }
  } catch {
    // Not JSON.
  }
  return { table: payload, tenders: null };
}

const KEPT_HEADERS = new Set(['cache-control', 'content-disposition', 'last-modified', 'vary']);
/** Headers of the first answer that are about that request, not the answer. */
const isPerRequest = (name: string) => name.startsWith('x-ratelimit-') || name === 'set-cookie';
// 16 MB: a few hundred pages, and the portal stays under 200 MB of memory on PGlite too.
const MAX_BYTES = 16 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops every cached answer (also what a change notification without tenders does). */
    dropResponseCache(): void;
  }
  interface FastifyRequest {
    cacheKey: string | null;
    /** How many drops the cache had seen when this request missed it (see `drops` below). */
    cacheDrops: number;
  }
  interface FastifyContextConfig {
    /** The same answer for every anonymous reader (the session only exists on /admin): kept in the response cache. */
    cacheable?: boolean;
    /** A tender's own answer (its page, its API record): names the tender, so only its changes drop it. */
    cacheTender?: (params: Record<string, string>) => string | undefined;
  }
}


// The Copenhagen date, worked out at most once a second rather than on every hit.
let today = { at: 0, date: '' };
const currentDate = () => {
  const now = Date.now();
  if (now - today.at > 1000) today = { at: now, date: copenhagenDate(new Date(now)) };
  return today.date;
};

// The language cookie alone says nothing about who asks: its answers are cached per language.
const withoutLangCookie = (cookie: string) => cookie.split(';').map((c) => c.trim()).filter((c) => c && !/^lang=/.test(c));
const hasCookie = (request: FastifyRequest) =>
  Boolean((request.headers.cookie && withoutLangCookie(request.headers.cookie).length > 0) || request.headers.authorization);

/** A page's language comes from the query, the cookie or Accept-Language: caches must know. */
function addVary(reply: FastifyReply) {
  const current = reply.getHeader('vary');
  const names = String(current ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  for (const name of ['Accept-Language', 'Cookie']) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  reply.header('vary', names.join(', '));
}

/** A hit's headers for writeHead, with the content length last (a 304 leaves it out). */
function headOf(entry: Entry): string[] {
  const head: string[] = [];
  for (const name in entry.headers) head.push(name, entry.headers[name]!);
  head.push('etag', entry.etag, 'x-cache', 'hit', 'content-length', String(entry.body.length));
  return head;
}

const tagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** Where a page's footer sync line is, or null when it has none. */
function syncLineOf(body: Buffer, lang: Lang): PageParts | null {
  const slot = body.indexOf(SYNC_SLOT_START);
  const end = slot < 0 ? -1 : body.indexOf(SYNC_SLOT_END, slot);
  if (end < 0) return null;
  return { start: slot + SYNC_SLOT_START.length, end, lang, synced: -1 };
}

export const responseCache = fp(
  async (app, opts: { changes: ChangeFeed | null }) => {
    // The keys of the answers across tenders, and of each tender's own: a sync that changes a
    // thousand tenders sends a notification each, and each must cost only what it drops.
    const across = new Set<string>();
    const ofTender = new Map<string, Set<string>>();
    const cache = new LRUCache<string, Entry>({
      maxSize: MAX_BYTES,
      sizeCalculation: (e) => e.body.length + 512,
      dispose: (entry, key) => {
        if (entry.tender === null) return void across.delete(key);
        const keys = ofTender.get(entry.tender);
        keys?.delete(key);
        if (keys?.size === 0) ofTender.delete(entry.tender);
      },
    });
    const keep = (key: string, entry: Entry) => {
      cache.set(key, entry);
      if (entry.tender === null) across.add(key);
      else if (ofTender.get(entry.tender)?.add(key) === undefined) ofTender.set(entry.tender, new Set([key]));
    };
    app.decorate('dropResponseCache', () => cache.clear());
    app.decorateRequest('cacheKey', null);
    app.decorateRequest('cacheDrops', 0);
    // Drops heard so far. An answer is kept only if none came while it was made: a render that
    // read a tender before a change committed, and ends after its notification was heard, would
    // otherwise keep the old answer until the next change.
    let drops = 0;

    // The last successful sync, as last heard: the footers of kept pages are filled in from it.
    const clock = { last: null as Date | null, version: 0, known: false, reading: 0 };
    const readClock = async () => {
      const reading = ++clock.reading;
      try {
        const last = await lastSuccessfulSync(app.db);
        if (reading !== clock.reading) return; // a later reading is under way
        if (!clock.known || last?.getTime() !== clock.last?.getTime()) clock.version++;
        Object.assign(clock, { last, known: true });
      } catch (error) {
        app.log.warn({ err: error }, 'the response cache could not read the last sync');
      }
    };

    /** Puts the page's body together with the footer's current sync line (and a tag for those bytes). */
    const fill = (entry: Entry, page: PageParts) => {
      const line = Buffer.from(lastSyncWords(clock.last, page.lang));
      entry.body = Buffer.concat([entry.body.subarray(0, page.start), line, entry.body.subarray(page.end)]);
      page.end = page.start + line.length;
      page.synced = clock.version;
      entry.head = headOf(entry);
    };

    /**
     * A hit is written straight to the socket, as the bytes and headers were kept: no onSend hook
     * has anything to add to it (onResponse hooks still run). Headers an earlier hook put on this
     * reply (the language cookie of ?lang=, the API limit's count) go with it.
     */
    const send = (reply: FastifyReply, request: FastifyRequest, entry: Entry) => {
      if (entry.page && clock.known && entry.page.synced !== clock.version) fill(entry, entry.page);
      const fresh = notModified(request.headers, entry.etag, entry.headers['last-modified']);
      const added = reply.getHeaders();
      let head = fresh ? entry.head.slice(0, -2) : entry.head;
      for (const name in added) {
        const value = added[name];
        if (value === undefined) continue;
        head = head === entry.head ? [...head] : head;
        for (const one of Array.isArray(value) ? value : [String(value)]) head.push(name, one);
      }
      reply.hijack();
      reply.raw.writeHead(fresh ? 304 : 200, head);
      reply.raw.end(fresh ? undefined : entry.body);
      return true;
    };

    const answer = (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.cacheKey!;
      const hit = cache.get(key);
      if (!hit) return false;
      if (hit.date !== currentDate()) {
        cache.delete(key);
        return false;
      }
      return send(reply, request, hit);
    };

    // Every API request counts against its address's limit, answered from the cache or not.
    const limit = windowLimit(app.config.apiRateLimitPerMinute);
    app.addHook('onRequest', (request, reply, done) => {
      const config = request.routeOptions.config;
      if (config.api) {
        const verdict = limit(request.ip);
        reply.header('x-ratelimit-limit', verdict.limit).header('x-ratelimit-remaining', verdict.remaining).header('x-ratelimit-reset', verdict.resetSeconds);
        if (!verdict.allowed) {
          reply.header('retry-after', verdict.resetSeconds);
          return done(tooManyRequests(verdict));
        }
      }
      if (!config.cacheable || !opts.changes || request.method !== 'GET' || hasCookie(request)) return done();
      request.cacheKey = `${request.lang}|${request.headers.accept?.includes('application/json') ? 'json' : 'any'}|${request.url}`;
      if (answer(request, reply)) return;
      request.cacheDrops = drops;
      done();
    });
    if (!opts.changes) return;

    const dropTenders = (tenders: readonly string[]) => {
      for (const key of [...across]) cache.delete(key);
      for (const tender of tenders) for (const key of [...(ofTender.get(tender) ?? [])]) cache.delete(key);
    };
    const onChange = (payload: string) => {
      const change = parseChange(payload);
      if (change.table === 'sync_runs') return void readClock();
      drops++;
      if (change.tenders === null) {
        cache.clear();
        // A lost connection ('*') may have missed a sync's notification too.
        if (change.table === '*') void readClock();
        return;
      }
      dropTenders(change.tenders);
    };

    await readClock();
    app.decorate('knownLastSync', () => (clock.known ? clock.last : undefined));
    const stop = await opts.changes.listen(CHANGES_CHANNEL, onChange);
    app.addHook('onClose', async () => {
      await stop();
      cache.clear();
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.cacheKey) return payload;
      if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
      if (request.cacheDrops !== drops) {
        // A change was heard while this answer was made: it may have read what was there before.
        reply.header('x-cache', 'miss');
        return payload;
      }
      let body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      if (!request.routeOptions.config.api) addVary(reply);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && !isPerRequest(name) && (KEPT_HEADERS.has(name) || name === 'content-type' || name.startsWith('content-security') || name.startsWith('x-') || name.startsWith('strict-') || name.startsWith('referrer') || name.startsWith('cross-') || name.startsWith('origin-') || name.startsWith('access-control-'))) {
          headers[name] = String(value);
        }
      }
      // A route's own validator (the feeds') is kept; otherwise the bytes make one.
      const own = reply.getHeader('etag');
      const entry: Entry = {
        headers,
        body,
        etag: typeof own === 'string' ? own : tagOf(body),
        date: currentDate(),
        tender: request.routeOptions.config.cacheTender?.(request.params as Record<string, string>) ?? null,
        page: null,
        head: [],
      };
      const page = String(headers['content-type']).startsWith('text/html') ? syncLineOf(body, request.lang) : null;
      // A page's tag leaves its footer's sync time out, and is weak: a page that differs only in
      // that time says the same, and one the client holds is still good.
      if (page && typeof own !== 'string') entry.etag = `W/${tagOf(Buffer.concat([body.subarray(0, page.start), body.subarray(page.end)]))}`;
      if (page && clock.known) {
        // Kept with the footer as the clock has it now (the render may have read it a moment earlier).
        entry.page = page;
        fill(entry, page);
        body = entry.body;
      } else {
        entry.head = headOf(entry);
      }
      keep(request.cacheKey, entry);
      reply.header('etag', entry.etag).header('x-cache', 'miss');
      const lastModified = reply.getHeader('last-modified');
      if (notModified(request.headers, entry.etag, typeof lastModified === 'string' ? lastModified : undefined)) {
        reply.code(304);
        return '';
      }
      return page ? body : payload;
    });
  },
  { name: 'response-cache' },
);

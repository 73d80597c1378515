import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { copenhagenDate } from '../domain/period.js';
import type { Lang } from '../i18n/index.js';
import { lastSuccessfulSync } from '../sync/repository.js';
import { notModified } from './conditional.js';
import { lastSyncWords, SYNC_SLOT_END, SYNC_SLOT_START } from './footer.js';

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
const MAX_BYTES = 64 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops every cached answer (also what a change notification without tenders does). */
    dropResponseCache(): void;
    /** For hooks that must run first (the API's rate limit): answers from the cache if it can. */
    answerFromCache(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
  }
  interface FastifyRequest {
    cacheKey: string | null;
  }
  interface FastifyContextConfig {
    /** The same answer for every anonymous reader (the session only exists on /admin): kept in the response cache. */
    cacheable?: boolean;
    /** A tender's own answer (its page, its API record): names the tender, so only its changes drop it. */
    cacheTender?: (params: Record<string, string>) => string | undefined;
  }
}

// The API's per-client rate limit must count every request, cached or not: there the cache is
// consulted by the API's own hook (answerFromCache), after the limit.
const afterRateLimit = (request: FastifyRequest) => request.routeOptions.config.api === true;

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
    const cache = new LRUCache<string, Entry>({ maxSize: MAX_BYTES, sizeCalculation: (e) => e.body.length + 512 });
    app.decorate('dropResponseCache', () => cache.clear());
    app.decorateRequest('cacheKey', null);

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
    };

    const send = (reply: FastifyReply, request: FastifyRequest, entry: Entry) => {
      if (entry.page && clock.known && entry.page.synced !== clock.version) fill(entry, entry.page);
      reply.headers(entry.headers).header('etag', entry.etag).header('x-cache', 'hit');
      if (notModified(request.headers, entry.etag, entry.headers['last-modified'])) return reply.code(304).send();
      return reply.code(200).send(entry.body);
    };

    const answer = (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.cacheKey;
      const hit = key ? cache.get(key) : undefined;
      if (!hit) return undefined;
      if (hit.date !== currentDate()) {
        cache.delete(key!);
        return undefined;
      }
      return send(reply, request, hit);
    };
    app.decorate('answerFromCache', answer);
    if (!opts.changes) return;

    const dropTenders = (tenders: ReadonlySet<string>) => {
      const dropped: string[] = [];
      for (const [key, entry] of cache.entries()) if (entry.tender === null || tenders.has(entry.tender)) dropped.push(key);
      for (const key of dropped) cache.delete(key);
    };
    const onChange = (payload: string) => {
      const change = parseChange(payload);
      if (change.table === 'sync_runs') return void readClock();
      if (change.tenders === null) {
        cache.clear();
        // A lost connection ('*') may have missed a sync's notification too.
        if (change.table === '*') void readClock();
        return;
      }
      dropTenders(new Set(change.tenders));
    };

    await readClock();
    app.decorate('knownLastSync', () => (clock.known ? clock.last : undefined));
    const stop = await opts.changes.listen(CHANGES_CHANNEL, onChange);
    app.addHook('onClose', async () => {
      await stop();
      cache.clear();
    });

    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || hasCookie(request) || !request.routeOptions.config.cacheable) return;
      request.cacheKey = `${request.lang}|${request.headers.accept?.includes('application/json') ? 'json' : 'any'}|${request.url}`;
      if (!afterRateLimit(request)) return answer(request, reply);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.cacheKey || reply.getHeader('x-cache') === 'hit') return payload;
      if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
      let body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      if (!afterRateLimit(request)) addVary(reply);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && (KEPT_HEADERS.has(name) || name === 'content-type' || name.startsWith('content-security') || name.startsWith('x-') || name.startsWith('strict-') || name.startsWith('referrer') || name.startsWith('cross-') || name.startsWith('origin-') || name.startsWith('access-control-'))) {
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
      }
      cache.set(request.cacheKey, entry);
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

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { copenhagenDate } from '../domain/period.js';
import { notModified } from './conditional.js';

// Rendered public pages, feeds, calendars and API answers, kept in memory per instance and dropped
// the moment the data behind them changes anywhere: every table they read notifies the channel
// `udbud_changes` (migration 20261123040000), and every instance listens. A hit is answered in
// onRequest, before any query or template, with the headers and bytes of the first answer, and an
// ETag so a client that has it gets 304.

export const CHANGES_CHANNEL = 'udbud_changes';

export interface ChangeFeed {
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  etag: string;
}

const KEPT_HEADERS = new Set(['cache-control', 'content-disposition', 'last-modified', 'vary']);
const MAX_BYTES = 64 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops every cached answer (also what a change notification does). */
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

function send(reply: FastifyReply, request: FastifyRequest, entry: Entry) {
  reply.headers(entry.headers).header('etag', entry.etag).header('x-cache', 'hit');
  if (notModified(request.headers, entry.etag, entry.headers['last-modified'])) return reply.code(304).send();
  return reply.code(entry.status).send(entry.body);
}

export const responseCache = fp(
  async (app, opts: { changes: ChangeFeed | null }) => {
    const cache = new LRUCache<string, Entry>({ maxSize: MAX_BYTES, sizeCalculation: (e) => e.body.length + 512 });
    app.decorate('dropResponseCache', () => cache.clear());
    app.decorateRequest('cacheKey', null);
    const answer = (request: FastifyRequest, reply: FastifyReply) => {
      const hit = request.cacheKey ? cache.get(request.cacheKey) : undefined;
      return hit ? send(reply, request, hit) : undefined;
    };
    app.decorate('answerFromCache', answer);
    if (!opts.changes) return;

    const stop = await opts.changes.listen(CHANGES_CHANNEL, () => cache.clear());
    app.addHook('onClose', async () => {
      await stop();
      cache.clear();
    });

    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || hasCookie(request) || !request.routeOptions.config.cacheable) return;
      // Day-relative texts ("om 6 dage", the pipeline's quarters) change at midnight, not on a write.
      request.cacheKey = `${currentDate()}|${request.lang}|${request.headers.accept?.includes('application/json') ? 'json' : 'any'}|${request.url}`;
      if (!afterRateLimit(request)) return answer(request, reply);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.cacheKey || reply.getHeader('x-cache') === 'hit') return payload;
      if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
      const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      if (!afterRateLimit(request)) addVary(reply);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && (KEPT_HEADERS.has(name) || name === 'content-type' || name.startsWith('content-security') || name.startsWith('x-') || name.startsWith('strict-') || name.startsWith('referrer') || name.startsWith('cross-') || name.startsWith('origin-') || name.startsWith('access-control-'))) {
          headers[name] = String(value);
        }
      }
      // A route's own validator (the feeds') is kept; otherwise the bytes make one.
      const own = reply.getHeader('etag');
      const etag = typeof own === 'string' ? own : `"${createHash('sha1').update(body).digest('base64url')}"`;
      cache.set(request.cacheKey, { status: 200, headers, body, etag });
      reply.header('etag', etag).header('x-cache', 'miss');
      const lastModified = reply.getHeader('last-modified');
      if (notModified(request.headers, etag, typeof lastModified === 'string' ? lastModified : undefined)) {
        reply.code(304);
        return '';
      }
      return payload;
    });
  },
  { name: 'response-cache' },
);

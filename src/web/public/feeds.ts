import { createHash } from 'node:crypto';
import { sendFilterErrors } from '../errors.js';
import { notModified } from '../conditional.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { followedEvent } from '../../subscriptions/followed-events.js';
import { answerTextsFor } from '../../subscriptions/answer-texts.js';
import { renderAtom, renderRss, type FeedEntry } from '../../subscriptions/feed.js';
import { latestEventsOf } from '../../tenders/events.js';
import { filterToQuery, parseTenderFilter } from '../../tenders/filter.js';
import { matchingTenderIds } from '../../tenders/search.js';
import { t } from '../../i18n/index.js';

const MAX_ENTRIES = 50;
/** Events read to find MAX_ENTRIES that are news to a follower (most are). */
const SCAN = 300;
const MAX_TENDERS = 1000;

const formats = {
  rss: { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  atom: { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
} as const;

/** Lines as one text: "a. b", but "Spørgsmål 1: Må vi …? Svar: …" (no full stop after a question mark). */
const sentences = (lines: readonly string[]) => lines.reduce((text, line) => (text === '' ? line : /[.?!:]$/.test(text) ? `${text} ${line}` : `${text}. ${line}`), '');

async function sendFeed(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, format: keyof typeof formats) {
  const parsed = parseTenderFilter(request.query, request.lang);
  if (!parsed.ok) {
    return sendFilterErrors(reply, parsed.errors);
  }
  const { filter } = parsed;
  const base = app.config.publicUrl;
  const events = await latestEventsOf(app.db, await matchingTenderIds(app.db, filter, MAX_TENDERS), SCAN);
  const answers = await answerTextsFor(app.db, events);
  const entries: FeedEntry[] = [];
  for (const event of events) {
    const followed = followedEvent(event, request.lang, answers);
    if (!followed) continue;
    const link = `${base}/udbud/${encodeURIComponent(event.tenderId)}`;
    entries.push({
      id: `${link}#haendelse-${event.id}`,
      title: `${followed.headline}: ${event.title}`,
      link,
      date: event.occurredAt,
      text: followed.details.length ? sentences(followed.details) : followed.headline,
    });
    if (entries.length === MAX_ENTRIES) break;
  }

  // The feed changes exactly when a newer event enters it: its id and time make the validators.
  const query = filterToQuery(filter);
  const newest = entries[0];
  const etag = `"${createHash('sha256').update(`${format}|${request.lang}|${query}|${newest?.id ?? 'tom'}|${entries.length}`).digest('base64url').slice(0, 27)}"`;
  const lastModified = new Date(Math.floor((newest?.date.getTime() ?? 0) / 1000) * 1000);
  reply.header('etag', etag).header('last-modified', lastModified.toUTCString()).header('cache-control', 'public, max-age=300');
  if (notModified(request.headers, etag, lastModified.toUTCString())) {
    return reply.code(304).send();
  }
  // The English feed is a feed of its own: its links (self, alternate) and id carry the language,
  // so a reader subscribed to it keeps getting English, and never mistakes it for the Danish one.
  const withLang = request.lang === 'da' ? query : [query, `lang=${request.lang}`].filter(Boolean).join('&');
  const search = `${base}/udbud${withLang ? `?${withLang}` : ''}`;
  const body = formats[format].render(
    {
      title: filter.q
        ? t(request.lang, 'feeds.titleSearch', { municipality: app.config.municipalityName, q: filter.q })
        : t(request.lang, 'feeds.title', { municipality: app.config.municipalityName }),
      description: t(request.lang, 'feeds.description', { municipality: app.config.municipalityName, search }),
      id: search,
      link: search,
      rssUrl: `${base}/feeds/udbud.rss${withLang ? `?${withLang}` : ''}`,
      atomUrl: `${base}/feeds/udbud.atom${withLang ? `?${withLang}` : ''}`,
      updated: newest?.date ?? new Date(0),
      municipality: app.config.municipalityName,
    },
    entries,
  );
  return reply.type(formats[format].type).send(body);
}

/** RSS 2.0 and Atom feeds of any search on /udbud, one entry per event that is news. */
export async function feedRoutes(app: FastifyInstance) {
  app.get('/feeds/udbud.rss', { config: { cacheable: true, notAPage: true } }, (request, reply) => sendFeed(app, request, reply, 'rss'));
  app.get('/feeds/udbud.atom', { config: { cacheable: true, notAPage: true } }, (request, reply) => sendFeed(app, request, reply, 'atom'));
}

import { createHash } from 'node:crypto';
import { questionStats } from '../../../dialogue/published.js';
import { statsLines } from '../questions.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { type ActivitySummary, activityView, type ActivityView, listActivities } from '../../../dialogue/activity-views.js';
import type { Db } from '../../../db/database.js';
import { t, type Lang } from '../../../i18n/index.js';
import { renderAtom, renderRss, type FeedEntry } from '../../../subscriptions/feed.js';
import { COPENHAGEN, vtimezone } from '../../../subscriptions/vtimezone.js';
import { formatDateTime } from '../../../wording/format.js';
import { notModified } from '../../conditional.js';
import { zonedInstant } from '../../../subscriptions/vtimezone.js';
import { activityHref, kindLabel, presentActivitySummary, spanText } from './present.js';

// /dialog: coming and past market-dialogue activities, and the same as RSS, Atom and an
// iCalendar feed (the Copenhagen VTIMEZONE of the tender calendar). Public: seats left, never who.

const FEED_ENTRIES = 50;
const CALENDAR_PAST = 100;

/** Coming activities with their seats (each one's view), past ones as summaries. */
async function comingAndPast(db: Db, now: Date, pastLimit?: number) {
  const [coming, past] = await Promise.all([listActivities(db, { when: 'coming', now }), listActivities(db, { when: 'past', now, limit: pastLimit })]);
  const views = await withViews(db, coming, now);
  return { coming: views, past };
}

async function withViews(db: Db, summaries: readonly ActivitySummary[], now: Date): Promise<ActivityView[]> {
  const views = await Promise.all(summaries.map((s) => activityView(db, s.id, now)));
  return views.filter((v): v is ActivityView => v !== null);
}

const withLang = (path: string, lang: Lang) => (lang === 'da' ? path : `${path}?lang=${lang}`);

/** What a feed entry says: its kind and time, or that it was cancelled, or that its outcome is out. */
function entryOf(a: ActivitySummary, base: string, lang: Lang): FeedEntry & { state: string } {
  const link = `${base}${withLang(activityHref(a.id), lang)}`;
  const when = a.startsAt ? spanText(a.startsAt, a.endsAt, lang) : a.commentDeadline ? formatDateTime(a.commentDeadline, lang) : '';
  const kind = kindLabel(a.kind, lang);
  const state = a.status === 'cancelled' ? 'aflyst' : a.outcomePublishedAt ? 'resume' : 'annonceret';
  const text =
    state === 'aflyst'
      ? t(lang, 'dialoguePages.feed.entryCancelled', { kind, when })
      : state === 'resume'
        ? t(lang, 'dialoguePages.feed.entryOutcome', { kind })
        : t(lang, 'dialoguePages.feed.entry', { kind, when });
  const title = state === 'aflyst' ? `${t(lang, 'dialoguePages.marker.cancelled')}: ${a.title}` : state === 'resume' ? `${t(lang, 'dialoguePages.marker.outcome')}: ${a.title}` : `${kind}: ${a.title}`;
  // A cancellation or a published outcome is news of its own: a new id, so readers show it again.
  return { id: `${link}#${state}`, title, link, date: a.outcomePublishedAt ?? a.startsAt ?? a.commentDeadline ?? new Date(0), text, state };
}

async function sendFeed(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, format: 'rss' | 'atom') {
  const lang = request.lang;
  const base = app.config.publicUrl;
  const now = new Date();
  const { coming, past } = await comingAndPast(app.db, now, FEED_ENTRIES);
  const entries = [...coming, ...past].map((a) => entryOf(a, base, lang)).slice(0, FEED_ENTRIES);
  // The validators follow what the feed says: its entries, and the latest change of a coming activity.
  const latest = (dates: Date[]) => dates.reduce((max, d) => (d > max ? d : max), new Date(0));
  const newest = latest([...coming.map((v) => v.updatedAt), ...entries.map((e) => e.date).filter((d) => d <= now)]);
  const etag = `"${createHash('sha256').update(`${format}|${lang}|${newest.getTime()}|${JSON.stringify(entries)}`).digest('base64url').slice(0, 27)}"`;
  const lastModified = new Date(Math.floor(newest.getTime() / 1000) * 1000).toUTCString();
  reply.header('etag', etag).header('last-modified', lastModified).header('cache-control', 'public, max-age=300');
  if (notModified(request.headers, etag, lastModified)) return reply.code(304).send();
  const page = `${base}${withLang('/dialog', lang)}`;
  const body = (format === 'rss' ? renderRss : renderAtom)(
    {
      id: page,
      title: t(lang, 'dialoguePages.feed.title', { municipality: app.config.municipalityName }),
      description: t(lang, 'dialoguePages.feed.description', { municipality: app.config.municipalityName }),
      link: page,
      rssUrl: `${base}${withLang('/feeds/dialog.rss', lang)}`,
      atomUrl: `${base}${withLang('/feeds/dialog.atom', lang)}`,
      updated: newest,
      municipality: app.config.municipalityName,
    },
    entries.map(({ state: _state, ...entry }) => entry),
  );
  return reply.type(format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8').send(body);
}

export async function dialogueListRoutes(app: FastifyInstance) {
  app.get('/dialog', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const [{ coming, past }, questions] = await Promise.all([comingAndPast(app.db, new Date()), questionStats(app.db, null)]);
    const heading = (key: 'comingHeading' | 'pastHeading') => t(lang, 'dialoguePages.list.caption', { heading: t(lang, `dialoguePages.list.${key}`) });
    return reply.view('pages/dialogue-list', {
      pageTitle: t(lang, 'dialoguePages.list.pageTitle'),
      coming: coming.map((a) => presentActivitySummary(a, lang)),
      past: past.map((a) => presentActivitySummary(a, lang)),
      comingCaption: heading('comingHeading'),
      pastCaption: heading('pastHeading'),
      questionStats: statsLines(questions, lang),
      follow: { rss: withLang('/feeds/dialog.rss', lang), atom: withLang('/feeds/dialog.atom', lang), ics: withLang('/kalender/dialog.ics', lang) },
    });
  });

  app.get('/feeds/dialog.rss', { config: { cacheable: true, notAPage: true } }, (request, reply) => sendFeed(app, request, reply, 'rss'));
  app.get('/feeds/dialog.atom', { config: { cacheable: true, notAPage: true } }, (request, reply) => sendFeed(app, request, reply, 'atom'));

  // Every activity with a time, as the tender calendar writes its deadlines: TZID=Europe/Copenhagen
  // with the zone's VTIMEZONE; a written consultation appears at its comment deadline. The UID
  // stays with the activity, SEQUENCE follows its changes, a cancelled one is STATUS:CANCELLED.
  app.get('/kalender/dialog.ics', { config: { cacheable: true, notAPage: true } }, async (request, reply) => {
    const lang = request.lang;
    const base = app.config.publicUrl;
    const host = new URL(base).host;
    const now = new Date();
    const { coming, past } = await comingAndPast(app.db, now, CALENDAR_PAST);
    const calendar = new ICalCalendar({
      name: t(lang, 'dialoguePages.feed.calendarName', { municipality: app.config.municipalityName }),
      description: t(lang, 'dialoguePages.feed.calendarDescription', { municipality: app.config.municipalityName }),
      prodId: { company: app.config.municipalityName, product: 'Udbudsportal', language: lang.toUpperCase() },
      url: `${base}/dialog`,
      timezone: { name: null, generator: vtimezone },
      x: [{ key: 'X-WR-TIMEZONE', value: COPENHAGEN }],
    });
    const pastViews = await withViews(app.db, past, now);
    for (const a of [...coming, ...pastViews]) {
      const start = a.startsAt ?? a.commentDeadline;
      if (!start) continue;
      const url = `${base}${withLang(activityHref(a.id), lang)}`;
      const place = [a.place, a.onlineUrl].filter(Boolean).join(', ');
      const summary = a.startsAt ? `${kindLabel(a.kind, lang)}: ${a.title}` : `${t(lang, 'dialoguePages.facts.commentDeadline')}: ${a.title}`;
      calendar.createEvent({
        id: `dialog-${a.id}@${host}`,
        sequence: a.sequence,
        stamp: a.updatedAt,
        lastModified: a.updatedAt,
        start: zonedInstant(start),
        ...(a.startsAt && a.endsAt ? { end: zonedInstant(a.endsAt) } : {}),
        timezone: COPENHAGEN,
        allDay: false,
        summary,
        description: `${a.description ? `${a.description}\n\n` : ''}${url}`,
        ...(place ? { location: place } : {}),
        url,
        ...(a.status === 'cancelled' ? { status: ICalEventStatus.CANCELLED } : {}),
      });
    }
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="dialog.ics"').send(calendar.toString());
  });
}

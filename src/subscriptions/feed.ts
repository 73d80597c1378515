import { Feed } from 'feed';
import Handlebars from 'handlebars';

// The feed generator is pure: entries in, XML out (as Ghost keeps its RSS). The route decides
// which events, and caching.

export interface FeedEntry {
  /** Stable across requests and servers, so a reader never shows an entry twice. */
  id: string;
  title: string;
  link: string;
  date: Date;
  text: string;
}

export interface FeedMeta {
  /** The feed's own id: one per search and language, so the English feed is not the Danish one. */
  id: string;
  title: string;
  description: string;
  /** Absolute URL of the search the feed follows. */
  link: string;
  rssUrl: string;
  atomUrl: string;
  updated: Date;
  municipality: string;
}

function build(meta: FeedMeta, entries: readonly FeedEntry[]): Feed {
  const feed = new Feed({
    id: meta.id,
    // The feed's own title and subtitle are text elements, which the library escapes for XML
    // itself: escaping them here too made a reader show "&#x3D;" for "=".
    title: meta.title,
    description: meta.description,
    link: meta.link,
    language: 'da',
    updated: meta.updated,
    generator: false,
    copyright: meta.municipality,
    feedLinks: { rss: meta.rssUrl, atom: meta.atomUrl },
    author: { name: meta.municipality },
  });
  // The library declares titles and summaries as HTML (Atom type="html"; RSS readers assume it),
  // so plain text from DBD is HTML-escaped first, or a title could carry live markup.
  const html = (text: string) => Handlebars.escapeExpression(text);
  for (const entry of entries) {
    feed.addItem({ id: entry.id, guid: entry.id, title: html(entry.title), link: entry.link, date: entry.date, description: html(entry.text) });
  }
  return feed;
}

export const renderRss = (meta: FeedMeta, entries: readonly FeedEntry[]) => build(meta, entries).rss2();
export const renderAtom = (meta: FeedMeta, entries: readonly FeedEntry[]) => build(meta, entries).atom1();

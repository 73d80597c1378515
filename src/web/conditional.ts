import type { IncomingHttpHeaders } from 'node:http';

// Conditional GET, as RFC 9110 §13.1 and §13.2.2 have it, in one place for the response cache and
// the routes that set their own validators (the feeds).

/** If-None-Match: a weak comparison (W/ ignored) against our tag, or `*`. */
function etagMatches(header: string, etag: string) {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Whether a GET may be answered 304. If-None-Match, when sent, decides alone; otherwise
 * If-Modified-Since does, compared at the second precision of HTTP dates. A date that cannot be
 * read, or one in the future (the client's clock or a forged header), is ignored.
 */
export function notModified(headers: IncomingHttpHeaders, etag: string | undefined, lastModified: string | undefined, now = Date.now()): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return etag !== undefined && etagMatches(ifNoneMatch, etag);
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  if (Number.isNaN(since) || Number.isNaN(modified) || since > now) return false;
  return Math.floor(modified / 1000) <= Math.floor(since / 1000);
}

import { BID_EXTENSION } from './bids.js';
import { ENQUIRY_EXTENSION } from './enquiries.js';
import { REQUIREMENTS_EXTENSION } from './criteria.js';
import { METRICS_EXTENSION } from './implementation.js';
import { ocdsDateTime } from './dates.js';
import type { ProcessRecord } from './service.js';
import type { JsonObject, Release } from './types.js';

// The envelopes OCDS publishes releases and records in. The data are the municipality's own
// public records, published under CC BY 4.0 (attribution: the municipality), an Open Definition
// conformant licence as OCDS recommends.

export const OCDS_VERSION = '1.1';
export const DATA_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

export interface PackageMeta {
  /** The absolute URL this package was served from. */
  uri: string;
  municipalityName: string;
  publicUrl: string;
}

const envelope = (meta: PackageMeta, publishedDate: string) => ({
  uri: meta.uri,
  version: OCDS_VERSION,
  publishedDate,
  publisher: { name: meta.municipalityName, uri: meta.publicUrl },
  license: DATA_LICENSE,
  extensions: [REQUIREMENTS_EXTENSION, BID_EXTENSION, ENQUIRY_EXTENSION, METRICS_EXTENSION],
});

/** The newest release date: an on-demand package is dated by the last change to its contents. */
function newestDate(releases: readonly Release[]): string | null {
  let newest: Release | null = null;
  for (const release of releases) if (!newest || Date.parse(release.date) > Date.parse(newest.date)) newest = release;
  return newest?.date ?? null;
}

/**
 * A release package. An empty page (nothing after `since`) still answers with a package, dated now
 * and with no releases, though the schema wants at least one: a harvester polling for news needs
 * "nothing new", not an error. `links.next` is there only when more releases follow.
 */
export function releasePackage(meta: PackageMeta, releases: Release[], next: string | null, now = new Date()): JsonObject {
  return {
    ...envelope(meta, newestDate(releases) ?? ocdsDateTime(now)),
    releases,
    ...(next ? { links: { next } } : {}),
  };
}

/** A record package with one record: every release embedded, and the compiled release. */
export function recordPackage(meta: PackageMeta, record: ProcessRecord): JsonObject {
  return {
    ...envelope(meta, newestDate(record.releases)!),
    records: [{ ocid: record.ocid, releases: record.releases, compiledRelease: record.compiledRelease }],
  };
}

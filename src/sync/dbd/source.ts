// One interface for both ways DBD hands over its tender records (the DBD export contract, FORMAT.md):
// the paged HTTP API and the JSON export file. Nothing outside src/sync/dbd knows DBD's wire format.

export interface DbdPageRequest {
  /** ISO-8601; null asks for everything (a full export). */
  changedSince: string | null;
  /** Opaque cursor from the previous page; null for the first page. */
  cursor: string | null;
}

export interface DbdPage {
  /** Raw items: each is validated on its own, so one bad item cannot sink the page. */
  items: unknown[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
  /** DBD's clock when it answered: the next incremental run asks for changes since then. */
  serverTime: string | null;
}

export interface DbdSource {
  /** Identifies the source in sync state and run records; never contains the token. */
  readonly key: string;
  /** false: every run returns everything (an export file), so every run is a full run. */
  readonly incremental: boolean;
  fetchPage(request: DbdPageRequest): Promise<DbdPage>;
}

export type DbdErrorCode = 'auth' | 'unavailable' | 'format' | 'http' | 'file';

/** DBD could not be read; `message` is Danish and safe to show to officers. */
export class DbdSourceError extends Error {
  override name = 'DbdSourceError';
  constructor(
    message: string,
    readonly code: DbdErrorCode,
  ) {
    super(message);
  }
}

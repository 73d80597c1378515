import { setTimeout as sleep } from 'node:timers/promises';
import { DbdSourceError, type DbdPage, type DbdPageRequest, type DbdSource } from './source.js';

export interface HttpSourceOptions {
  url: string;
  token: string;
  pageSize: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  maxWaitMs: number;
  /** Told before each wait, so a run can log why it is pausing. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

/** A failure worth trying again: DBD was busy, down or unreachable, not wrong. */
class TransientError extends Error {
  constructor(
    message: string,
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function describeNetworkError(error: unknown): string {
  const err = error as { name?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'DBD svarede ikke inden for tidsgrænsen';
  const code = err.cause?.code;
  if (code === 'ECONNREFUSED') return 'DBD afviste forbindelsen (ECONNREFUSED)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'forbindelsen til DBD blev afbrudt';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DBD-serverens navn kunne ikke slås op';
  return `forbindelsen til DBD fejlede (${code ?? err.cause?.message ?? 'ukendt fejl'})`;
}

function validatePage(body: unknown): DbdPage {
  const page = body as { items?: unknown; nextCursor?: unknown; serverTime?: unknown };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DbdSourceError('DBD-svaret har ikke den forventede form: det er ikke et JSON-objekt', 'format');
  }
  if (!Array.isArray(page.items)) {
    throw new DbdSourceError('DBD-svaret har ikke den forventede form: listen "items" mangler', 'format');
  }
  if (page.nextCursor !== null && typeof page.nextCursor !== 'string') {
    throw new DbdSourceError('DBD-svaret har ikke den forventede form: "nextCursor" skal være tekst eller null', 'format');
  }
  if (typeof page.serverTime !== 'string' || Number.isNaN(Date.parse(page.serverTime))) {
    throw new DbdSourceError('DBD-svaret har ikke den forventede form: "serverTime" skal være et tidspunkt', 'format');
  }
  return { items: page.items, nextCursor: page.nextCursor, serverTime: page.serverTime };
}

/** DBD's paged HTTP API, with a timeout per request and bounded, jittered retries. */
export function httpSource(options: HttpSourceOptions): DbdSource {
  const base = options.url.replace(/\/+$/, '');

  const backoff = (attempt: number) => Math.round(Math.random() * Math.min(options.maxWaitMs, options.retryBaseMs * 2 ** attempt));

  async function fetchOnce(url: string): Promise<DbdPage> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new DbdSourceError(`DBD afviste adgangsnøglen (HTTP ${response.status}); tjek DBD_TOKEN`, 'auth');
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const asked = parseRetryAfter(response.headers.get('retry-after'));
        throw new TransientError('DBD bad om en pause (HTTP 429)', Math.min(asked ?? options.retryBaseMs, options.maxWaitMs));
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw new TransientError(`DBD svarede med en serverfejl (HTTP ${response.status})`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new DbdSourceError(`DBD svarede HTTP ${response.status} på ${new URL(url).pathname}`, 'http');
      }
      // The body can hang too; the same timeout covers it.
      text = await response.text();
    } catch (error) {
      if (error instanceof DbdSourceError || error instanceof TransientError) throw error;
      throw new TransientError(describeNetworkError(error));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DbdSourceError('DBD-svaret er ikke gyldig JSON', 'format');
    }
    return validatePage(body);
  }

  return {
    key: base,
    incremental: true,
    async fetchPage({ changedSince, cursor }: DbdPageRequest): Promise<DbdPage> {
      const url = new URL(`${base}/tenders`);
      url.searchParams.set('limit', String(options.pageSize));
      if (changedSince) url.searchParams.set('changedSince', changedSince);
      if (cursor) url.searchParams.set('cursor', cursor);
      for (let attempt = 0; ; attempt++) {
        try {
          return await fetchOnce(url.toString());
        } catch (error) {
          if (!(error instanceof TransientError)) throw error;
          if (attempt >= options.maxRetries) {
            throw new DbdSourceError(`${error.message}; opgivet efter ${attempt + 1} forsøg`, 'unavailable');
          }
          const waitMs = error.waitMs ?? backoff(attempt);
          options.onRetry?.({ attempt: attempt + 1, waitMs, reason: error.message });
          await sleep(waitMs);
        }
      }
    },
  };
}

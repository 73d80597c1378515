import { z } from 'zod';

// The CVR register behind an adapter: the portal cannot reach the real register from here, so a
// municipality points CVR_URL at a lookup service of its own (GET {CVR_URL}/{cvr} answers JSON
// { name, address, postalCode, city }, 404 when the number is unknown). Unset, the lookup is off
// and officers check a firm by hand. A lookup never throws: a failure is an answer with its reason.

export interface CvrRecord {
  name: string;
  address: string;
  postalCode: string;
  city: string;
}

export type CvrFailure = 'timeout' | 'status' | 'badAnswer' | 'network';

export type CvrAnswer =
  | { kind: 'found'; record: CvrRecord }
  | { kind: 'notFound' }
  /** "Opslag mislykkedes": the reason says why; `detail` (an HTTP status) for the log and the officer. */
  | { kind: 'failed'; reason: CvrFailure; detail?: string };

export interface CvrLookup {
  /** False when CVR_URL is unset: nothing is asked, nothing is shown. */
  readonly enabled: boolean;
  /** The register's record of an 8-digit CVR number, null when it has none; rejects with CvrLookupFailed. */
  lookup(cvr: string): Promise<CvrRecord | null>;
}

export class CvrLookupFailed extends Error {
  override name = 'CvrLookupFailed';
  constructor(
    readonly reason: CvrFailure,
    readonly detail?: string,
  ) {
    super(`CVR-opslag mislykkedes (${reason}${detail ? `: ${detail}` : ''})`);
  }
}

const recordSchema = z.object({
  name: z.string().trim().min(1).max(500),
  address: z.string().trim().max(500),
  postalCode: z.string().trim().max(20),
  city: z.string().trim().max(200),
});

export const cvrLookupOff: CvrLookup = { enabled: false, lookup: async () => null };

export function httpCvrLookup(baseUrl: string, options: { timeoutMs?: number } = {}): CvrLookup {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    enabled: true,
    async lookup(cvr) {
      let response: Response;
      try {
        response = await fetch(`${base}/${encodeURIComponent(cvr)}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const name = (error as Error).name;
        throw new CvrLookupFailed(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new CvrLookupFailed('status', String(response.status));
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') throw new CvrLookupFailed('timeout');
        throw new CvrLookupFailed('badAnswer');
      }
      const parsed = recordSchema.safeParse(body);
      if (!parsed.success) throw new CvrLookupFailed('badAnswer');
      return parsed.data;
    },
  };
}

/** The adapter the configuration asks for: HTTP when CVR_URL is set, off otherwise. */
export const cvrLookupFor = (cvrUrl: string | undefined): CvrLookup => (cvrUrl ? httpCvrLookup(cvrUrl) : cvrLookupOff);

/** Asks the register and never throws: found, not found, or failed with the reason. */
export async function askCvr(lookup: CvrLookup, cvr: string): Promise<CvrAnswer> {
  try {
    const record = await lookup.lookup(cvr);
    return record ? { kind: 'found', record } : { kind: 'notFound' };
  } catch (error) {
    if (error instanceof CvrLookupFailed) return { kind: 'failed', reason: error.reason, ...(error.detail ? { detail: error.detail } : {}) };
    return { kind: 'failed', reason: 'network' };
  }
}

const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Which of the firm's typed details differ from the register's (case and spacing ignored). */
export function cvrMismatches(typed: CvrRecord, record: CvrRecord): Array<keyof CvrRecord> {
  return (['name', 'address', 'postalCode', 'city'] as const).filter((field) => norm(typed[field]) !== norm(record[field]));
}

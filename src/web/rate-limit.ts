// The API's limit per client address: at most `max` requests a minute, counted in fixed windows.
// A request costs one Map lookup and one write, also when the answer comes from the response
// cache (which asks here first, so cached answers count against the limit like any other).
// The counts are per instance, as were those of the plugin this replaced.

export interface LimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again (at least 1). */
  resetSeconds: number;
}

export type AddressLimit = (address: string) => LimitVerdict;

export function windowLimit(max: number, windowMs = 60_000, now: () => number = Date.now): AddressLimit {
  let windowEnds = 0;
  let counts = new Map<string, number>();
  return (address) => {
    const at = now();
    if (at >= windowEnds) {
      // A new window: every count starts again (and the old Map, with its addresses, is let go).
      windowEnds = at + windowMs;
      counts = new Map();
    }
    const count = (counts.get(address) ?? 0) + 1;
    counts.set(address, count);
    return { allowed: count <= max, limit: max, remaining: Math.max(0, max - count), resetSeconds: Math.max(1, Math.ceil((windowEnds - at) / 1000)) };
  };
}

/** The error the API answers an address over its limit with (shown by the error handler, in Danish). */
export function tooManyRequests(verdict: LimitVerdict): Error & { statusCode: number; code: string } {
  return Object.assign(new Error(`For mange forespørgsler: højst ${verdict.limit} i minuttet pr. adresse. Prøv igen om ${verdict.resetSeconds} sekunder.`), {
    statusCode: 429,
    code: 'rate_limited',
  });
}

// Tilbudsloven §12 stk. 2 for underhåndsbud: at most 3 firms are invited on the same work, plus a
// 4th when the invitation reserved it for a firm from outside the local area; between 300.000 kr.
// and 3 mio. kr. (works) at least 2 bids are obtained, so at least 2 firms are invited. Going
// outside these limits needs a written reason, which the portal publishes.

export const MAX_INVITED = 3;
export const MIN_INVITED_ABOVE = 2;
/** From this estimated value (DKK excl. VAT) at least 2 firms are invited. */
export const MIN_INVITED_FROM_DKK = 300_000;

export interface RoundShape {
  /** The tender's estimated value, or null when not estimated. */
  estimatedValueDkk: number | null;
  /** Invited firms from the local area (or not marked as outside it). */
  local: number;
  /** Invited firms marked as from outside the local area. */
  outside: number;
  /** The invitation reserved a 4th place for a firm from outside the local area. */
  reservedOutside: boolean;
}

export type RoundBreach = 'tooMany' | 'tooFew';

/** What of §12 stk. 2 the round breaks; empty when it keeps the limits. */
export function roundBreaches(round: RoundShape): RoundBreach[] {
  const total = round.local + round.outside;
  const allowed = MAX_INVITED + (round.reservedOutside && round.outside > 0 ? 1 : 0);
  const breaches: RoundBreach[] = [];
  if (total > allowed) breaches.push('tooMany');
  if (total > 0 && total < MIN_INVITED_ABOVE && (round.estimatedValueDkk ?? 0) >= MIN_INVITED_FROM_DKK) breaches.push('tooFew');
  return breaches;
}

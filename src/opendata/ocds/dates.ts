import { isoCopenhagen } from '../../wording/format.js';

// OCDS dates are date-times; the portal's decision and planning dates are Copenhagen calendar
// days. A day is published as the midnight that starts it, with the offset in force that night.

/** '2026-12-03' → '2026-12-03T00:00:00+01:00' ('+02:00' in summer). */
export function copenhagenDayStart(date: string): string {
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = `${date}T00:00:00${offset}`;
    if (isoCopenhagen(candidate) === candidate) return candidate;
  }
  // Copenhagen's clocks change at 02:00 and 03:00, so one of the two offsets always fits midnight.
  throw new Error(`no Copenhagen midnight for ${date}`);
}

/** An instant as Copenhagen time with its offset (what every OCDS date-time here looks like). */
export const ocdsDateTime = (instant: Date | string): string => isoCopenhagen(instant);

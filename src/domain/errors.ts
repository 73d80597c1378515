import type { Lang } from '../i18n/index.js';

/**
 * What a refused change is, as a stable code with its HTTP status, told once for every thrower. A
 * form that shows the refusal again (with what was typed) answers with this status; anything not
 * caught is answered by the one error handler (web/error-handler.ts), never as a 500.
 */
export const portalErrorStatus = {
  invalid: 400,
  not_found: 404,
  not_allowed: 409,
  stale: 409,
  duplicate: 409,
  in_force: 409,
} as const;

export type PortalErrorCode = keyof typeof portalErrorStatus;

/** The base of the portal's own errors; `message` is the Danish text for logs and the API. */
export class PortalError extends Error {
  readonly status: number;
  constructor(
    readonly code: PortalErrorCode,
    message: string,
  ) {
    super(message);
    this.status = portalErrorStatus[code];
  }

  /** The text for a reader of `lang`; an error that is worded in both languages overrides this. */
  messageIn(_lang: Lang): string {
    return this.message;
  }
}

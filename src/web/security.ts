// The Content-Security-Policy of every answer (helmet, registered in ../app.ts): nothing inline,
// everything from the portal itself. Only the embeddable views (public/embed.ts) may be framed,
// and only by the origins in EMBED_ORIGINS; every other page refuses all framing.

/** helmet's CSP directives, with the pages that may frame the answer ('none': no one). */
export function cspDirectives(frameAncestors: readonly string[] = []) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: frameAncestors.length > 0 ? [...frameAncestors] : ["'none'"],
    upgradeInsecureRequests: null,
  };
}

/**
 * helmet's options for an embeddable route (merged over the global ones): frame-ancestors lists
 * the allowed origins. With any set, X-Frame-Options is left out: it knows no list of origins,
 * and frame-ancestors supersedes it. With none, the answer is as closed as every other page.
 */
export const embedHelmet = (origins: readonly string[]) =>
  origins.length > 0
    ? { contentSecurityPolicy: { directives: cspDirectives(origins) }, frameguard: false as const }
    : { contentSecurityPolicy: { directives: cspDirectives() } };

import fp from 'fastify-plugin';
import { LANG_COOKIE, langQuery, resolveLang, switchUrl, type Lang } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor's language: ?lang= > cookie > Accept-Language > Danish. */
    lang: Lang;
  }
  interface FastifyContextConfig {
    /** Shown in another site's frame: its language is ?lang= or Danish, and it sets no cookie. */
    embed?: boolean;
  }
}

/** The address without its `lang` parameter. */
function withoutLang(url: string): string {
  const [path = '/', query = ''] = url.split(/\?(.*)/s);
  const params = new URLSearchParams(query);
  params.delete('lang');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Works out each request's language and remembers an explicit choice in a cookie. Registered
 * before the response cache, so a cached answer to `?lang=en` still sets the cookie; the page's
 * own values (lang, the switch link) are added once @fastify/view has made reply.locals.
 */
export const i18nPlugin = fp(
  async (app) => {
    app.decorateRequest('lang', 'da');
    // A callback hook, as it runs on every request, cache hits included.
    app.addHook('onRequest', (request, reply, done) => {
      const chosen = langQuery(request.url);
      // A frame on another site (the embeddable list) is in the language that site asks for, and
      // leaves the reader's own choice for the portal alone.
      if (request.routeOptions.config.embed) {
        request.lang = chosen ?? 'da';
        return done();
      }
      request.lang = resolveLang(request);
      if (chosen) {
        reply.header(
          'set-cookie',
          `${LANG_COOKIE}=${chosen}; Max-Age=${ONE_YEAR}; Path=/; SameSite=Lax; HttpOnly${app.config.publicUrl.startsWith('https://') ? '; Secure' : ''}`,
        );
      }
      done();
    });
    app.addHook('preHandler', async (request, reply) => {
      if (!reply.locals) return;
      const other: Lang = request.lang === 'da' ? 'en' : 'da';
      reply.locals.lang = request.lang;
      reply.locals.otherLang = other;
      reply.locals.switchUrl = switchUrl(request.url, other);
      // For search engines: the page in each language, and without a choice (x-default).
      if (request.method === 'GET') {
        const base = app.config.publicUrl.replace(/\/+$/, '');
        reply.locals.alternates = {
          da: base + switchUrl(request.url, 'da'),
          en: base + switchUrl(request.url, 'en'),
          default: base + withoutLang(request.url),
        };
      }
    });
  },
  { name: 'i18n' },
);

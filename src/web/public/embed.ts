import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { t } from '../../i18n/index.js';
import { filterToQuery, parseTenderFilter, savedSearch, type FilterError } from '../../tenders/filter.js';
import { countTendersUpTo, matchingTenders } from '../../tenders/search.js';
import { formatCount } from '../../wording/format.js';
import { describeSearch } from '../../wording/search.js';
import { embedHelmet } from '../security.js';
import { summariesWithOutcomes } from './tenders.js';

// GET /indlejr/udbud: any /udbud search as a compact list for a frame on the municipality's own
// site (README, "Vis udbud på kommunens hjemmeside"). The same parameters as /udbud, plus `limit`
// (rows, 1–50, default 10; `page` is not read: the first rows of the search's order) and `lang`
// (da unless en: the framing site chooses, not the reader).
// Only the origins in EMBED_ORIGINS may frame it (../security.ts); each link opens the portal in
// the top window.

export const EMBED_DEFAULT_LIMIT = 10;
export const EMBED_MAX_LIMIT = 50;

const limitSchema = z.coerce.number().int().min(1).max(EMBED_MAX_LIMIT).default(EMBED_DEFAULT_LIMIT);

export async function embedRoutes(app: FastifyInstance) {
  const base = app.config.publicUrl;
  app.get(
    '/indlejr/udbud',
    // No footer (notAPage: no sync lookup); cached like /udbud, keyed by the whole address.
    { config: { cacheable: true, notAPage: true, embed: true }, helmet: embedHelmet(app.config.embedOrigins) },
    async (request, reply) => {
      const lang = request.lang;
      const { limit: rawLimit, ...raw } = (request.query ?? {}) as Record<string, unknown>;
      const parsed = parseTenderFilter(raw, lang);
      const limit = limitSchema.safeParse(rawLimit === '' ? undefined : rawLimit);
      const errors: FilterError[] = [
        ...(parsed.ok ? [] : parsed.errors),
        ...(limit.success ? [] : [{ parameter: 'limit', message: t(lang, 'pages.embed.limit', { max: EMBED_MAX_LIMIT }) }]),
      ];
      if (!parsed.ok || !limit.success) {
        reply.code(400);
        return reply.embedView('pages/embed-tenders', { pageTitle: t(lang, 'pages.embed.errorHeading'), errors });
      }
      const { filter } = parsed;
      // Counted up to the cut-off: above it the frame says "of more than 10.000".
      const [rows, count] = await Promise.all([matchingTenders(app.db, filter, limit.data), countTendersUpTo(app.db, filter)]);
      const { total } = count;
      // Absolute links to the portal, in the frame's language.
      const inLang = lang === 'en' ? 'lang=en' : '';
      const query = [filterToQuery(filter), inLang].filter(Boolean).join('&');
      const tenders = (await summariesWithOutcomes(app, rows, lang)).map((row) => ({ ...row, href: `${base}${row.href}${inLang ? `?${inLang}` : ''}` }));
      return reply.embedView('pages/embed-tenders', {
        pageTitle: t(lang, 'pages.embed.pageTitle'),
        heading: t(lang, 'pages.embed.heading', { municipality: app.config.municipalityName }),
        search: describeSearch(savedSearch(filter), lang).join('; '),
        shown: !count.exact
          ? t(lang, 'pages.embed.shownOfMoreThan', { shown: rows.length, total: formatCount(total, lang) })
          : rows.length < total
            ? t(lang, 'pages.embed.shownOf', { shown: rows.length, total })
            : t(lang, 'pages.embed.shownAll', { total }),
        tenders,
        allUrl: `${base}/udbud${query ? `?${query}` : ''}`,
      });
    },
  );
}

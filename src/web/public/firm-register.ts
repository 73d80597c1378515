import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listPublicFirms, listTrades } from '../../firms/register.js';
import { t } from '../../i18n/index.js';
import { localize, msg } from '../../i18n/messages.js';
import { firmSizeLabel } from '../../wording/firm-labels.js';

// The public firm register: approved firms that chose to be listed, searchable by trade and
// postcode, with "lokale" = the municipality's own postcodes (LOCAL_POSTCODES). Never a contact
// person. Cached like every public page; firms, firm_trades and trades notify the cache.

const blank = (value: unknown) => (value === '' ? undefined : value);

const querySchema = (tradeCodes: string[]) =>
  z.object({
    fag: z.preprocess(blank, z.string({ error: msg('firmRegister.public.errors.trade') }).refine((v) => tradeCodes.includes(v), msg('firmRegister.public.errors.trade')).optional()),
    postnr: z.preprocess(
      (v) => (typeof v === 'string' ? blank(v.trim()) : v),
      z.string({ error: msg('firmRegister.public.errors.postcode') }).regex(/^\d{4}$/, msg('firmRegister.public.errors.postcode')).optional(),
    ),
    lokale: z.preprocess(blank, z.enum(['ja'], { error: msg('firmRegister.public.errors.local') }).optional()),
    side: z.preprocess(
      blank,
      z.string({ error: msg('firmRegister.public.errors.page') }).regex(/^[1-9]\d{0,5}$/, msg('firmRegister.public.errors.page')).transform(Number).optional(),
    ),
  });

export async function firmRegisterRoutes(app: FastifyInstance) {
  app.get('/virksomheder', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const trades = await listTrades(app.db);
    const tradeName = new Map(trades.map((trade) => [trade.code, lang === 'en' ? trade.name_en : trade.name_da]));
    const parsed = querySchema(trades.map((trade) => trade.code)).safeParse(raw);
    const typed = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
    const form = {
      trades: trades.map((trade) => ({ value: trade.code, label: tradeName.get(trade.code)! })),
      trade: typed('fag'),
      postcode: typed('postnr'),
      local: typed('lokale') === 'ja',
      localPostcodes: app.config.localPostcodes.join(', '),
    };
    const base = {
      pageTitle: t(lang, 'firmRegister.public.pageTitle'),
      department: app.config.procurementDepartment,
      form,
    };
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= localize(lang, issue.message);
      reply.code(400);
      return reply.view('pages/firms', { ...base, errors, errorList: Object.entries(errors).map(([field, message]) => ({ field, message })) });
    }
    const filter = parsed.data;
    const result = await listPublicFirms(app.db, {
      trade: filter.fag,
      postcode: filter.postnr,
      localPostcodes: filter.lokale ? app.config.localPostcodes : undefined,
      page: filter.side,
    });
    const pageLink = (page: number) => {
      const query = new URLSearchParams();
      if (filter.fag) query.set('fag', filter.fag);
      if (filter.postnr) query.set('postnr', filter.postnr);
      if (filter.lokale) query.set('lokale', 'ja');
      if (page > 1) query.set('side', String(page));
      const text = query.toString();
      return text ? `/virksomheder?${text}` : '/virksomheder';
    };
    return reply.view('pages/firms', {
      ...base,
      errors: {},
      total: result.total,
      searched: Boolean(filter.fag || filter.postnr || filter.lokale),
      firms: result.items.map((firm) => ({
        name: firm.name,
        cvr: firm.cvr,
        trades: firm.trades.map((code) => tradeName.get(code) ?? code).join(', '),
        place: `${firm.postalCode} ${firm.city}`,
        size: firmSizeLabel(firm.size, lang),
        sample: firm.sample,
      })),
      pagination:
        result.pageCount > 1
          ? {
              page: result.page,
              pageCount: result.pageCount,
              previous: result.page > 1 ? pageLink(result.page - 1) : null,
              next: result.page < result.pageCount ? pageLink(result.page + 1) : null,
            }
          : null,
    });
  });
}

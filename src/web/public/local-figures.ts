import type { FastifyInstance } from 'fastify';
import { awardedRounds, localFigures, type Split } from '../../firms/figures.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatCount, formatDate, formatDkk, formatShare } from '../../wording/format.js';

// "Tal om lokale virksomheder" (/tal/lokale-virksomheder): per year and per awarded tender, the
// invitations and the contract value, and their shares to local firms and SMEs (src/firms/figures.ts).
// A public page an officer can link to from the policy report; cached like every public page (the
// tables it reads notify the cache).

function part(count: string, share: number | null, lang: Lang) {
  return share === null ? t(lang, 'localFigures.noShare') : t(lang, 'localFigures.share', { count, share: formatShare(share, lang) });
}

function presentSplits(invitations: Split, value: Split, lang: Lang) {
  return {
    invitations: formatCount(invitations.total, lang),
    localInvitations: part(formatCount(invitations.local, lang), invitations.localShare, lang),
    smeInvitations: part(formatCount(invitations.sme, lang), invitations.smeShare, lang),
    value: formatDkk(value.total, lang),
    localValue: part(formatDkk(value.local, lang), value.localShare, lang),
    smeValue: part(formatDkk(value.sme, lang), value.smeShare, lang),
    unknownValue: formatDkk(value.unknown, lang),
  };
}

export async function localFiguresRoutes(app: FastifyInstance) {
  app.get('/tal/lokale-virksomheder', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const figures = localFigures(await awardedRounds(app.db), app.config.localPostcodes);
    return reply.view('pages/local-figures', {
      pageTitle: t(lang, 'localFigures.pageTitle'),
      postcodes: app.config.localPostcodes.join(', '),
      years: figures.years.map((y) => ({ year: String(y.year), tenders: formatCount(y.tenders, lang), ...presentSplits(y.invitations, y.value, lang) })),
      tenders: figures.tenders.map((f) => ({
        id: f.tenderId,
        href: `/udbud/${encodeURIComponent(f.tenderId)}`,
        title: f.title,
        awardedOn: formatDate(f.awardedOn, lang),
        ...presentSplits(f.invitations, f.value, lang),
      })),
    });
  });
}

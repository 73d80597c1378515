import type { Executor } from '../../db/database.js';
import { interestedFirms } from '../../firms/interest.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatDateTime } from '../../wording/format.js';

/**
 * The firms interested in a tender, for the back-office tender page only: names, trades, size,
 * postcode, status, note and date. The public pages show the number alone.
 */
export async function interestedFirmsSection(db: Executor, tenderId: string, lang: Lang) {
  const firms = await interestedFirms(db, tenderId);
  return {
    caption: t(lang, 'interest.admin.caption', { count: firms.length }),
    firms: firms.map((firm) => ({
      name: firm.name,
      cvr: t(lang, 'interest.admin.cvr', { cvr: firm.cvr }),
      trades: firm.trades.map((trade) => (lang === 'en' ? trade.nameEn : trade.nameDa)).join(', '),
      size: t(lang, `interest.firmSize.${firm.size}`),
      place: `${firm.postalCode} ${firm.city}`,
      status: t(lang, `interest.firmStatus.${firm.status}`),
      statusBadge: firm.status === 'approved' ? 'badge-success' : firm.status === 'rejected' ? 'badge-error' : 'badge-warning',
      note: firm.note,
      date: formatDateTime(firm.createdAt, lang),
    })),
  };
}

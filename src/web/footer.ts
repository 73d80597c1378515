import type { FastifyReply } from 'fastify';
import { t, type Lang } from '../i18n/index.js';
import { lastSuccessfulSync } from '../sync/repository.js';
import { formatDateTime } from '../wording/format.js';

// Every page's footer says "Sidst opdateret fra DBD: …". The line sits between two HTML comments
// (views/partials/footer.hbs), so the response cache can put a newer time into a page it keeps
// instead of rendering it again: a sync that changed nothing must not cost every page a render.

export const SYNC_SLOT_START = '<!--last-dbd-sync-->';
export const SYNC_SLOT_END = '<!--/last-dbd-sync-->';

/** The footer's line on the last successful sync: "Sidst opdateret fra DBD: …" ("endnu ikke" before the first). */
export const lastSyncWords = (last: Date | null, lang: Lang) => `${t(lang, 'footer.lastSync')} ${last ? formatDateTime(last, lang) : t(lang, 'footer.notYet')}`;

declare module 'fastify' {
  interface FastifyInstance {
    /** The last successful sync as last heard (the response cache keeps it); undefined where nobody keeps it. */
    knownLastSync?: () => Date | null | undefined;
  }
}

/**
 * The footer's words, for every page. Pages get them from a preHandler hook in app.ts; an error
 * page may be made where no preHandler ran (the 404 handler, a refusal before the route), so the
 * error renderer asks here too. Where the response cache keeps the time (it hears each sync) no
 * query runs. An error page must still be shown when the database is the reason for the error:
 * then the footer falls back to "endnu ikke".
 */
export async function lastSyncText(reply: FastifyReply, lang: Lang): Promise<string> {
  const known = reply.server.knownLastSync?.();
  if (known !== undefined) return lastSyncWords(known, lang);
  try {
    return lastSyncWords(await lastSuccessfulSync(reply.server.db), lang);
  } catch (error) {
    reply.log.warn({ err: error }, 'the footer could not read the last sync');
    return lastSyncWords(null, lang);
  }
}

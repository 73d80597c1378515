import type { FastifyReply } from 'fastify';
import type { Lang } from '../i18n/index.js';
import { lastSuccessfulSync } from '../sync/repository.js';
import { formatDateTime } from '../wording/format.js';

/**
 * The footer's "Sidst opdateret fra DBD: …", for every page. Pages get it from a preHandler hook in
 * app.ts; an error page may be made where no preHandler ran (the 404 handler, a refusal before the
 * route, a POST), so the error renderer asks here too. An error page must still be shown when the
 * database is the reason for the error: then the footer falls back to "endnu ikke".
 */
export async function lastSyncText(reply: FastifyReply, lang: Lang): Promise<string | null> {
  try {
    const last = await lastSuccessfulSync(reply.server.db);
    return last ? formatDateTime(last, lang) : null;
  } catch (error) {
    reply.log.warn({ err: error }, 'the footer could not read the last sync');
    return null;
  }
}

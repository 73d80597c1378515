import type { FastifyInstance } from 'fastify';
import { recordPackage, releasePackage, type PackageMeta } from '../../opendata/ocds/package.js';
import { processRecord, releasePage, tenderIdOf, type OcdsSettings } from '../../opendata/ocds/service.js';
import { badParameter, notFound, openData } from './errors.js';
import { encodeCursor, nextLink, parseEventPage, type Query } from './paging.js';

// GET /api/ocds/releases and /api/ocds/records/{ocid}: OCDS 1.1 release and record packages.
// Releases come in the order their events were written (by event id); the cursor is the last
// event id of a page, so a harvester following links.next neither skips nor repeats a release.

export async function ocdsRoutes(app: FastifyInstance) {
  const base = app.config.publicUrl;
  const settings: OcdsSettings = { ocidPrefix: app.config.ocidPrefix, municipalityName: app.config.municipalityName };
  const meta = (path: string): PackageMeta => ({ uri: `${base}${path}`, municipalityName: app.config.municipalityName, publicUrl: base });

  app.get('/ocds/releases', openData, async (request, reply) => {
    const query = (request.query ?? {}) as Query;
    const parsed = parseEventPage(query);
    if (!parsed.ok) return badParameter(reply, parsed.parameter, parsed.message);
    const page = await releasePage(app.db, settings, parsed.page);
    const next = page.more && page.lastEventId !== null ? nextLink(base, '/api/ocds/releases', query, encodeCursor(page.lastEventId)) : null;
    return reply.type('application/json; charset=utf-8').send(releasePackage(meta(request.url), page.releases, next));
  });

  // A tender's own record: only that tender's changes drop it from the cache.
  const recordConfig = { config: { ...openData.config, cacheTender: (params: Record<string, string>) => tenderIdOf(settings.ocidPrefix, params.ocid ?? '') ?? undefined } };
  app.get<{ Params: { ocid: string } }>('/ocds/records/:ocid', recordConfig, async (request, reply) => {
    const { ocid } = request.params;
    const tenderId = tenderIdOf(settings.ocidPrefix, ocid);
    const record = tenderId === null ? null : await processRecord(app.db, settings, tenderId);
    if (!record) return notFound(reply, `Der er ingen udbudsproces med ocid ${ocid}.`);
    return reply.type('application/json; charset=utf-8').send(recordPackage(meta(`/api/ocds/records/${encodeURIComponent(ocid)}`), record));
  });
}

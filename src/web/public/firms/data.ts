import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { deleteFirm, exportFirmData } from '../../../firms/accounts.js';
import { FIRM_SESSION_COOKIE, type SignedInFirm } from '../../../firms/sessions.js';
import { t } from '../../../i18n/index.js';
import { withError } from './form.js';
import { firmOrSignIn } from './guard.js';

// The firm's data (GDPR): /virksomhed/data downloads everything stored about the firm and its
// contact people as JSON; /virksomhed/slet deletes the firm after a confirmation. The firm's own
// action, so not in the officers' audit log; a log line says it happened.

function showDelete(request: FastifyRequest, reply: FastifyReply, firm: SignedInFirm, error?: string) {
  prepareForm(request, reply);
  return reply.view('pages/firm-delete', {
    pageTitle: t(request.lang, 'firmAccount.delete.pageTitle'),
    intro: t(request.lang, 'firmAccount.delete.intro', { name: firm.firmName }),
    ...(error ? withError({ field: 'confirm', message: error }) : {}),
  });
}

export async function dataRoutes(app: FastifyInstance) {
  app.get('/virksomhed/data', async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const data = await exportFirmData(app.db, firm.firmId);
    request.log.info({ firmId: firm.firmId }, 'firm downloaded its data');
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="virksomhed-${firm.cvr}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2));
  });

  app.get('/virksomhed/slet', async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    return firm ? showDelete(request, reply, firm) : reply;
  });

  app.post('/virksomhed/slet', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.confirm !== 'ja') return showDelete(request, reply.code(400), firm, t(request.lang, 'firmAccount.delete.confirmError'));
    await deleteFirm(app.db, firm.firmId);
    request.log.info({ firmId: firm.firmId, cvr: firm.cvr }, 'firm deleted its account and contact people');
    reply.clearCookie(FIRM_SESSION_COOKIE, { path: '/' });
    return reply.redirect('/virksomhed/slettet', 303);
  });

  app.get('/virksomhed/slettet', async (request, reply) =>
    reply.view('pages/firm-deleted', { pageTitle: t(request.lang, 'firmAccount.delete.doneTitle') }),
  );
}

import type { FastifyInstance } from 'fastify';
import { prepareForm } from '../../auth/plugin.js';
import { renderError, wantsJson } from '../errors.js';
import { t } from '../../i18n/index.js';
import { dashboardRoutes } from './dashboard.js';
import { userRoutes } from './users.js';
import { auditRoutes } from './audit.js';
import { tenderAdminRoutes } from './tenders.js';
import { contractAdminRoutes } from './contract.js';
import { ruleAdminRoutes } from './rules.js';
import { tenderListRoutes } from './tender-list.js';
import { mailAdminRoutes } from './mails.js';
import { firmAdminRoutes } from './firms.js';
import { countFirmsAwaitingApproval } from '../../firms/register.js';
import { invitationAdminRoutes } from './invitations.js';
import { dialogueAdminRoutes } from './dialogue.js';
import { questionAdminRoutes } from './questions.js';
import { contractRatingAdminRoutes } from './contract-ratings.js';
import { unansweredCount } from '../../dialogue/question-views.js';

/**
 * The officers' back office. Every route registered here is behind the guard: anonymous requests
 * go to the login page (HTML) or get 401 (JSON); routes marked adminOnly refuse officers (403);
 * every POST needs a valid CSRF token.
 */
export async function adminRoutes(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.user) {
      if (wantsJson(request)) {
        // In the reader's language, as renderError() does for the JSON bodies it writes.
        const title = t(request.lang, 'adminTenders.guard.unauthorizedTitle');
        return reply.code(401).send({ error: { code: 'unauthorized', status: 401, title, message: t(request.lang, 'adminTenders.guard.unauthorizedMessage') } });
      }
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    if (request.routeOptions.config.adminOnly && request.user.role !== 'admin') {
      return renderError(reply, 403, t(request.lang, 'adminTenders.guard.adminOnlyTitle'), t(request.lang, 'adminTenders.guard.adminOnlyMessage'));
    }
  });
  app.addHook('preHandler', async (request, reply) => {
    prepareForm(request, reply);
    // The back-office bar's "Virksomheder (2 afventer)".
    if (reply.locals && request.user) reply.locals.firmsAwaiting = await countFirmsAwaitingApproval(app.db);
    // … and "Spørgsmål (3 ubesvarede)".
    if (reply.locals && request.user) reply.locals.questionsUnanswered = await unansweredCount(app.db);
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    app.csrfProtection(request, reply, done);
  });

  await app.register(dashboardRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(tenderListRoutes);
  await app.register(tenderAdminRoutes);
  await app.register(contractAdminRoutes);
  await app.register(ruleAdminRoutes);
  await app.register(mailAdminRoutes);
  await app.register(firmAdminRoutes);
  await app.register(invitationAdminRoutes);
  await app.register(dialogueAdminRoutes);
  await app.register(questionAdminRoutes);
  await app.register(contractRatingAdminRoutes);
}

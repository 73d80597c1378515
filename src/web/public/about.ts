import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/index.js';

export async function aboutRoutes(app: FastifyInstance) {
  // Shown until the municipality links its own statement from the WAS-Tool (ACCESSIBILITY_STATEMENT_URL).
  app.get('/tilgaengelighed', (request, reply) =>
    reply.view('pages/accessibility', { pageTitle: t(request.lang, 'pages.accessibility.pageTitle') }),
  );
}

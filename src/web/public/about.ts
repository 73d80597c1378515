import type { FastifyInstance } from 'fastify';

export async function aboutRoutes(app: FastifyInstance) {
  // Shown until the municipality links its own statement from the WAS-Tool (ACCESSIBILITY_STATEMENT_URL).
  app.get('/tilgaengelighed', (_request, reply) =>
    reply.view('pages/accessibility', { pageTitle: 'Tilgængelighedserklæring' }),
  );
}

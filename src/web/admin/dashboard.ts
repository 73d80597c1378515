import type { FastifyInstance } from 'fastify';

/** The officers' start page: what needs their attention (/admin). */
export async function dashboardRoutes(app: FastifyInstance) {
  app.get('/admin', async (_request, reply) => reply.view('admin/dashboard', { pageTitle: 'Overblik for udbudsmedarbejdere' }));
}

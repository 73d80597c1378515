import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { config: { json: true, notAPage: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { json: true, notAPage: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(app.db);
      return { status: 'ok', database: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'database not ready');
      return reply.code(503).send({ status: 'unavailable', database: 'svarer ikke' });
    }
  });
}

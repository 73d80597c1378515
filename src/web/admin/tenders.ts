import type { FastifyInstance } from 'fastify';

/** Decisions and officer-owned text on a tender (/admin/udbud/…). */
export async function tenderAdminRoutes(_app: FastifyInstance) {}

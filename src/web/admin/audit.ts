import type { FastifyInstance } from 'fastify';

/** The audit log, for administrators (/admin/revision). */
export async function auditRoutes(_app: FastifyInstance) {}

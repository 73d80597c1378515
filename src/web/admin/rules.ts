import type { FastifyInstance } from 'fastify';

/** Threshold sets and the requirement catalogue (/admin/taerskler, /admin/krav). */
export async function ruleAdminRoutes(_app: FastifyInstance) {}

import type { FastifyInstance } from 'fastify';
import { requirementAdminRoutes } from './rules-requirements.js';
import { thresholdAdminRoutes } from './rules-thresholds.js';

/**
 * Threshold sets and the requirement catalogue (/admin/taerskler, /admin/krav), for officers and
 * admins alike. Registered in the admin scope, so the sign-in guard and CSRF check apply.
 */
export async function ruleAdminRoutes(app: FastifyInstance) {
  await thresholdAdminRoutes(app);
  await requirementAdminRoutes(app);
}

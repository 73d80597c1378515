import type { FastifyInstance } from 'fastify';
import { confirmRoutes } from './confirm.js';
import { manageRoutes } from './manage.js';
import { signUpRoutes } from './sign-up.js';
import { unsubscribeRoutes } from './unsubscribe.js';

/** /abonnement: e-mail alerts for a search, one module per page (links.ts: what they share). */
export async function subscriptionRoutes(app: FastifyInstance) {
  await app.register(signUpRoutes);
  await app.register(confirmRoutes);
  await app.register(manageRoutes);
  await app.register(unsubscribeRoutes);
}

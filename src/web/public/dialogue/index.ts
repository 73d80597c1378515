import type { FastifyInstance } from 'fastify';
import { activityRoutes } from './activity.js';
import { commentRoutes } from './comments.js';
import { confirmRoutes } from './confirm.js';
import { dialogueListRoutes } from './list.js';

/** The public market-dialogue pages: /dialog, its feeds and calendar, one activity, the guest link. */
export async function dialogueRoutes(app: FastifyInstance) {
  await app.register(dialogueListRoutes);
  await app.register(activityRoutes);
  await app.register(commentRoutes);
  await app.register(confirmRoutes);
}

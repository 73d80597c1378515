import type { FastifyInstance } from 'fastify';

/**
 * Forms that send mail (sign-up, sign-in links, new contact people) per client IP address per
 * hour, besides the per-address limit of sign-in links: the alert sign-ups' limit.
 */
export const signupLimit = (app: FastifyInstance) => ({ max: app.config.subscribeRateLimitPerHour, timeWindow: '1 hour' });

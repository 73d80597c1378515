import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { t } from '../../../i18n/index.js';
import { accountRoutes } from './account.js';
import { dataRoutes } from './data.js';
import { firmRatingRoutes } from './ratings.js';
import { signInRoutes } from './sign-in.js';
import { signUpRoutes } from './sign-up.js';

/** /virksomhed: a firm's own account (sign-up, e-mail-link sign-in, Min virksomhed, its data, the ratings of its contracts). */
export async function firmAccountRoutes(app: FastifyInstance) {
  // Forms that send mail, per client IP address (limits.ts); counted after the CSRF check.
  await app.register(fastifyRateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (request, context) =>
      Object.assign(new Error(t(request.lang, 'firmAccount.errors.tooManyMessage', { minutes: Math.max(1, Math.ceil(context.ttl / 60_000)) })), {
        statusCode: 429,
        title: t(request.lang, 'firmAccount.errors.tooManyTitle'),
      }),
  });
  await app.register(signUpRoutes);
  await app.register(signInRoutes);
  await app.register(accountRoutes);
  await app.register(dataRoutes);
  await app.register(firmRatingRoutes);
}

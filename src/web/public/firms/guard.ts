import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedInFirm } from '../../../firms/sessions.js';

/** The signed-in firm, or null after answering with a redirect to the sign-in page. */
export function firmOrSignIn(request: FastifyRequest, reply: FastifyReply): SignedInFirm | null {
  if (request.firm) return request.firm;
  void reply.redirect(request.lang === 'en' ? '/virksomhed/log-ind?lang=en' : '/virksomhed/log-ind', 303);
  return null;
}

import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/**
 * The portal's logger: readable lines for a person at a terminal (pino-pretty, loaded by pino only
 * in that case, in its transport worker), one JSON object a line for everything else (a container,
 * systemd, a log shipper), which is what production reads.
 */
export function loggerOptions(level: Config['logLevel'], stdoutIsTerminal: boolean): FastifyServerOptions['logger'] {
  if (!stdoutIsTerminal) return { level };
  return {
    level,
    transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
  };
}

/**
 * Fastify logs two lines per request at info; at the default level that buries what matters (sync
 * runs, refusals, failures) under page views. Those two lines go to debug; a request that ends in an
 * error is still logged at error, and the error handler's own lines keep their levels.
 */
export class RequestsAtDebug extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

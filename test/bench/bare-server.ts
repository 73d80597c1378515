// The physical limit for this stack on this machine: a bare Fastify server answering each
// benchmarked path with the exact bytes AND response headers the portal sent for it (all but
// date, connection, keep-alive and transfer-encoding; Fastify sets content-length from the
// bytes), read from a JSON file given as the first argument. `npm run bench` starts it beside the
// portal, so portal/bare is the app's own overhead.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

interface Answer {
  path: string;
  status: number;
  headers: Record<string, string>;
  /** base64 */
  body: string;
}

const answers = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Answer[];
const byPath = new Map(answers.map((a) => [a.path, { ...a, bytes: Buffer.from(a.body, 'base64') }]));
const app = Fastify({ logger: false });
app.get('/*', (request, reply) => {
  const answer = byPath.get(request.url);
  if (!answer) return reply.code(404).send();
  return reply.code(answer.status).headers(answer.headers).send(answer.bytes);
});
await app.listen({ port: Number(process.argv[3]), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

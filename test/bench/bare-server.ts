// The physical limit for this stack on this machine: a bare Fastify server answering each
// benchmarked path with the exact bytes and content type the portal sent (read from a JSON file
// given as the first argument). `npm run bench` starts it beside the portal.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const answers = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Array<{ path: string; contentType: string; body: string }>;
const byPath = new Map(answers.map((a) => [a.path, { contentType: a.contentType, body: Buffer.from(a.body, 'base64') }]));
const app = Fastify({ logger: false });
app.get('/*', (request, reply) => {
  const answer = byPath.get(request.url);
  if (!answer) return reply.code(404).send();
  return reply.type(answer.contentType).send(answer.body);
});
await app.listen({ port: Number(process.argv[3]), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

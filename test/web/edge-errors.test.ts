import t, { type Test } from 'tap';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { testApp } from '../helpers/app.js';
import { withTenders } from '../helpers/decisions.js';

// What Node's HTTP parser refuses never reaches Fastify's handlers, and app.inject skips that
// parser: these go through a real socket to a listening portal. Whatever is refused there gets the
// API's documented Error JSON under /api and the error page, in the reader's language, elsewhere.
// And blank amounts on the pages (the calculator, the list and what shares its filter).

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` as raw bytes in one write and reads the answer until the server closes. */
function sendRaw(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

async function listening(t: Test) {
  const { app, database } = await testApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const document = (await app.inject('/api/openapi.json')).json() as {
    paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    components: { schemas: Record<string, object> };
  };
  const ajv = new Ajv2020({ strict: false });
  for (const [id, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${id}`);
  return { app, database, port, document, isError: ajv.compile({ $ref: '#/components/schemas/Error' }) };
}

const LONG = 'a'.repeat(17 * 1024);

t.test('a URL over 16 KB on the API: 431 in the documented Error shape, documented', async (t) => {
  const { port, document, isError } = await listening(t);
  for (const path of ['/api/v1/tenders', '/api/ocds/releases']) {
    const answer = await sendRaw(port, `GET ${path}?q=${LONG} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    t.equal(answer.status, 431, path);
    t.match(answer.headers['content-type'], /^application\/json/, path);
    t.equal(Number(answer.headers['content-length']), Buffer.byteLength(answer.body), `${path}: the length is the bytes sent`);
    const body: unknown = JSON.parse(answer.body);
    t.ok(isError(body), `${path}: the documented Error shape`, { body });
    t.same(body, { error: { code: 'request_too_large', message: 'Adressen eller forespørgslens øvrige oplysninger (fx cookies) fylder mere, end portalen kan bruge. Kontrollér linket, eller gå til forsiden.' } });
    t.ok(document.paths[path]!.get.responses['431'], `${path} documents 431`);
  }
});

t.test('headers over 16 KB on the API (a huge cookie): 431 in the documented shape', async (t) => {
  const { port, isError } = await listening(t);
  const answer = await sendRaw(port, `GET /api/v1/thresholds HTTP/1.1\r\nHost: localhost\r\nCookie: x=${LONG}\r\n\r\n`);
  t.equal(answer.status, 431);
  const body: unknown = JSON.parse(answer.body);
  t.ok(isError(body), 'the documented Error shape', { body });
});

t.test('a URL over 16 KB on a page: 431 as the error page, Danish or English', async (t) => {
  const { port } = await listening(t);
  const danish = await sendRaw(port, `GET /udbud?q=${LONG} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  t.equal(danish.status, 431);
  t.match(danish.headers['content-type'], /^text\/html/);
  t.equal(Number(danish.headers['content-length']), Buffer.byteLength(danish.body));
  t.match(danish.body, /<html lang="da"/);
  t.match(danish.body, /<h1>Forespørgslen er for stor<\/h1>/);
  t.notMatch(danish.body, /aaaaaaaaaa/, 'the page repeats nothing of the address');
  const english = await sendRaw(port, `GET /udbud?lang=en&q=${LONG} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  t.equal(english.status, 431);
  t.match(english.body, /<html lang="en"/);
  t.match(english.body, /<h1>The request is too large<\/h1>/);
  const cookie = await sendRaw(port, `GET /udbud HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nX-Filler: ${LONG}\r\n\r\n`);
  t.equal(cookie.status, 431);
  t.match(cookie.body, /The request is too large/, 'the language from the headers read before the overflow');
});

t.test('bytes that are no HTTP request: 400 as the Danish error page, not Fastify JSON', async (t) => {
  const { port } = await listening(t);
  const answer = await sendRaw(port, 'NOT HTTP AT ALL\r\n\r\n');
  t.equal(answer.status, 400);
  t.match(answer.headers['content-type'], /^text\/html/);
  t.match(answer.body, /<h1>Forespørgslen kunne ikke behandles<\/h1>/);
});

t.test('the portal still answers after refusing at the parser', async (t) => {
  const { port } = await listening(t);
  await sendRaw(port, `GET /api/v1/tenders?q=${LONG} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  const fine = await sendRaw(port, 'GET /api/v1/thresholds HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  t.equal(fine.status, 200);
});

t.test('a blank amount in the calculator is missing, not 0 kr.; hex is no amount', async (t) => {
  const { app } = await testApp(t);
  for (const blank of ['', '+', '%20%20']) {
    const res = await app.inject(`/taerskler?amountDkk=${blank}&contractType=works`);
    t.equal(res.statusCode, 400, `amountDkk=${blank}`);
    t.match(res.body, /Skriv beløbet i kroner/, `amountDkk=${blank}`);
    t.notMatch(res.body, /calculator-result/, `amountDkk=${blank}: no result for 0 kr.`);
  }
  for (const bad of ['0x10', '1e6']) {
    const res = await app.inject(`/taerskler?amountDkk=${bad}&contractType=works`);
    t.equal(res.statusCode, 400, bad);
    t.notMatch(res.body, /calculator-result/, bad);
  }
  t.match((await app.inject('/taerskler?amountDkk=1.500.000&contractType=works')).body, /calculator-result">Anslået 1\.500\.000 kr\./);
});

t.test('a blank minValue or maxValue is no filter on the list, the CSV, the feeds and the calendar; hex is refused', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  for (const path of ['/udbud', '/udbud.csv', '/feeds/udbud.rss', '/feeds/udbud.atom', '/kalender/udbud.ics']) {
    const unfiltered = await app.inject(path);
    for (const blank of ['+', '%20%20']) {
      const res = await app.inject(`${path}?minValue=${blank}&maxValue=${blank}`);
      t.equal(res.statusCode, 200, `${path} with blank amounts`);
      if (path !== '/udbud') t.equal(res.body.replace(/\d{8}T\d{6}Z|<(updated|lastBuildDate|pubDate)>[^<]*/g, ''), unfiltered.body.replace(/\d{8}T\d{6}Z|<(updated|lastBuildDate|pubDate)>[^<]*/g, ''), `${path}: the same as no filter`);
    }
    t.equal((await app.inject(`${path}?minValue=0x10`)).statusCode, 400, `${path}?minValue=0x10`);
  }
});

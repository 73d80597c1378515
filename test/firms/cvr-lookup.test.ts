import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import type { Teardown } from '../helpers/app.js';
import { askCvr, cvrLookupFor, cvrLookupOff, cvrMismatches, httpCvrLookup } from '../../src/firms/cvr-lookup.js';

/** A real CVR lookup service on a free local port, answering each request with `handler`. */
async function cvrServer(t: Teardown, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cvr/`, asked };
}

const record = { name: 'Køge Tømrer ApS', address: 'Torvet 1', postalCode: '4600', city: 'Køge' };

t.test('found: the register record, asked at {CVR_URL}/{cvr}', async (t) => {
  const server = await cvrServer(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...record, extra: 'ignored' }));
  });
  const lookup = httpCvrLookup(server.url);
  t.equal(lookup.enabled, true);
  t.same(await lookup.lookup('30023757'), record);
  t.same(server.asked, ['/cvr/30023757']);
  t.same(await askCvr(lookup, '30023757'), { kind: 'found', record });
});

t.test('not found: 404 is no record, not a failure', async (t) => {
  const server = await cvrServer(t, (_req, res) => res.writeHead(404).end('{"error":"unknown"}'));
  t.equal(await httpCvrLookup(server.url).lookup('30023757'), null);
  t.same(await askCvr(httpCvrLookup(server.url), '30023757'), { kind: 'notFound' });
});

t.test('a 500 is a failed lookup with its status, never a crash', async (t) => {
  const server = await cvrServer(t, (_req, res) => res.writeHead(500).end('boom'));
  await t.rejects(httpCvrLookup(server.url).lookup('30023757'), { name: 'CvrLookupFailed', reason: 'status', message: /^CVR-opslag mislykkedes/ });
  t.same(await askCvr(httpCvrLookup(server.url), '30023757'), { kind: 'failed', reason: 'status', detail: '500' });
});

t.test('a service that hangs: the timeout ends the wait', async (t) => {
  const server = await cvrServer(t, () => {
    /* never answers */
  });
  const started = Date.now();
  t.same(await askCvr(httpCvrLookup(server.url, { timeoutMs: 200 }), '30023757'), { kind: 'failed', reason: 'timeout' });
  t.ok(Date.now() - started < 5000, 'gave up after the timeout');
});

t.test('headers sent, then the body hangs: still the timeout', async (t) => {
  const server = await cvrServer(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"name":');
  });
  t.same(await askCvr(httpCvrLookup(server.url, { timeoutMs: 200 }), '30023757'), { kind: 'failed', reason: 'timeout' });
});

t.test('bad JSON, or JSON of the wrong shape: a failed lookup', async (t) => {
  const bodies = ['<html>not json</html>', '{"name": 42}', '[]', '{"address":"Torvet 1"}'];
  let i = 0;
  const server = await cvrServer(t, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(bodies[i++]));
  for (const body of bodies) t.same(await askCvr(httpCvrLookup(server.url), '30023757'), { kind: 'failed', reason: 'badAnswer' }, body);
});

t.test('nobody listening: a network failure', async (t) => {
  const server = await cvrServer(t, (_req, res) => res.end());
  const closedUrl = server.url.replace(/:\d+\//, ':1/');
  t.same(await askCvr(httpCvrLookup(closedUrl), '30023757'), { kind: 'failed', reason: 'network' });
});

t.test('off when CVR_URL is unset: nothing is asked', async (t) => {
  t.equal(cvrLookupFor(undefined), cvrLookupOff);
  t.equal(cvrLookupOff.enabled, false);
  t.equal(cvrLookupFor('http://cvr.test').enabled, true);
});

t.test('mismatches ignore case and spacing', async (t) => {
  t.same(cvrMismatches({ ...record, name: ' køge  tømrer aps ' }, record), []);
  t.same(cvrMismatches({ ...record, name: 'Køge Maler ApS', postalCode: '4623' }, record), ['name', 'postalCode']);
});

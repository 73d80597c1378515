import t, { type Test } from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { LightMyRequestResponse } from 'fastify';
import { testApp } from '../helpers/app.js';
import { EU_TENDER, withTenders } from '../helpers/decisions.js';

// Edges third-party clients found (issue 13): a `since` out of range, blank and non-decimal
// amounts, and errors raised before any route handler ran. Every error is checked against the
// `Error` schema of the app's own /api/openapi.json, and its status against the operation's
// documented responses, so the document and the answers cannot part.

type OpenApi = {
  paths: Record<string, { get: { responses: Record<string, unknown> } }>;
  components: { schemas: Record<string, object> };
};

async function documented(t: Test) {
  const { app, database } = await testApp(t);
  const document = (await app.inject('/api/openapi.json')).json() as OpenApi;
  const ajv = new Ajv2020({ strict: false });
  for (const [id, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${id}`);
  const isError = ajv.compile({ $ref: '#/components/schemas/Error' });
  /** The answer is `status` in the documented shape, and the operation documents that status. */
  const documentedError = (res: LightMyRequestResponse, status: number, operation: string, label: string) => {
    t.equal(res.statusCode, status, `${label}: ${status}`);
    t.match(res.headers['content-type'], /^application\/json/, `${label}: JSON`);
    const body: unknown = res.json();
    t.ok(isError(body), `${label}: the documented Error shape`, { body, errors: isError.errors });
    t.ok(document.paths[operation]?.get.responses[String(status)], `${label}: ${operation} documents ${status}`);
    return body as { error: { code: string; message: string; parameter?: string } };
  };
  return { app, database, documentedError };
}

t.test('a since before 1900 (or past 9999 in UTC) is a 400 naming since, on both event lists, never a 500', async (t) => {
  const { app, documentedError } = await documented(t);
  for (const path of ['/api/v1/events', '/api/ocds/releases']) {
    for (const since of ['0001-01-01', '0000-01-01', '1893-12-31', '1899-12-31', '0000-01-01T00:00:00Z', '1899-12-31T23:59:59%2B01:00', '9999-12-31T23:59:59-12:00']) {
      const url = `${path}?since=${since}`;
      const body = documentedError(await app.inject(url), 400, path, url);
      t.equal(body.error.code, 'bad_parameter', url);
      t.equal(body.error.parameter, 'since', url);
      t.equal(body.error.message, 'Parameteren since: skal ligge i årene 1900–9999', url);
    }
  }
});

t.test('a since at either end of the documented range is answered, and the range is documented', async (t) => {
  const { app } = await documented(t);
  for (const path of ['/api/v1/events', '/api/ocds/releases']) {
    for (const since of ['1900-01-01', '1900-01-01T00:00:00Z', '1900-01-01T00:00:00%2B14:00', '9999-12-31', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59.999%2B01:00']) {
      t.equal((await app.inject(`${path}?since=${since}`)).statusCode, 200, `${path}?since=${since}`);
    }
  }
  const document = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, { get: { parameters: Array<{ name: string; description: string }> } }> };
  for (const path of ['/api/v1/events', '/api/ocds/releases']) {
    const since = document.paths[path]!.get.parameters.find((p) => p.name === 'since')!;
    t.match(since.description, /1900.*9999/, `${path} says the range of since`);
  }
});

t.test('a blank amountDkk is missing, and only a plain decimal number is an amount', async (t) => {
  const { app, documentedError } = await documented(t);
  for (const blank of ['', '+', '%20%20', '+%09']) {
    const url = `/api/v1/procedure?amountDkk=${blank}&contractType=works`;
    const body = documentedError(await app.inject(url), 400, '/api/v1/procedure', url);
    t.equal(body.error.parameter, 'amountDkk', url);
    t.equal(body.error.message, 'Parameteren amountDkk: mangler', url);
  }
  for (const bad of ['0x10', '1e6', '0b11', 'Infinity', '1.500.000', '1,5', '%2B5']) {
    const url = `/api/v1/procedure?amountDkk=${bad}&contractType=works`;
    const body = documentedError(await app.inject(url), 400, '/api/v1/procedure', url);
    t.equal(body.error.parameter, 'amountDkk', url);
    t.match(body.error.message, /decimaltal/, url);
  }
  const whole = (await app.inject('/api/v1/procedure?amountDkk=3000000&contractType=works&date=2026-11-23')).json();
  t.match(whole.explanation, /3\.000\.000 kr\./);
  const decimal = await app.inject('/api/v1/procedure?amountDkk=299999.5&contractType=works&date=2026-11-23');
  t.equal(decimal.statusCode, 200, 'a decimal point is read');
  t.equal(decimal.json().procedure.code, 'direct_award', 'just below 300.000 kr.');
  const document = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, { get: { parameters: Array<{ name: string; description: string; schema: { type: string } }> } }> };
  const amount = document.paths['/api/v1/procedure']!.get.parameters.find((p) => p.name === 'amountDkk')!;
  t.equal(amount.schema.type, 'number');
  t.match(amount.description, /decimaltal.*1500000\.5/, 'the document says how an amount is written');
});

t.test('a blank minValue or maxValue is no filter; hex and exponents are refused', async (t) => {
  const { app, database, documentedError } = await documented(t);
  await withTenders(database.db);
  const all = (await app.inject('/api/v1/tenders')).json().items.length;
  t.ok(all > 0);
  for (const blank of ['+', '%20%20']) {
    for (const name of ['minValue', 'maxValue']) {
      const res = await app.inject(`/api/v1/tenders?${name}=${blank}`);
      t.equal(res.statusCode, 200, `${name}=${blank}`);
      t.equal(res.json().items.length, all, `${name}=${blank} filters nothing`);
    }
  }
  for (const bad of ['0x10', '1e6']) {
    const url = `/api/v1/tenders?minValue=${bad}`;
    t.equal(documentedError(await app.inject(url), 400, '/api/v1/tenders', url).error.parameter, 'minValue', url);
  }
  t.ok((await app.inject(`/api/v1/tenders/${EU_TENDER}`)).statusCode === 200);
});

t.test('errors raised before a route handler have the documented shape and status', async (t) => {
  const { app, documentedError } = await documented(t);
  const cases: Array<[string, number, string, string]> = [
    ['/api/v1/tenders/%zz', 400, '/api/v1/tenders/{id}', 'bad_request'],
    ['/api/v1/tenders/%zz/events', 400, '/api/v1/tenders/{id}/events', 'bad_request'],
    ['/api/ocds/records/%C3%28', 400, '/api/ocds/records/{ocid}', 'bad_request'],
    ['/api/ocds/records/', 404, '/api/ocds/records/{ocid}', 'not_found'],
    ['/api/v1/tenders//events', 404, '/api/v1/tenders/{id}/events', 'not_found'],
    [`/api/v1/tenders/${'x'.repeat(3000)}`, 414, '/api/v1/tenders/{id}', 'uri_too_long'],
    [`/api/ocds/records/${'x'.repeat(3000)}`, 414, '/api/ocds/records/{ocid}', 'uri_too_long'],
  ];
  for (const [url, status, operation, code] of cases) {
    const body = documentedError(await app.inject(url), status, operation, url.slice(0, 60));
    t.equal(body.error.code, code, url.slice(0, 60));
    t.notMatch(body.error.message, /x{100}|%zz/, 'the message repeats nothing of the address');
  }
  // Not an operation, but under /api: the same shape.
  const unknown = await app.inject('/api/v1/nothing');
  t.equal(unknown.statusCode, 404);
  t.same(Object.keys(unknown.json().error).sort(), ['code', 'message']);
});

t.test('the same addresses outside the API still get the error page', async (t) => {
  const { app } = await documented(t);
  for (const [url, status] of [['/udbud/%zz', 400], [`/udbud/${'x'.repeat(3000)}`, 414], ['/nothing', 404]] as const) {
    const res = await app.inject(url);
    t.equal(res.statusCode, status, url.slice(0, 40));
    t.match(res.headers['content-type'], /^text\/html/, url.slice(0, 40));
  }
  const english = await app.inject({ url: `/udbud/${'x'.repeat(3000)}`, headers: { 'accept-language': 'en' } });
  t.match(english.body, /The address is too long/);
});

t.test('a conditional request gets 304, and every operation documents it', async (t) => {
  const { app } = await testApp(t, { cache: true });
  const document = (await app.inject('/api/openapi.json')).json() as OpenApi;
  for (const path of ['/api/v1/thresholds', '/api/v1/tenders', '/api/ocds/releases']) {
    const first = await app.inject(path);
    const etag = first.headers.etag ?? (await app.inject(path)).headers.etag;
    t.type(etag, 'string', `${path} has an ETag`);
    t.equal((await app.inject({ url: path, headers: { 'if-none-match': String(etag) } })).statusCode, 304, path);
  }
  for (const [path, item] of Object.entries(document.paths)) t.ok(item.get.responses['304'], `${path} documents 304`);
});

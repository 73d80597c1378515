import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  errorSchema,
  eventListSchema,
  eventPageSchema,
  procedureSchema,
  requirementListSchema,
  tenderDetailSchema,
  tenderPageSchema,
  thresholdListSchema,
} from '../../src/opendata/schemas.js';
import { importDbdExportFile, importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { recordDecision } from '../../src/decisions/service.js';
import { anOfficer, award, EU_TENDER, withTenders } from '../helpers/decisions.js';
import { atRoot } from '../../src/paths.js';

const sample = atRoot('src/sync/dbd/sample-export.json');
const PUBLIC_URL = 'https://udbud.koege.dk';

async function sampleApp(t: Test, config: Record<string, unknown> = {}) {
  const { app, database } = await testApp(t, { config: { publicUrl: PUBLIC_URL, ...config } });
  await importDbdExportFile(database.db, sample);
  return { app, database };
}

t.test('every endpoint answers JSON that its schema accepts, open to any origin', async (t) => {
  const { app } = await sampleApp(t);
  const cases = [
    ['/api/v1/tenders', tenderPageSchema],
    ['/api/v1/tenders?status=published&workType=renovation&limit=3', tenderPageSchema],
    ['/api/v1/tenders/DBD-UDB-2027-0008', tenderDetailSchema],
    ['/api/v1/tenders/DBD-UDB-2027-0008/events', eventListSchema],
    ['/api/v1/events?since=2020-01-01', eventPageSchema],
    ['/api/v1/thresholds', thresholdListSchema],
    ['/api/v1/requirements', requirementListSchema],
    ['/api/v1/procedure?amountDkk=3000000&contractType=works&date=2026-11-23', procedureSchema],
  ] as const;
  for (const [url, schema] of cases) {
    const res = await app.inject({ url, headers: { origin: 'https://example.org' } });
    t.equal(res.statusCode, 200, url);
    t.match(res.headers['content-type'], /^application\/json/, url);
    t.equal(res.headers['access-control-allow-origin'], '*', `${url} is open to any origin`);
    const parsed = schema.safeParse(res.json());
    t.ok(parsed.success, `${url} matches its schema`, parsed.success ? {} : { issues: parsed.error.issues.slice(0, 3) });
  }
});

t.test('a tender in the API: times with offset, money as numbers, procedure with its rule and set', async (t) => {
  const { app, database } = await sampleApp(t);
  await importDbdItems(database.db, [dbdItem({ id: 'API-1', status: 'published', estimatedValue: { amountDkk: 3_000_000 }, timeline: { tenderDeadline: '2027-01-15T12:00:00+01:00', expectedTenderPublication: '2026-12' } })]);
  const tender = (await app.inject('/api/v1/tenders/API-1')).json();
  t.equal(tender.tenderDeadline, '2027-01-15T12:00:00+01:00');
  t.equal(tender.estimatedValueDkk, 3_000_000);
  t.same(tender.procedure, { code: 'invited_bids', label: 'underhåndsbud' });
  t.equal(tender.procedureDetails.rule.minDkk, 300_000);
  t.equal(tender.procedureDetails.rule.maxDkk, 3_000_000);
  t.match(tender.procedureDetails.thresholdSet.name, /2026-2027/);
  t.match(tender.procedureDetails.explanation, /underhåndsbud/);
  t.same(tender.requirements, ['LAB-ILO94', 'SOC-APPRENTICE']);
  t.equal(tender.links.html, `${PUBLIC_URL}/udbud/API-1`);
  t.match(tender.updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+0[12]:00$/);
  const events = (await app.inject('/api/v1/tenders/API-1/events')).json();
  t.equal(events.items[0].kind, 'created');
  t.equal(events.items[0].source, 'dbd');
});

t.test('paging neither skips nor repeats a tender while tenders change between pages', async (t) => {
  const { app, database } = await sampleApp(t);
  const seen: string[] = [];
  let url: string | null = '/api/v1/tenders?limit=5';
  let page = 0;
  while (url) {
    const body = (await app.inject(url)).json() as { items: Array<{ id: string }>; links: { next: string | null } };
    seen.push(...body.items.map((i) => i.id));
    // Between pages: every tender changes its title, value and update time; one moves to the end of any other order.
    await sql`update tenders set title = title || ' (ændret)', estimated_value_dkk = coalesce(estimated_value_dkk, 0) + ${page}, updated_at = now()`.execute(database.db);
    url = body.links.next ? body.links.next.slice(PUBLIC_URL.length) : null;
    page++;
  }
  t.equal(seen.length, 37);
  t.equal(new Set(seen).size, 37, 'no tender twice');
  t.same(seen, [...seen].sort(), 'in id order');
  t.equal(page, 8);
});

t.test('the filters are those of /udbud and keep their meaning', async (t) => {
  const { app } = await sampleApp(t);
  const api = (await app.inject('/api/v1/tenders?q=tag&status=planned&limit=500')).json().items.map((i: { id: string }) => i.id).sort();
  const html = (await app.inject('/udbud?q=tag&status=planned')).body;
  const listed = [...html.matchAll(/href="\/udbud\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!)).sort();
  t.ok(api.length > 0);
  t.same(api, [...new Set(listed)]);
});

t.test('bad parameters are 400 with a stable code, naming the parameter, in Danish', async (t) => {
  const { app } = await sampleApp(t);
  const cases: Array<[string, string]> = [
    ['/api/v1/tenders?status=nonsense', 'status'],
    ['/api/v1/tenders?minValue=abc', 'minValue'],
    ['/api/v1/tenders?limit=0', 'limit'],
    ['/api/v1/tenders?limit=501', 'limit'],
    ['/api/v1/tenders?cursor=!!!', 'cursor'],
    ['/api/v1/tenders?page=2', 'page'],
    ['/api/v1/tenders?sort=title', 'sort'],
    ['/api/v1/tenders?colour=red', 'colour'],
    ['/api/v1/events?since=yesterday', 'since'],
    ['/api/v1/events?cursor=abc', 'cursor'],
    ['/api/v1/procedure?contractType=works', 'amountDkk'],
    ['/api/v1/procedure?amountDkk=-1&contractType=works', 'amountDkk'],
    ['/api/v1/procedure?amountDkk=100&contractType=buildings', 'contractType'],
    ['/api/v1/procedure?amountDkk=100&contractType=works&date=23-11-2026', 'date'],
    ['/api/v1/procedure?amountDkk=100&amountDkk=200&contractType=works', 'amountDkk'],
  ];
  for (const [url, parameter] of cases) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 400, url);
    const body = errorSchema.parse(res.json());
    t.equal(body.error.code, 'bad_parameter', url);
    t.equal(body.error.parameter, parameter, url);
    t.match(body.error.message, new RegExp(`^Parameteren ${parameter}: `), url);
  }
});

t.test('unknown tenders and addresses are 404 JSON', async (t) => {
  const { app } = await sampleApp(t);
  for (const url of ['/api/v1/tenders/NOPE', '/api/v1/tenders/NOPE/events', '/api/v1/nothing']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 404, url);
    t.equal(res.json().error.code, 'not_found', url);
    t.type(res.json().error.message, 'string');
  }
});

t.test('a client over the per-IP limit gets 429 with Retry-After; another address does not', async (t) => {
  const { app } = await testApp(t, { config: { apiRateLimitPerMinute: 3 } });
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: '/api/v1/thresholds', remoteAddress: '10.0.0.1' })).statusCode, 200);
  const limited = await app.inject({ url: '/api/v1/thresholds', remoteAddress: '10.0.0.1' });
  t.equal(limited.statusCode, 429);
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After in seconds');
  t.equal(limited.json().error.code, 'rate_limited');
  t.match(limited.json().error.message, /^For mange forespørgsler/);
  t.equal((await app.inject({ url: '/api/v1/thresholds', remoteAddress: '10.0.0.2' })).statusCode, 200);
});

t.test('the procedure endpoint at every threshold boundary of both sets', async (t) => {
  const { app } = await testApp(t);
  const sets = (await app.inject('/api/v1/thresholds')).json().items as Array<{ id: number; effectiveFrom: string; rules: Array<{ contractType: string; minDkk: number; minInclusive: boolean; procedure: string }> }>;
  t.equal(sets.length, 2);
  let checked = 0;
  for (const set of sets) {
    for (const [i, rule] of set.rules.entries()) {
      const below = set.rules[i - 1]?.contractType === rule.contractType ? set.rules[i - 1]! : null;
      const atBoundary = rule.minInclusive ? rule.procedure : (below?.procedure ?? rule.procedure);
      const expectations: Array<[number, string]> = [[rule.minDkk, atBoundary], [rule.minDkk + 1, rule.procedure]];
      if (rule.minDkk > 0 && below) expectations.push([rule.minDkk - 1, below.procedure]);
      for (const [amount, procedure] of expectations) {
        const res = await app.inject(`/api/v1/procedure?amountDkk=${amount}&contractType=${rule.contractType}&date=${set.effectiveFrom}`);
        const body = procedureSchema.parse(res.json());
        t.equal(body.procedure?.code, procedure, `${set.effectiveFrom} ${rule.contractType} ${amount}`);
        t.equal(body.thresholdSet?.id, set.id);
        checked++;
      }
    }
  }
  t.ok(checked >= 40);
  // Known figures, independent of the seed's shape: tilbudsloven's "over 3 mio." for works.
  const at = async (amount: number) => (await app.inject(`/api/v1/procedure?amountDkk=${amount}&contractType=works&date=2026-06-01`)).json().procedure.code;
  t.equal(await at(3_000_000), 'invited_bids');
  t.equal(await at(3_000_001), 'national_tender');
  t.equal(await at(40_313_840), 'eu_tender');
});

t.test('events since a time, paged by cursor without gaps, for harvesters', async (t) => {
  const { app, database } = await sampleApp(t);
  await importDbdItems(database.db, [dbdItem({ id: 'API-2' })]);
  const all = (await database.db.selectFrom('tender_events').select('id').orderBy('id').execute()).map((r) => r.id);
  const seen: number[] = [];
  let url: string | null = '/api/v1/events?since=2000-01-01T00:00:00%2B01:00&limit=7';
  while (url) {
    const body = eventPageSchema.parse((await app.inject(url)).json());
    seen.push(...body.items.map((e) => e.id));
    url = body.links.next ? body.links.next.slice(PUBLIC_URL.length) : null;
  }
  t.same(seen, all);
  const future = (await app.inject('/api/v1/events?since=2999-01-01')).json();
  t.same(future.items, []);
  t.equal(future.nextCursor, null);
});

t.test('the OpenAPI document is valid OpenAPI 3.1 and the docs page lists every endpoint', async (t) => {
  const { app } = await testApp(t, { config: { publicUrl: PUBLIC_URL } });
  const res = await app.inject('/api/openapi.json');
  t.equal(res.statusCode, 200);
  const document = res.json();
  const validator = new Validator();
  const result = await validator.validate(document);
  t.ok(result.valid, 'valid OpenAPI', { errors: result.errors });
  t.equal(document.openapi, '3.1.0');
  t.same(document.servers, [{ url: PUBLIC_URL }]);
  for (const name of ['Tender', 'TenderDetail', 'Event', 'Procedure', 'ThresholdSet', 'Requirement', 'Error']) t.ok(document.components.schemas[name], name);
  const docs = await app.inject('/api/docs');
  t.equal(docs.statusCode, 200);
  for (const path of Object.keys(document.paths)) t.match(docs.body, `GET ${path}`);
  t.match(docs.body, 'nextCursor');
});

t.test('a tender’s decisions are in the API, publicly worded, with the officer never named', async (t) => {
  const { app, database } = await testApp(t, { config: { publicUrl: PUBLIC_URL } });
  await withTenders(database.db);
  const officer = await anOfficer(database.db);
  await recordDecision(database.db, EU_TENDER, { kind: 'award', details: award() }, 1, officer, { extraClosedDays: [], now: new Date('2026-11-23T12:00:00Z') });
  const tender = tenderDetailSchema.parse((await app.inject(`/api/v1/tenders/${EU_TENDER}`)).json());
  t.equal(tender.status, 'awarded');
  t.has(tender.decisions, [{ kind: 'award', winnerName: 'Tømrerfirmaet Hansen ApS', winnerCvr: '12345678', awardValueDkk: 48_750_000, standstillEndsOn: '2026-12-03' }]);
  t.notOk('justification' in tender.decisions[0]!, 'the internal justification stays in the back office');
  const events = eventListSchema.parse((await app.inject(`/api/v1/tenders/${EU_TENDER}/events`)).json());
  const decision = events.items.find((e) => e.kind === 'decision')!;
  t.ok(decision, 'the award is an event');
  t.equal(decision.source, 'Udbud og Indkøb');
  t.match(decision.headline, 'Udbuddet blev tildelt Tømrerfirmaet Hansen ApS (CVR 12345678)');
  t.notMatch(JSON.stringify(events), 'otto@koege.test');
});

t.test('the OpenAPI document states the limits the server enforces, security, operationIds, licence and contact', async (t) => {
  const { app } = await testApp(t, { config: { publicUrl: PUBLIC_URL } });
  const document = (await app.inject('/api/openapi.json')).json();
  t.same(document.security, [], 'open to all, said explicitly');
  t.same(document.info.license, { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
  t.same(document.info.contact, { name: 'Køge Kommune', url: PUBLIC_URL });
  const operations = Object.values(document.paths as Record<string, { get: { operationId?: string; parameters: { name: string; description: string; schema: Record<string, unknown> }[] } }>).map((p) => p.get);
  const ids = operations.map((op) => op.operationId);
  t.ok(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id)), 'an operationId on every operation');
  t.equal(new Set(ids).size, ids.length, 'operationIds are unique');

  const tenders = document.paths['/api/v1/tenders'].get.parameters as { name: string; description: string; schema: Record<string, unknown> }[];
  const param = (name: string) => tenders.find((p) => p.name === name)!;
  t.equal(param('q').schema.maxLength, 200);
  for (const name of ['status', 'workType', 'contractType', 'requirement']) t.equal(param(name).schema.maxItems, 20, `${name}: maxItems`);
  t.same(param('requirement').schema.items, { type: 'string', pattern: '^[A-Z0-9-]{1,50}$' });
  for (const name of ['minValue', 'maxValue']) t.equal(param(name).schema.maximum, 1e12, `${name}: maximum`);
  t.match(param('minValue').description, /højst maxValue/);
  t.match(param('maxValue').description, /mindst minValue/);
  const procedure = document.paths['/api/v1/procedure'].get.parameters as { name: string; schema: Record<string, unknown> }[];
  t.equal(procedure.find((p) => p.name === 'amountDkk')!.schema.maximum, 1e12);

  // Each stated limit is the one the server holds: one past it is refused, naming the parameter.
  const refused = async (query: string, name: string) => {
    const res = await app.inject(`/api/v1/tenders?${query}`);
    t.equal(res.statusCode, 400, query.slice(0, 60));
    t.equal(res.json().error.parameter, name);
  };
  await refused(`q=${'a'.repeat(201)}`, 'q');
  await refused(Array.from({ length: 21 }, () => 'status=published').join('&'), 'status');
  await refused(Array.from({ length: 21 }, () => 'requirement=KLIMA').join('&'), 'requirement');
  await refused('requirement=klima', 'requirement');
  await refused('minValue=1000000000001', 'minValue');
  await refused('minValue=10&maxValue=9', 'minValue');
  t.equal((await app.inject('/api/v1/procedure?amountDkk=1000000000001&contractType=works')).statusCode, 400);
});

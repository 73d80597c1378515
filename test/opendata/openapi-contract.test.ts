import t from 'tap';
import ajv2020 from 'ajv/dist/2020.js';
import { importDbdExportFile } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';
import { atRoot } from '../../src/paths.js';

// A contract test driven by /api/openapi.json alone, as a third-party client would be: every GET
// operation gets each parameter's documented extremes (longest, most, largest, smallest, every enum
// value), each alone and all at once, and must answer 2xx with a body its documented schema
// accepts. One step past each documented limit must be a 400 naming the parameter, so the
// document states the server's limits, neither looser nor tighter.

const Ajv2020 = ajv2020.default;
const sample = atRoot('src/sync/dbd/sample-export.json');
const DOC_ID = 'https://contract.test/openapi.json';

interface Schema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  formatMinimum?: string;
  formatMaximum?: string;
  items?: Schema;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  schema: Schema;
  example?: string;
}
interface Operation {
  operationId: string;
  parameters: Parameter[];
  externalDocs?: { url: string };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

// Characters tried when building the longest and shortest string a schema allows: a non-ASCII
// letter first, so a limit counted in bytes rather than characters shows.
const ALPHABET = ['æ', 'a', 'A', '0', '-'];
const UNBOUNDED_PATTERN_LENGTH = 100;

/** The shortest and the longest non-empty string the schema allows, made of one repeated character. */
function stringExtremes(schema: Schema): string[] {
  const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : null;
  const top = schema.maxLength ?? (pattern ? UNBOUNDED_PATTERN_LENGTH : undefined);
  if (top === undefined) return [];
  const allowed = (s: string) => (!pattern || pattern.test(s)) && s.length >= (schema.minLength ?? 1) && s.length <= top;
  let longest = '';
  let shortest: string | undefined;
  for (const c of ALPHABET) {
    for (let n = top; n > longest.length; n--) if (allowed(c.repeat(n))) longest = c.repeat(n);
    for (let n = 1; n <= top && (shortest === undefined || n < shortest.length); n++) if (allowed(c.repeat(n))) shortest = c.repeat(n);
  }
  return [...new Set([shortest, longest].filter((s): s is string => Boolean(s)))];
}

/** Every extreme value a scalar schema documents; empty when it documents none. */
function scalarExtremes(schema: Schema): string[] {
  if (schema.enum) return schema.enum.map(String);
  if (schema.type === 'boolean') return ['true', 'false'];
  if (schema.type === 'integer' || schema.type === 'number') {
    return [schema.minimum, schema.maximum].filter((n): n is number => n !== undefined).map((n) => String(n));
  }
  // A date's extremes: formatMinimum/formatMaximum where the document states them, else the first
  // and last day of the four-digit years the format writes (year 0000 is no day of the calendar
  // the portal counts in), and today.
  if (schema.format === 'date' || schema.format === 'date-time') {
    const time = schema.format === 'date' ? (day: string) => day : (day: string, clock: string) => `${day}T${clock}Z`;
    return [schema.formatMinimum ?? time('0001-01-01', '00:00:00'), schema.formatMaximum ?? time('9999-12-31', '23:59:59'), time(new Date().toISOString().slice(0, 10), '12:00:00')];
  }
  return stringExtremes(schema);
}

/** Values of a parameter, each one request: a list's values one at a time, and as many as allowed. */
function extremes(schema: Schema): string[][] {
  if (schema.type !== 'array') return scalarExtremes(schema).map((v) => [v]);
  const items = scalarExtremes(schema.items ?? {});
  if (!items.length) return [];
  const most = schema.maxItems ?? 1;
  const longestItem = items.reduce((a, b) => (b.length > a.length ? b : a));
  const fill = (values: string[]) => Array.from({ length: most }, (_, i) => values[i % values.length]!);
  return [...items.map((v) => [v]), fill(items), fill([longestItem])];
}

/** One step past each documented limit. */
function pastLimits(schema: Schema): string[][] {
  const one = (s: Schema, repeat = 1) => {
    const out: string[] = [];
    if (s.maxLength !== undefined) out.push(ALPHABET.map((c) => c.repeat(s.maxLength! + 1)).find((v) => !s.pattern || new RegExp(s.pattern, 'u').test(v.slice(1))) ?? 'a'.repeat(s.maxLength + 1));
    if (s.maximum !== undefined) out.push(String(s.type === 'integer' ? s.maximum + 1 : s.maximum * 2));
    if (s.minimum !== undefined) out.push(String(s.minimum - 1));
    return out.map((v) => Array.from({ length: repeat }, () => v));
  };
  if (schema.type !== 'array') return one(schema);
  const past: string[][] = one(schema.items ?? {});
  const item = scalarExtremes(schema.items ?? {})[0];
  if (schema.maxItems !== undefined && item !== undefined) past.push(Array.from({ length: schema.maxItems + 1 }, () => item));
  return past;
}

t.test('every documented extreme of every parameter gets a 2xx whose body matches the documented schema', async (t) => {
  const { app, database } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk', apiRateLimitPerMinute: 1_000_000 } });
  await importDbdExportFile(database.db, sample);
  // Over real HTTP, as a client sends it: the URL as it goes over the wire, the server's own limits.
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  const document = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, { get: Operation }>; components: unknown };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i);
  ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  ajv.addFormat('uri', { validate: (value: string) => URL.canParse(value) && /^[a-z][a-z0-9+.-]*:/i.test(value) });
  ajv.addSchema({ $id: DOC_ID, components: document.components });
  const validatorOf = (schema: Schema) => ajv.compile({ $id: `${DOC_ID}/${Math.random()}`, ...resolveRefs(schema) });
  const resolveRefs = (schema: Schema): Schema => (schema.$ref ? { $ref: `${DOC_ID}${schema.$ref}` } : schema);

  let requests = 0;
  for (const [path, { get: op }] of Object.entries(document.paths)) {
    const okSchema = op.responses['200']?.content?.['application/json']?.schema;
    t.ok(okSchema, `${op.operationId}: a documented 200 body`);
    const validOk = validatorOf(okSchema!);
    const validError = validatorOf(op.responses['400']!.content!['application/json']!.schema);
    const ocds = op.externalDocs?.url.match(/(release|record)-package-schema\.json$/)?.[1] as 'release' | 'record' | undefined;

    const pathParams = op.parameters.filter((p) => p.in === 'path');
    let url = path;
    for (const p of pathParams) {
      t.ok(p.example, `${op.operationId}: path parameter ${p.name} has an example`);
      url = url.replace(`{${p.name}}`, encodeURIComponent(p.example!));
    }
    const query = op.parameters.filter((p) => p.in === 'query');
    const required = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, extremes(p.schema)[0]!]));

    const send = async (values: Record<string, string[]>) => {
      const params = new URLSearchParams();
      for (const [name, vs] of Object.entries({ ...required, ...values })) for (const v of vs) params.append(name, v);
      requests++;
      const res = await fetch(`${base}${url}${params.size ? `?${params}` : ''}`);
      return { status: res.status, body: (await res.json()) as unknown, what: `${op.operationId} ${[...new Set(params.keys())].join(',') || '(none)'}: ${params.toString().slice(0, 120)}` };
    };
    const expectOk = async (values: Record<string, string[]>) => {
      const { status, body, what } = await send(values);
      t.ok(status >= 200 && status < 300, `${what} → 2xx`, { status, body });
      t.ok(validOk(body), `${what}: the body matches the documented schema`, { errors: validOk.errors });
      // An empty page keeps `releases: []` on purpose (src/opendata/ocds/package.ts), which the official
      // schema's minItems refuses; every package with releases must pass it whole.
      const empty = (body as { releases?: unknown[] }).releases?.length === 0;
      if (ocds && !empty) t.equal(schemaErrors(`${ocds}Package`, body), '', `${what}: a valid OCDS ${ocds} package`);
    };

    await expectOk({});
    const largest: Record<string, string[]> = {};
    for (const p of query) {
      const values = extremes(p.schema);
      if (p.schema.type !== 'string' || p.schema.maxLength !== undefined || p.schema.pattern || p.schema.enum || p.schema.format) {
        t.ok(values.length, `${op.operationId}: ${p.name} documents values to try`);
      }
      for (const value of values) await expectOk({ [p.name]: value });
      // All at once: each parameter at its longest, most or largest.
      const biggest = values.reduce<string[] | undefined>((a, b) => (!a || b.length > a.length || (b.length === a.length && b.join('').length > a.join('').length) ? b : a), undefined);
      if (biggest) largest[p.name] = biggest;
      for (const value of pastLimits(p.schema)) {
        const { status, body, what } = await send({ [p.name]: value });
        t.equal(status, 400, `${what}: one past the documented limit is refused`);
        t.ok(validError(body), `${what}: the refusal is the documented Error`, { errors: validError.errors });
        t.equal((body as { error?: { parameter?: string } }).error?.parameter, p.name, `${what}: the refusal names ${p.name}`);
      }
    }
    if (Object.keys(largest).length) await expectOk(largest);
  }
  t.ok(requests > 50, `${requests} requests made`);
});

// npm run bench: the portal's speed at national scale, in figures (never a timed unit test).
//  1. Seeds 100.000 generated tenders through the real import path, and 50.000 more events (a
//     revision of half of them), on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
//     the local server; a database is created beside it and dropped afterwards).
//  2. Shows with EXPLAIN that the list, filter and search queries use indexes.
//  3. Starts the portal (node, as in production) and a bare Fastify server that answers the same
//     paths with the same bytes (the physical limit of this stack here), and drives both with
//     autocannon from a separate process: requests/s, p50, p99, and the ratio to the bare route.
//  4. Prints the portal's peak RSS, and writes everything to bench-results/http.json.
// Targets: p99 < 50 ms everywhere; list, detail and feed ≥ 50 % of the bare route; RSS < 300 MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { importDbdItems } from '../../src/sync/import.js';
import { searchTenders } from '../../src/tenders/search.js';
import { parseTenderFilter } from '../../src/tenders/filter.js';
import type { Database } from '../../src/db/types.js';
import { installJobQueue } from '../../src/subscriptions/queue.js';
import { createTestDatabase } from '../helpers/database.js';
import { dbdItem } from '../helpers/dbd.js';
import { freePort, root } from '../helpers/process.js';

const TENDERS = Number(process.env.BENCH_TENDERS ?? 100_000);
const UPDATED = Math.floor(TENDERS / 2);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const fmt = (n: number, digits = 0) => new Intl.NumberFormat('da-DK', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
const words = ['tag', 'facade', 'vinduer', 'skole', 'børnehave', 'rådhus', 'svømmehal', 'ventilation', 'klimasikring', 'energi'];
const workTypes = ['renovation', 'new_build', 'maintenance', 'energy', 'demolition', 'climate_adaptation', 'service'] as const;
const statuses = ['planned', 'in_preparation', 'published'] as const;

const item = (i: number, revision = 1) =>
  dbdItem({
    id: `NAT-${String(i).padStart(7, '0')}`,
    revision,
    title: `${revision > 1 ? 'Revideret: ' : ''}${words[i % words.length]} og ${words[(i * 7) % words.length]}, bygning ${i}`,
    description: `Projekt ${i} i kommune ${i % 98}: ${words[(i * 3) % words.length]}, ${words[(i * 5) % words.length]} og tekniske installationer.`,
    workType: workTypes[i % workTypes.length],
    contractType: i % 5 === 0 ? 'services' : 'works',
    status: statuses[i % statuses.length],
    estimatedValue: i % 13 === 0 ? null : { amountDkk: 100_000 + ((i * 7919) % 80_000_000) + revision },
    cpvCodes: [i % 5 === 0 ? '50700000-2' : '45261000-4'],
    timeline: {
      expectedTenderPublication: `${2027 + (i % 3)}-Q${1 + (i % 4)}`,
      ...(i % 3 === 2 ? { tenderDeadline: `2027-0${1 + (i % 9)}-15T12:00:00+01:00` } : {}),
    },
    requirements: i % 4 === 0 ? ['LAB-ILO94', 'SOC-APPRENTICE'] : ['LAB-ILO94'],
    lastModified: '2026-11-01T08:00:00Z',
  });

async function seed(db: Kysely<Database>) {
  const started = performance.now();
  for (let start = 0; start < TENDERS; start += 2000) {
    await importDbdItems(db, Array.from({ length: Math.min(2000, TENDERS - start) }, (_, k) => item(start + k)));
  }
  for (let start = 0; start < UPDATED; start += 2000) {
    await importDbdItems(db, Array.from({ length: Math.min(2000, UPDATED - start) }, (_, k) => item((start + k) * 2, 2)));
  }
  await sql`analyze`.execute(db);
  const counts = await db.selectFrom('tender_events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  console.log(`seeded ${fmt(TENDERS)} tenders and ${fmt(counts.n)} events through the import in ${fmt((performance.now() - started) / 1000, 1)} s`);
}

/** Runs the list's own queries (searchTenders) and EXPLAINs each, printing the plan's scans. */
async function explainQueries(url: string) {
  const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });
  const cases: Array<[string, Record<string, string>]> = [
    ['list, no filter', {}],
    ['list, three filters', { status: 'published', workType: 'renovation', minValue: '1000000' }],
    ['Danish full-text search', { q: 'ventilation skole' }],
  ];
  const plans: Record<string, string[]> = {};
  for (const [label, query] of cases) {
    const parsed = parseTenderFilter(query);
    if (!parsed.ok) throw new Error('bad bench filter');
    captured.length = 0;
    await searchTenders(db, parsed.filter);
    const lines: string[] = [];
    for (const q of captured) {
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary off) ${q.sql}`, [...q.parameters]);
      lines.push(...rows.map((r) => r['QUERY PLAN']).filter((l) => /Scan|Sort|Limit/.test(l)).map((l) => l.trim()));
    }
    plans[label] = lines;
    const usesIndex = lines.some((l) => /Index|Bitmap/.test(l));
    console.log(`EXPLAIN ${label}: ${usesIndex ? 'uses an index' : 'NO INDEX'}\n  ${lines.join('\n  ')}`);
  }
  await db.destroy();
  return plans;
}

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon in a process of its own, so the load generator does not share the portal's event loop. */
async function drive(url: string): Promise<Load> {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/autocannon/autocannon.js'), '--json', '-c', String(CONNECTIONS), '-d', String(DURATION), url], { cwd: root });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise((resolve) => child.on('close', resolve));
  const result = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const peakRss = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
};

async function main() {
  const database = await createTestDatabase();
  const children: ChildProcess[] = [];
  try {
    await installJobQueue(database);
    await seed(database.db);
    const plans = await explainQueries(database.url!);

    const portPortal = await freePort();
    const portal = start(['--import=tsx', 'src/server.ts'], {
      DATABASE_URL: database.url,
      PORT: String(portPortal),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${portPortal}`,
      DBD_SYNC_CRON: 'off',
      ALERTS: 'off',
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: '1000000000',
    });
    children.push(portal);
    const base = `http://127.0.0.1:${portPortal}`;
    await waitFor(`${base}/readyz`);

    const detailId = 'NAT-0000042';
    const endpoints = [
      ['/udbud', 'list, no filter'],
      ['/udbud?status=published&workType=renovation&minValue=1000000', 'list, three filters'],
      ['/udbud?q=ventilation%20skole', 'list, Danish full-text'],
      [`/udbud/${detailId}`, 'detail'],
      ['/feeds/udbud.rss', 'RSS feed'],
      ['/api/v1/tenders', 'API list'],
    ] as const;
    const answers = [];
    for (const [p] of endpoints) {
      const res = await fetch(base + p);
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      answers.push({ path: p, contentType: res.headers.get('content-type') ?? 'text/plain', body: Buffer.from(await res.arrayBuffer()).toString('base64') });
    }
    const outDir = path.join(root, 'bench-results');
    await mkdir(outDir, { recursive: true });
    const answersFile = path.join(outDir, 'bare-answers.json');
    await writeFile(answersFile, JSON.stringify(answers));
    const portBare = await freePort();
    const bare = start(['--import=tsx', 'test/bench/bare-server.ts', answersFile, String(portBare)], {});
    children.push(bare);
    await waitFor(`http://127.0.0.1:${portBare}/udbud`);

    // How long an answer takes to render when a change has just dropped the caches (the median of
    // five), beside the steady state under load below.
    const cold: Record<string, number> = {};
    for (const [p] of endpoints) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        await sql`select pg_notify('udbud_changes', 'bench')`.execute(database.db);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = performance.now();
        await (await fetch(base + p)).arrayBuffer();
        times.push(performance.now() - started);
      }
      cold[p] = times.sort((a, b) => a - b)[2]!;
    }

    console.log(`\n${'endpoint'.padEnd(28)} ${'req/s'.padStart(8)} ${'p50'.padStart(5)} ${'p99'.padStart(5)}   ${'bare req/s'.padStart(10)} ${'ratio'.padStart(6)}  cold render`);
    const results = [];
    for (const [p, label] of endpoints) {
      const measured = await drive(base + p);
      const limit = await drive(`http://127.0.0.1:${portBare}${p}`);
      const ratio = measured.requestsPerSecond / limit.requestsPerSecond;
      results.push({ endpoint: p, label, portal: measured, bare: limit, ratio, coldRenderMs: cold[p] });
      console.log(
        `${label.padEnd(28)} ${fmt(measured.requestsPerSecond).padStart(8)} ${`${measured.p50}`.padStart(5)} ${`${measured.p99}`.padStart(5)}   ${fmt(limit.requestsPerSecond).padStart(10)} ${`${fmt(ratio * 100)} %`.padStart(6)}  ${fmt(cold[p]!, 1).padStart(7)} ms` +
          (measured.errors || measured.non2xx ? `  (errors ${measured.errors}, non-2xx ${measured.non2xx})` : ''),
      );
    }
    const rss = await peakRss(portal.pid!);
    console.log(`\nportal peak RSS: ${fmt(rss / 1024 / 1024)} MB (target < 300 MB)`);
    const worstP99 = Math.max(...results.map((r) => r.portal.p99));
    console.log(`worst p99: ${worstP99} ms (target < 50 ms)`);
    for (const r of results.filter((x) => ['list, no filter', 'list, three filters', 'list, Danish full-text', 'detail', 'RSS feed'].includes(x.label))) {
      if (r.ratio < 0.5) console.log(`BELOW TARGET: ${r.label} at ${fmt(r.ratio * 100)} % of the bare route`);
    }
    const file = path.join(outDir, 'http.json');
    await writeFile(file, JSON.stringify({ at: new Date().toISOString(), tenders: TENDERS, durationSeconds: DURATION, connections: CONNECTIONS, results, peakRssBytes: rss, plans }, null, 2));
    console.log(`results: ${path.relative(root, file)}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

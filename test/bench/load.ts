// The load generator for `npm run bench`: wrk (C, epoll) when it is installed, else autocannon
// (node) in a process of its own. Either way a separate process, so it never shares the measured
// server's event loop, and one shape of answer: requests/s and latency percentiles in ms.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { collect } from '../helpers/process.js';

export interface Load {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Answers other than 2xx/3xx. */
  non2xx: number;
}

export interface LoadGenerator {
  name: string;
  drive(url: string, options: { connections: number; seconds: number }): Promise<Load>;
}

// wrk's `done` hook: one line of JSON (latencies in µs). %f, not %d: the percentiles are not integers.
const WRK_DONE = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%f,"p90":%f,"p99":%f,"max":%f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

const run = (command: string, args: string[], cwd: string) => collect(command, args, { cwd });

function findWrk(): string | null {
  if (process.env.BENCH_LOAD === 'autocannon') return null;
  for (const candidate of [process.env.WRK_PATH, '/usr/bin/wrk', '/usr/local/bin/wrk']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  const which = spawnSync('which', ['wrk'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** wrk if present (BENCH_LOAD=autocannon forces autocannon), else autocannon from node_modules. */
export async function loadGenerator(root: string, workDir: string): Promise<LoadGenerator> {
  const wrk = findWrk();
  if (wrk) {
    const script = path.join(workDir, 'wrk-done.lua');
    await writeFile(script, WRK_DONE);
    return {
      name: `wrk (${wrk})`,
      async drive(url, { connections, seconds }) {
        const threads = String(Math.min(2, connections));
        const result = await run(wrk, ['-t', threads, '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', script, url], root);
        const line = result.stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
        if (result.code !== 0 || !line) throw new Error(`wrk failed on ${url} (exit ${result.code}): ${result.stderr || result.stdout}`);
        const r = JSON.parse(line.slice('WRKJSON '.length)) as Record<string, number>;
        const ms = (us: number) => us / 1000;
        return {
          requestsPerSecond: r.requests! / (r.durationUs! / 1e6),
          p50: ms(r.p50!),
          p90: ms(r.p90!),
          p99: ms(r.p99!),
          max: ms(r.max!),
          requests: r.requests!,
          errors: r.connect! + r.read! + r.write! + r.timeout!,
          non2xx: r.status!,
        };
      },
    };
  }
  const autocannon = path.join(root, 'node_modules/autocannon/autocannon.js');
  return {
    name: `autocannon (${process.env.BENCH_LOAD === 'autocannon' ? 'BENCH_LOAD=autocannon' : 'wrk not found'})`,
    async drive(url, { connections, seconds }) {
      const result = await run(process.execPath, [autocannon, '--json', '-c', String(connections), '-d', String(seconds), url], root);
      if (result.code !== 0) throw new Error(`autocannon failed on ${url}: ${result.stderr}`);
      const r = JSON.parse(result.stdout) as {
        requests: { average: number; total: number };
        latency: { p50: number; p90: number; p99: number; max: number };
        errors: number;
        timeouts: number;
        non2xx: number;
      };
      return {
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
        requests: r.requests.total,
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
      };
    },
  };
}

// Where the time goes: the functions with the most self time in a V8 .cpuprofile (what
// `node --cpu-prof` writes), summed per function (name, file and line) over every call path.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  functionName: string;
  location: string;
  selfMs: number;
  /** Share of the samples in which the process was not idle. */
  share: number;
}

/** A file's place without the checkout's path: node_modules/<package>/…, src/…, or node:internal. */
function shortLocation(url: string, line: number, column: number, root: string): string {
  if (!url) return '';
  let file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (path.isAbsolute(file)) file = path.relative(root, file);
  const nm = file.lastIndexOf('node_modules/');
  if (nm > 0) file = file.slice(nm);
  // Code tsx compiled on the fly is one line: there the column tells functions apart.
  return line === 0 && column > 0 ? `${file}:1:${column + 1}` : `${file}:${line + 1}`;
}

/**
 * `window`: only the samples taken between these two CLOCK_MONOTONIC times in µs (V8's profile
 * clock, the same as process.hrtime's), to leave out the start (loading and compiling modules)
 * and the warm-up. `windowed` says whether any samples fell inside it (else the whole profile counts).
 */
/** What a location belongs to: PGlite's PostgreSQL (WebAssembly), a package, our code, Node, or V8/native. */
function areaOf(location: string, functionName: string): string {
  if (location.startsWith('wasm://')) return 'WebAssembly (PGlite\'s PostgreSQL)';
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(location);
  if (pkg) return pkg[1]!;
  if (location.startsWith('src/')) return 'src (the portal)';
  if (location.startsWith('node:')) return 'node internals';
  if (functionName === '(garbage collector)') return 'garbage collector';
  return location ? location.split(':')[0]! : 'native (syscalls, V8)';
}

export async function topSelfTime(
  file: string,
  root: string,
  count = 15,
  window?: { fromUs: number; toUs: number },
): Promise<{ top: SelfTime[]; areas: Array<{ area: string; share: number }>; busyMs: number; idleMs: number; windowed: boolean }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  // Self time per node from the samples and their time deltas (µs); hitCount where they are missing.
  const selfUs = new Map<number, number>();
  let windowed = false;
  if (profile.samples?.length && profile.timeDeltas?.length) {
    const { samples, timeDeltas } = profile;
    const times: number[] = [];
    let t = profile.startTime;
    for (let i = 0; i < samples.length; i++) times.push((t += timeDeltas[i] ?? 0));
    const inside = (i: number) => !window || (times[i]! >= window.fromUs && times[i]! <= window.toUs);
    windowed = Boolean(window) && samples.some((_, i) => inside(i));
    for (let i = 0; i < samples.length; i++) {
      if (windowed && !inside(i)) continue;
      // The delta after a sample is the time that sample stands for.
      const delta = timeDeltas[i + 1] ?? 0;
      selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, delta));
    }
  } else {
    const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
    const perHit = (profile.endTime - profile.startTime) / hits;
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * perHit);
  }
  const byFunction = new Map<string, { functionName: string; location: string; us: number }>();
  let idleUs = 0;
  let busyUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const location = shortLocation(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber, root);
    const key = `${name}\0${location}`;
    const entry = byFunction.get(key) ?? { functionName: name, location, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const byArea = new Map<string, number>();
  for (const e of byFunction.values()) {
    const area = areaOf(e.location, e.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + e.us);
  }
  const areas = [...byArea.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([area, us]) => ({ area, share: busyUs ? us / busyUs : 0 }));
  const top = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({ functionName: e.functionName, location: e.location, selfMs: e.us / 1000, share: busyUs ? e.us / busyUs : 0 }));
  return { top, areas, busyMs: busyUs / 1000, idleMs: idleUs / 1000, windowed };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { atRoot } from '../../src/paths.js';

// The layers of src/, lowest first: a file may import its own layer and those below it, never one
// above. The README's "Layout" section states the same order; this test holds the code to it.
// A folder is one place; a file named on its own (server.ts) is one too.
const layers: string[][] = [
  ['config.ts', 'paths.ts', 'i18n'],
  ['domain'],
  ['db'],
  ['observability'],
  ['audit'],
  ['auth', 'rules'],
  ['tenders'],
  ['wording'],
  ['decisions', 'sync'],
  ['subscriptions', 'opendata', 'firms', 'dialogue', 'contracts'],
  ['web'],
  ['app.ts'],
  ['server.ts', 'prepare.ts', 'cli'],
];

const src = atRoot('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative module a file imports, type-only imports and dynamic import() included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.[^']+)'/gm)].map((m) => m[1]!);
  return found.map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
}

/** 'web/public/tenders.ts' → 'web'; 'server.ts' → 'server.ts'. */
const placeOf = (file: string) => path.relative(src, file).split(path.sep)[0]!;
const layerOf = (place: string) => layers.findIndex((names) => names.includes(place));
const rel = (file: string) => path.relative(src, file).split(path.sep).join('/');

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.startsWith(src + path.sep))]));

t.test('every folder and top-level file of src/ has a layer', async (t) => {
  const places = [...new Set(files.map(placeOf))];
  t.same(places.filter((place) => layerOf(place) < 0), [], 'places without a layer: add them to the table and the README');
});

t.test('no import runs from a lower layer to a higher one', async (t) => {
  const upwards: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (layerOf(placeOf(target)) > layerOf(placeOf(file))) upwards.push(`${rel(file)} → ${rel(target)}`);
    }
  }
  t.same(upwards, [], 'imports that run upwards');
});

t.test('places on the same layer do not import each other both ways', async (t) => {
  const pairs = new Set<string>();
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [a, b] = [placeOf(file), placeOf(target)];
      if (a !== b && layerOf(a) === layerOf(b)) pairs.add(`${a} → ${b}`);
    }
  }
  const both = [...pairs].filter((pair) => pairs.has(pair.split(' → ').reverse().join(' → ')));
  t.same(both, [], 'folders that import each other');
});

t.test('nothing outside src/web imports src/web', async (t) => {
  const web = path.join(src, 'web') + path.sep;
  const outside = [...graph].flatMap(([file, targets]) =>
    file.startsWith(web) ? [] : targets.filter((target) => target.startsWith(web)).map((target) => `${rel(file)} → ${rel(target)}`),
  );
  // app.ts assembles the web layer: it is the one file above it.
  t.same(outside.filter((line) => !line.startsWith('app.ts →')), []);
});

t.test('no file imports itself through a circle of other files', async (t) => {
  // Depth-first search for back edges; each circle is reported once, by the files on it.
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') circles.push([...stack.slice(stack.indexOf(target)), target].map(rel).join(' → '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  t.same(circles, []);
});

t.test('the check reads real imports', async (t) => {
  // A guard against a regex that silently finds nothing: app.ts imports the web layer.
  t.ok(graph.get(path.join(src, 'app.ts'))!.some((target) => target.startsWith(path.join(src, 'web'))));
  t.ok(files.length > 50, `${files.length} source files read`);
});

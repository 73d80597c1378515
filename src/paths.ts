import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the portal's files are, whether it runs from its TypeScript sources (src/: tests and the
// development tools) or compiled (dist/src/: `npm start`, the command-line tools and the image).
// The compiler writes only JavaScript, so what is read at run time (views/, the JSON seed data
// under src/, node_modules/) is found from the project root; the migrations run compiled beside
// the code that runs them.

const here = path.dirname(fileURLToPath(import.meta.url));

/** The folder the running code's src/ and migrations/ are in: the project root, or its dist/ when compiled. */
export const codeRoot = path.dirname(here);

/** The folder of package.json: views/, node_modules/ and the data files under src/. */
export const projectRoot = findProjectRoot(codeRoot);

/** A file or folder by its path from the project root, e.g. `atRoot('src/rules/seed', 'thresholds.json')`. */
export const atRoot = (...segments: string[]): string => path.join(projectRoot, ...segments);

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Portalens mappe (med package.json) findes ikke over ${from}`);
  }
}

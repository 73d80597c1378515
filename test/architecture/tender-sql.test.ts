import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { atRoot } from '../../src/paths.js';

// DESIGN: the repositories of tenders (src/tenders/) hold all SQL on tenders and their events. A
// query elsewhere that names one of their tables is moved there, or listed here with the reason
// it stays with the table it is about.
const staying: Record<string, string> = {
  'sync/attention.ts': 'open sync conflicts, each named by its tender’s title',
  'rules/repository.ts': 'the requirement catalogue counts the tenders carrying each code; rules/ lies below tenders/',
  'subscriptions/matching.ts': 'the matcher’s one statement joins each event’s tender to every saved search',
  'subscriptions/compose.ts': 'a batch of alert mails reads its events, titled, with the message each belongs to, in one statement',
};

const src = atRoot('src');
const tenderTables = /'(tenders|tender_events|tender_requirements)( as \w+)?'|\b(from|join|into|update)\s+(tenders|tender_events|tender_requirements)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

const naming = sourceFiles(src)
  .filter((file) => tenderTables.test(readFileSync(file, 'utf8')))
  .map((file) => path.relative(src, file).split(path.sep).join('/'));

t.test('only the tenders repositories run SQL on tenders and their events', async (t) => {
  const outside = naming.filter((file) => !file.startsWith('tenders/') && !(file in staying));
  t.same(outside, [], 'move these queries into src/tenders/');
});

t.test('every query said to stay elsewhere is still there', async (t) => {
  t.same(Object.keys(staying).filter((file) => !naming.includes(file)), [], 'drop these from the list');
});

t.test('the check reads real queries', async (t) => {
  // A guard against a pattern that silently finds nothing.
  t.ok(naming.includes('tenders/repository.ts') && naming.includes('tenders/events.ts'));
});

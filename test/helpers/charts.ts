import type { Test } from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from './app.js';
import { dbdItem } from './dbd.js';
import { decodeEntities } from './html.js';

// A pipeline for the front page's chart: two work types in one quarter, a quarter whose only
// tender has no estimate, one without an expected time, and work that is late or open (not coming).

export const chartPipeline = () => [
  dbdItem({ id: 'C-ROOF', workType: 'renovation', estimatedValue: { amountDkk: 1_000_000 }, timeline: { expectedTenderPublication: '2099-Q1' } }),
  dbdItem({ id: 'C-HEAT', workType: 'energy', estimatedValue: { amountDkk: 500_000 }, timeline: { expectedTenderPublication: '2099-02' } }),
  dbdItem({ id: 'C-PAINT', workType: 'maintenance', estimatedValue: null, timeline: { expectedTenderPublication: '2099-Q3' } }),
  dbdItem({ id: 'C-CLEAN', workType: 'service', estimatedValue: { amountDkk: 200_000 }, timeline: {} }),
  dbdItem({ id: 'C-LATE', workType: 'demolition', status: 'in_preparation', estimatedValue: { amountDkk: 9_000_000 }, timeline: { expectedTenderPublication: '2025-Q3' } }),
  dbdItem({ id: 'C-OPEN', workType: 'new_build', status: 'published', estimatedValue: { amountDkk: 7_000_000 }, timeline: { expectedTenderPublication: '2099-Q1', tenderDeadline: '2099-01-15T11:00:00Z' } }),
];

export async function chartApp(t: Test) {
  const { app, database } = await testApp(t);
  const summary = await importDbdItems(database.db, chartPipeline());
  t.equal(summary.rejected.length, 0, 'fixtures are valid');
  return { app, database };
}

type DataAttributes = { [name: `data-${string}`]: string };

const attrs = (tag: string): Record<string, string> => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeEntities(m[2]!)]));
const text = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

/** The chart's bars: their data attributes and the words drawn with them. */
export const chartBars = (html: string): Array<DataAttributes & { texts: string[]; segments: Array<DataAttributes & { fill: string }> }> =>
  [...html.matchAll(/<g class="pipeline-bar"([^>]*)>([\s\S]*?)<\/g>/g)].map((m) => ({
    ...attrs(m[1]!),
    texts: [...m[2]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((x) => decodeEntities(x[1]!)),
    segments: [...m[2]!.matchAll(/<rect class="pipeline-segment"([^>]*)>/g)].map((x) => attrs(x[1]!) as DataAttributes & { fill: string }),
  }));

/** A table's body rows: their data attributes and each cell's text. */
export const tableRows = (html: string, id: string): Array<DataAttributes & { cells: string[] }> => {
  const table = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({
    ...attrs(m[1]!),
    cells: [...m[2]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)),
  }));
};

/** The first amount in a cell's text, Danish ("1.500.000 kr.") or English ("DKK 1,500,000"). */
export const amountIn = (cell: string, lang: 'da' | 'en') => Number((/[\d.,]+/.exec(cell)?.[0] ?? 'NaN').replaceAll(lang === 'da' ? '.' : ',', ''));

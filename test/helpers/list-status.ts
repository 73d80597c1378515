import type { Test } from 'tap';
import { recordDecision } from '../../src/decisions/service.js';
import { importDbdItems } from '../../src/sync/import.js';
import { decodeEntities } from './html.js';
import { testApp } from './app.js';
import { anOfficer, award, copenhagenDay } from './decisions.js';
import { dbdItem } from './dbd.js';

// One tender in each state a contractor reads differently: open (deadline in 6 days), coming,
// late (expected in 2025, still planned), and awarded (winner and value).

export const statusPipeline = () => [
  dbdItem({
    id: 'T-OPEN6',
    title: 'Nye vinduer, Asgård Skole',
    status: 'published',
    estimatedValue: { amountDkk: 3_200_000 },
    timeline: { expectedTenderPublication: '2099-02', tenderDeadline: `${copenhagenDay(6)}T11:00:00Z` },
  }),
  dbdItem({
    id: 'T-OPEN9',
    title: 'Ny legeplads, Ølby Skole',
    status: 'published',
    estimatedValue: { amountDkk: 800_000 },
    timeline: { expectedTenderPublication: '2026-01', tenderDeadline: `${copenhagenDay(9)}T11:00:00Z` },
  }),
  dbdItem({ id: 'T-COMING', title: 'Renovering af tag, Rådhuset', estimatedValue: { amountDkk: 1_000_000 }, timeline: { expectedTenderPublication: '2099-Q1' } }),
  dbdItem({ id: 'T-COMING2', title: 'Maling af gange, Rådhuset', estimatedValue: { amountDkk: 500_000 }, timeline: { expectedTenderPublication: '2099-02' } }),
  dbdItem({ id: 'T-LATE', title: 'Nyt køkken, Hastrup Skole', status: 'in_preparation', timeline: { expectedTenderPublication: '2025-Q3' } }),
  dbdItem({
    id: 'T-WON',
    title: 'Ny skole i Ølby',
    status: 'published',
    estimatedValue: { amountDkk: 50_000_000 },
    timeline: { expectedTenderPublication: '2026-01', tenderDeadline: `${copenhagenDay(-10)}T11:00:00Z` },
  }),
];

/** An app with the pipeline above; T-WON awarded to Tømrerfirmaet Hansen ApS for 48.750.000 kr. */
export async function statusApp(t: Test) {
  const { app, database } = await testApp(t);
  const summary = await importDbdItems(database.db, statusPipeline());
  t.equal(summary.rejected.length, 0, 'fixtures are valid');
  const officer = await anOfficer(database.db);
  const decided = copenhagenDay(-2);
  await recordDecision(database.db, 'T-WON', { kind: 'award', details: award({ decidedOn: decided, notifiedOn: decided }) }, 1, officer, {
    extraClosedDays: app.config.extraClosedDays,
  });
  return { app, database };
}

/** The words of the list's last cell (what matters for the tender's state) in the row of a tender. */
export function timingCell(html: string, id: string): string | null {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`href="/udbud/${id}"`));
  const cell = row && /<td class="tender-timing"[^>]*>([\s\S]*?)<\/td>/.exec(row)?.[1];
  return cell ? decodeEntities(cell.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim() : null;
}

/** The ids of the tenders linked in a piece of HTML, in order. */
export const linkedIds = (html: string) => [...html.matchAll(/href="\/udbud\/([^"?]+)"/g)].map((m) => decodeURIComponent(m[1]!));

/** The part of a page between two element ids. */
export const between = (html: string, from: string, to?: string) => html.slice(html.indexOf(`id="${from}"`), to ? html.indexOf(`id="${to}"`) : undefined);

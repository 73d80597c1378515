import t from 'tap';
import { contractPageSchema, requirementRecordSchema, supplierRecordSchema } from '../../src/opendata/schemas.js';
import { testApp } from '../helpers/app.js';
import { contractPagesData, pageText, part, SUPPLIER_A, SUPPLIER_B } from '../helpers/contract-pages.js';
import { decodeEntities, unescaped } from '../helpers/html.js';

// The public pages and the JSON API read the same data the same way: the figures of /krav/{code}
// (counts, and per measure and signing year the contracts, required and delivered) are those of
// /api/v1/requirements/{code}/record; a supplier's record on /leverandoer/{cvr} counts what
// /api/v1/suppliers/{cvr} counts; /kontrakter's "late" and "over budget" boxes keep the contracts
// /api/v1/contracts keeps with late=true and overBudget=true.

async function sameData(t: Parameters<typeof testApp>[0]) {
  const { app, database } = await testApp(t);
  await contractPagesData(database.db);
  // One contract running past its planned handover, so "late" has both kinds (handed over late, overdue).
  await database.db.updateTable('contracts').set({ planned_handover_on: '2020-01-01' }).where('tender_id', '=', 'T-THIRD').execute();
  return app;
}

const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeEntities(m[2]!)]));
const cellText = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

t.test('/krav/{code} shows the figures of /api/v1/requirements/{code}/record', async (t) => {
  const app = await sameData(t);
  for (const code of ['SOC-APPRENTICE', 'ENV-CO2-LCA']) {
    const api = requirementRecordSchema.parse((await app.inject(`/api/v1/requirements/${code}/record`)).json());
    const page = await app.inject(`/krav/${code}`);
    t.equal(page.statusCode, 200, code);
    const section = part(unescaped(page.body), 'aria-labelledby="record-heading"');
    const counts = Object.fromEntries([...section.matchAll(/<dd data-count="(\w+)">(\d+)<\/dd>/g)].map((m) => [m[1]!, Number(m[2])]));
    t.same(counts, { met: api.targets.met, in_progress: api.targets.inProgress, not_met: api.targets.notMet }, `${code}: the counts of targets`);
    t.ok(api.measures.length > 0, `${code}: the API has measures`);
    const tables = [...section.matchAll(/<table [^>]*id="record-([\w]+)-table">([\s\S]*?)<\/table>/g)];
    t.same(tables.map((m) => m[1]), api.measures.map((m) => m.measure), `${code}: the same measures in the same order`);
    for (const measure of api.measures) {
      const table = tables.find((m) => m[1] === measure.measure)![2]!;
      const rows = [...table.matchAll(/<tr (data-year="[^"]*"[^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => {
        const data = attrs(m[1]!);
        const cells = [...m[2]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => cellText(c[1]!));
        return { year: Number(data['data-year']), contracts: Number(cells[1]), required: Number(data['data-required']), delivered: cells[3] === '–' ? null : Number(data['data-delivered']) };
      });
      t.same(
        rows,
        measure.years.map((y) => ({ year: y.year, contracts: y.contracts, required: y.required, delivered: y.delivered })),
        `${code} ${measure.measure}: year by year the same contracts, required and delivered`,
      );
      const note = pageText(section);
      t.ok(note.includes(measure.years[0]!.aggregate === 'sum' ? 'Tallene er summen over kontrakterne.' : 'Tallene er gennemsnittet over kontrakterne'), `${code}: the page says how the API combined them`);
    }
  }
  // The fixture has both rules: apprentice-years added up per signing year, the CO₂ limit averaged.
  const apprentices = requirementRecordSchema.parse((await app.inject('/api/v1/requirements/SOC-APPRENTICE/record')).json());
  t.same(apprentices.measures[0]!.years.map((y) => [y.year, y.aggregate, y.required, y.delivered]), [
    [2025, 'sum', 2, 2],
    [2026, 'sum', 8, 2.5],
  ]);
  const co2 = requirementRecordSchema.parse((await app.inject('/api/v1/requirements/ENV-CO2-LCA/record')).json());
  t.same(co2.measures[0]!.years.map((y) => [y.year, y.aggregate, y.required, y.delivered]), [[2026, 'mean', 7.5, 7.1]]);
});

t.test('/leverandoer/{cvr} counts what /api/v1/suppliers/{cvr} counts', async (t) => {
  const app = await sameData(t);
  for (const cvr of [SUPPLIER_A, SUPPLIER_B]) {
    const api = supplierRecordSchema.parse((await app.inject(`/api/v1/suppliers/${cvr}`)).json());
    const page = await app.inject(`/leverandoer/${cvr}`);
    t.equal(page.statusCode, 200, cvr);
    const html = unescaped(page.body);
    t.ok(pageText(html).includes(`Kontrakter ${api.contracts.length}`), `${cvr}: ${api.contracts.length} contracts`);
    const targets = pageText(part(html, 'class="supplier-targets"', '</dd>')).match(/(\d+) af (\d+) \(i gang: (\d+), ikke opfyldt: (\d+)\)/);
    t.ok(targets, `${cvr}: targets met shown`);
    t.same(targets!.slice(1).map(Number), [api.targets.met, api.targets.total, api.targets.inProgress, api.targets.notMet], `${cvr}: the same targets met, in progress, not met`);
    const contractRows = part(html, 'class="table table--compact table--responsive-headers contract-cards contract-table"', '</table>');
    t.same([...contractRows.matchAll(/<tr data-tender-id="([^"]+)">/g)].map((m) => m[1]).sort(), api.contracts.map((c) => c.tenderId).sort(), `${cvr}: the same contracts`);
    const lateOnPage = [...contractRows.matchAll(/<tr data-tender-id="([^"]+)">([\s\S]*?)<\/tr>/g)].filter((m) => /(Ikke afleveret|\d+ dag)/.test(pageText(m[2]!))).length;
    t.equal(lateOnPage, api.late, `${cvr}: the same number of late contracts`);
    const ratingRows = [...part(html, 'supplier-ratings', '</table>').matchAll(/<tr>\s*<td/g)].length;
    t.equal(ratingRows, Object.values(api.ratings).reduce((a, b) => a + b, 0), `${cvr}: the same published ratings`);
    t.ok(pageText(part(html, '<h1>', '</h1>')).includes(api.name!), `${cvr}: the same name`);
  }
});

t.test('/kontrakter?late=true and ?overBudget=true keep the contracts /api/v1/contracts keeps', async (t) => {
  const app = await sameData(t);
  const pageIds = async (query: string) => [...(await app.inject(`/kontrakter?${query}`)).body.matchAll(/<tr data-tender-id="([^"]+)">/g)].map((m) => m[1]!).sort();
  const apiIds = async (query: string) => contractPageSchema.parse((await app.inject(`/api/v1/contracts?${query}`)).json()).items.map((c) => c.tenderId).sort();
  for (const query of ['late=true', 'overBudget=true', 'late=true&overBudget=true']) {
    t.same(await pageIds(query), await apiIds(query), query);
  }
  t.same(await apiIds('late=true'), ['T-HOSTILE', 'T-THIRD'], 'late: handed over late, and running past its planned handover');
  t.same(await pageIds(''), await apiIds(''), 'no filter: every contract');
});

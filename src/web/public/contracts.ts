import type { FastifyInstance } from 'fastify';
import { contractTenderIds, contractTenderIdsWithRequirement } from '../../contracts/lists.js';
import { loadContract, loadContracts, type ContractRecord } from '../../contracts/records.js';
import type { Db } from '../../db/database.js';
import { isMeasure, measures, type Measure, type TargetStatus } from '../../domain/contract.js';
import { copenhagenDate } from '../../domain/period.js';
import { label, t, type Lang } from '../../i18n/index.js';
import { findTenders } from '../../tenders/repository.js';
import { formatDate } from '../../wording/format.js';
import { recordColours, requirementRecordChart } from '../charts/requirement-record.js';
import { renderError } from '../errors.js';
import { formatFigure, isLate, presentContract, presentContractRow, ratingBadge, targetName } from './contract-present.js';

// The public side of contracts after signing: the contract section of a tender page, /kontrakter
// (filtered by "over budget" and "late"), a supplier's record by CVR, and a requirement's record
// across contracts on /krav/{code}. Read only; public readers never see draft ratings.

/** The contract section of a tender page, or null when the tender has no contract. */
export async function contractSection(db: Db, tenderId: string, lang: Lang) {
  const record = await loadContract(db, tenderId);
  return record ? presentContract(record, lang) : null;
}

/** The records of tenders with their titles, in the order of `ids`. */
async function recordsWithTitles(db: Db, ids: readonly string[]) {
  const [records, tenders] = await Promise.all([loadContracts(db, ids), findTenders(db, ids)]);
  const titles = new Map(tenders.map(({ row }) => [row.id, row.title]));
  return ids.flatMap((id) => {
    const record = records.get(id);
    return record ? [{ record, title: titles.get(id) ?? id }] : [];
  });
}

/** A checkbox in the query: on when it says "true" (a repeated parameter counts when any copy does). */
const checked = (value: unknown) => (Array.isArray(value) ? value.includes('true') : value === 'true');

/** Measures whose figures add up across contracts (counts, years, tonnes); shares, scores and limits are averaged. */
const additive: ReadonlySet<Measure> = new Set(['apprentice_years', 'inclusion_persons', 'labour_checks', 'reused_tonnes', 'documentation_checks']);

interface YearAccumulator {
  year: string;
  contracts: Set<string>;
  required: number;
  delivered: number;
  deliveredCount: number;
}

/**
 * A requirement's record across contracts: how many targets are met, in progress and not met, and
 * per measure and year (the year of the target's latest observation, else the signing year) what
 * was required and delivered, summed for counts and averaged for shares and limits.
 */
export async function requirementRecord(db: Db, code: string, lang: Lang) {
  const ids = await contractTenderIdsWithRequirement(db, code);
  const records = [...(await loadContracts(db, ids)).values()];
  const targets = records.flatMap((record) => record.targets.filter((target) => target.requirementCode === code).map((target) => ({ record, target })));
  if (targets.length === 0) return null;
  const count = (status: TargetStatus) => targets.filter(({ target }) => target.status === status).length;

  const byMeasure = new Map<string, Map<string, YearAccumulator>>();
  for (const { record, target } of targets) {
    if (!target.measure) continue;
    const year = (target.deliveredOn ?? record.signedOn).slice(0, 4);
    if (!byMeasure.has(target.measure)) byMeasure.set(target.measure, new Map());
    const years = byMeasure.get(target.measure)!;
    if (!years.has(year)) years.set(year, { year, contracts: new Set(), required: 0, delivered: 0, deliveredCount: 0 });
    const acc = years.get(year)!;
    acc.contracts.add(record.tenderId);
    acc.required += target.targetValue;
    if (target.delivered !== null) {
      acc.delivered += target.delivered;
      acc.deliveredCount++;
    }
  }

  const measureOrder = (m: string) => (isMeasure(m) ? Object.keys(measures).indexOf(m) : Number.MAX_SAFE_INTEGER);
  return {
    counts: { met: count('met'), inProgress: count('in_progress'), notMet: count('not_met') },
    measures: [...byMeasure.entries()]
      .sort(([a], [b]) => measureOrder(a) - measureOrder(b))
      .map(([measure, years]) => {
        const sum = isMeasure(measure) && additive.has(measure);
        const decimals = isMeasure(measure) ? measures[measure].decimals : 2;
        const figure = (value: number) => formatFigure(value, decimals, lang);
        const totals = [...years.values()]
          .sort((a, b) => a.year.localeCompare(b.year))
          .map((acc) => {
            const contracts = acc.contracts.size;
            const required = sum ? acc.required : acc.required / contracts;
            const delivered = sum ? acc.delivered : acc.deliveredCount ? acc.delivered / acc.deliveredCount : null;
            return { year: acc.year, contracts, required, delivered: delivered ?? 0, deliveredKnown: delivered !== null };
          });
        const name = label(lang, 'contracts.measures', `${measure}.label`);
        const unit = label(lang, 'contracts.measures', `${measure}.unit`);
        const chart = requirementRecordChart(totals);
        const deliveredText = (row: (typeof totals)[number]) => (row.deliveredKnown ? figure(row.delivered) : '–');
        return {
          measure,
          heading: t(lang, 'contractPages.requirement.measureHeading', { label: name, unit }),
          note: t(lang, sum ? 'contractPages.requirement.sumNote' : 'contractPages.requirement.meanNote'),
          chartTitle: t(lang, 'contractPages.requirement.chartTitle', { label: name }),
          caption: t(lang, 'contractPages.requirement.tableCaption', { label: name }),
          chart: {
            width: chart.width,
            height: chart.height,
            rows: chart.rows.map((row) => ({
              ...row,
              totals: t(lang, 'contractPages.requirement.totals', { required: figure(row.required), delivered: deliveredText(row) }),
            })),
          },
          legend: [
            { colour: recordColours.required, label: t(lang, 'contractPages.requirement.legendRequired') },
            { colour: recordColours.delivered, label: t(lang, 'contractPages.requirement.legendDelivered') },
          ],
          rows: totals.map((row) => ({ year: row.year, contracts: row.contracts, required: figure(row.required), requiredValue: row.required, delivered: deliveredText(row), deliveredValue: row.delivered })),
        };
      }),
  };
}

export async function contractRoutes(app: FastifyInstance) {
  app.get('/kontrakter', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const filter = { overBudget: checked(query.overBudget), late: checked(query.late) };
    const today = copenhagenDate(new Date());
    const all = await recordsWithTitles(app.db, await contractTenderIds(app.db));
    const shown = all.filter(({ record }) => (!filter.overBudget || record.overBudget) && (!filter.late || isLate(record, today)));
    return reply.view('pages/contracts', {
      pageTitle: t(lang, 'contractPages.list.pageTitle'),
      filter,
      filtered: filter.overBudget || filter.late,
      count: shown.length === 1 ? t(lang, 'contractPages.list.countOne') : t(lang, 'contractPages.list.count', { count: shown.length }),
      contracts: shown.map(({ record, title }) => presentContractRow(record, title, today, lang)),
    });
  });

  app.get<{ Params: { cvr: string } }>('/leverandoer/:cvr', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const cvr = request.params.cvr;
    const notFound = () => renderError(reply, 404, t(lang, 'contractPages.supplier.notFoundTitle'), t(lang, 'contractPages.supplier.notFoundMessage', { cvr }));
    if (!/^\d{8}$/.test(cvr)) return notFound();
    const contracts = await recordsWithTitles(app.db, await contractTenderIds(app.db, { supplierCvr: cvr }));
    if (contracts.length === 0) return notFound();
    const today = copenhagenDate(new Date());
    const targets = contracts.flatMap(({ record }) => record.targets);
    const count = (status: TargetStatus) => targets.filter((target) => target.status === status).length;
    // The name on the latest signing: a firm may have changed its name since an older contract.
    const name = contracts[0]!.record.supplierName;
    return reply.view('pages/supplier', {
      pageTitle: t(lang, 'contractPages.supplier.pageTitle', { name }),
      supplier: { name, cvr },
      contractCount: contracts.length,
      targetsMet: t(lang, 'contractPages.supplier.targetsMetValue', { met: count('met'), total: targets.length, inProgress: count('in_progress'), notMet: count('not_met') }),
      contracts: contracts.map(({ record, title }) => presentContractRow(record, title, today, lang)),
      ratings: contracts.flatMap(({ record, title }) => supplierRatings(record, title, lang)),
    });
  });
}

/** A contract's published ratings as rows of the supplier's record. */
function supplierRatings(record: ContractRecord, title: string, lang: Lang) {
  return record.ratings
    .filter((rating) => rating.publishedAt !== null)
    .map((rating) => ({
      title,
      href: `/udbud/${encodeURIComponent(record.tenderId)}`,
      occasion: label(lang, 'contracts.occasion', rating.occasion),
      ratedOn: formatDate(rating.ratedOn, lang),
      overall: label(lang, 'contracts.rating', rating.overall),
      overallBadge: ratingBadge[rating.overall],
      reason: rating.reason,
      replied: rating.reply !== null,
      items: rating.items.map((item) => {
        const target = record.targets.find((candidate) => candidate.id === item.targetId);
        return { target: target ? targetName(target, lang) : '', rating: label(lang, 'contracts.rating', item.rating) };
      }),
    }));
}

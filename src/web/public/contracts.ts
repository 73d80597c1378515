import type { FastifyInstance } from 'fastify';
import { loadContract, type ContractRecord } from '../../contracts/records.js';
import { contractList, requirementRecord, supplierContracts } from '../../contracts/summaries.js';
import type { Db } from '../../db/database.js';
import { aggregateOf, isMeasure, measures } from '../../domain/contract.js';
import { copenhagenDate } from '../../domain/period.js';
import { label, t, type Lang } from '../../i18n/index.js';
import { formatDate, formatFigure } from '../../wording/format.js';
import { recordColours, requirementRecordChart } from '../charts/requirement-record.js';
import { renderError } from '../errors.js';
import { presentContract, presentContractRow, ratingBadge, targetName } from './contract-present.js';

// The public side of contracts after signing: the contract section of a tender page, /kontrakter
// (filtered by "over budget" and "late"), a supplier's record by CVR, and a requirement's record
// across contracts on /krav/{code}. Read only; public readers never see draft ratings.

/** The contract section of a tender page, or null when the tender has no contract. */
export async function contractSection(db: Db, tenderId: string, lang: Lang) {
  const record = await loadContract(db, tenderId);
  return record ? presentContract(record, lang) : null;
}

/** A checkbox in the query: on when it says "true" (a repeated parameter counts when any copy does). */
const checked = (value: unknown) => (Array.isArray(value) ? value.includes('true') : value === 'true');

/**
 * A requirement's record across contracts in words and as a chart: the figures are
 * contracts/summaries.ts' requirementRecord (the same the API gives), per measure and per year the
 * contracts were signed; null when no contract has a target for the code.
 */
export async function requirementRecordPage(db: Db, code: string, lang: Lang) {
  const record = await requirementRecord(db, code);
  if (record.targets.total === 0) return null;
  return {
    counts: { met: record.targets.met, inProgress: record.targets.inProgress, notMet: record.targets.notMet },
    measures: record.measures.map(({ measure, years }) => {
      const sum = aggregateOf(measure) === 'sum';
      const decimals = isMeasure(measure) ? measures[measure].decimals : 2;
      const figure = (value: number) => formatFigure(value, decimals, lang);
      const totals = years.map((y) => ({ year: String(y.year), contracts: y.contracts, required: y.required, delivered: y.delivered ?? 0, deliveredKnown: y.delivered !== null }));
      const name = label(lang, 'contracts.measures', `${measure}.label`);
      const unit = label(lang, 'contracts.measures', `${measure}.unit`);
      const chart = requirementRecordChart(totals);
      const deliveredText = (row: (typeof totals)[number]) => (row.deliveredKnown ? figure(row.delivered) : '–');
      return {
        measure,
        // "Lærlingeår" needs no "(lærlingeår)" after it; "Klimapåvirkning (LCA)" does get its unit.
        heading: name.toLowerCase() === unit.toLowerCase() ? name : t(lang, 'contractPages.requirement.measureHeading', { label: name, unit }),
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
    // A box not ticked filters nothing; a ticked one keeps the contracts that are (the API's filter).
    const { contracts, titles } = await contractList(app.db, { overBudget: filter.overBudget || undefined, late: filter.late || undefined }, today);
    return reply.view('pages/contracts', {
      pageTitle: t(lang, 'contractPages.list.pageTitle'),
      filter,
      filtered: filter.overBudget || filter.late,
      count: contracts.length === 1 ? t(lang, 'contractPages.list.countOne') : t(lang, 'contractPages.list.count', { count: contracts.length }),
      contracts: contracts.map((record) => presentContractRow(record, titles.get(record.tenderId) ?? record.tenderId, today, lang)),
    });
  });

  app.get<{ Params: { cvr: string } }>('/leverandoer/:cvr', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const cvr = request.params.cvr;
    const notFound = () => renderError(reply, 404, t(lang, 'contractPages.supplier.notFoundTitle'), t(lang, 'contractPages.supplier.notFoundMessage', { cvr }));
    if (!/^\d{8}$/.test(cvr)) return notFound();
    const today = copenhagenDate(new Date());
    const { record, contracts, titles } = await supplierContracts(app.db, cvr, today);
    if (record.name === null || contracts.length === 0) return notFound();
    // Newest signing first on the page; the counts are the record's (the API's).
    const newestFirst = [...contracts].reverse();
    const title = (contract: ContractRecord) => titles.get(contract.tenderId) ?? contract.tenderId;
    return reply.view('pages/supplier', {
      pageTitle: t(lang, 'contractPages.supplier.pageTitle', { name: record.name }),
      supplier: { name: record.name, cvr },
      contractCount: record.contracts.length,
      targetsMet: t(lang, 'contractPages.supplier.targetsMetValue', {
        met: record.targets.met,
        total: record.targets.total,
        inProgress: record.targets.inProgress,
        notMet: record.targets.notMet,
      }),
      contracts: newestFirst.map((contract) => presentContractRow(contract, title(contract), today, lang)),
      ratings: newestFirst.flatMap((contract) => supplierRatings(contract, title(contract), lang)),
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

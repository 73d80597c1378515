import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { amountFromInput, parsePlainAmount } from '../../domain/amount.js';
import { copenhagenDate } from '../../domain/period.js';
import { explainProcedure } from '../../domain/procedure.js';
import { contractTypes } from '../../domain/vocabulary.js';
import { firmsOfTenders, POSTAL_CODE, registerPage, TRADE_CODE } from '../../firms/open-data.js';
import { apiEvent, apiFirm, apiProcedure, apiRequirement, apiRule, apiSetRef, apiTender, apiTenderDetail } from '../../opendata/present.js';
import { overallQuestionStats, tenderQuestions } from '../../opendata/questions.js';
import { questionStats } from '../../dialogue/published.js';
import { listRequirements, listThresholdSets, requirementsByCode } from '../../rules/repository.js';
import { loadContract } from '../../contracts/records.js';
import { contractPage, requirementRecord, supplierRecord } from '../../contracts/summaries.js';
import { apiContractSummary, apiRequirementRecord, apiSupplierRecord } from '../../opendata/contracts.js';
import { getTenderDetail, procedureFor } from '../../tenders/detail.js';
import { MAX_AMOUNT_DKK, parseTenderFilter, REQUIREMENT_CODE } from '../../tenders/filter.js';
import { eventsOf, eventsPage } from '../../tenders/events.js';
import { findTender, findTenders, requirementCodesByTender } from '../../tenders/repository.js';
import { tenderPageAfter } from '../../tenders/search.js';
import { thresholdSetInForce } from '../../domain/procedure.js';
import { badParameter, notFound, openData, tenderOpenData } from './errors.js';
import { CVR } from '../../opendata/limits.js';
import { checkParameters, decodeCursor, encodeCursor, nextLink, parseEventPage, parseLimit, type Query } from './paging.js';

// GET /api/v1/… (registered under /api): the JSON API. Lists page with an opaque cursor in a stable order (by id), so a
// harvester walking the pages neither skips nor repeats a tender while tenders change meanwhile.

const FILTER_PARAMETERS = ['q', 'id', 'status', 'workType', 'contractType', 'requirement', 'cpv', 'minValue', 'maxValue', 'includeUnvalued', 'delayed'];

export async function apiV1Routes(app: FastifyInstance) {
  const base = app.config.publicUrl;

  app.get('/v1/tenders', openData, async (request, reply) => {
    const query = (request.query ?? {}) as Query;
    if ('page' in query || 'sort' in query) {
      const name = 'page' in query ? 'page' : 'sort';
      return badParameter(reply, name, 'API’et sider med cursor og sorterer altid efter id; brug cursor og limit');
    }
    const bad = checkParameters(query, [...FILTER_PARAMETERS, 'cursor', 'limit'], ['cursor', 'limit']);
    if (bad) return badParameter(reply, bad.parameter, bad.message);
    const limit = parseLimit(query.limit);
    if (!limit.ok) return badParameter(reply, limit.parameter, limit.message);
    const after = typeof query.cursor === 'string' ? decodeCursor(query.cursor) : null;
    if (query.cursor !== undefined && after === null) return badParameter(reply, 'cursor', 'er ikke en cursor fra links.next');
    const { cursor: _c, limit: _l, ...conditions } = query;
    const parsed = parseTenderFilter(conditions);
    if (!parsed.ok) return badParameter(reply, parsed.errors[0]!.parameter, parsed.errors[0]!.message);

    const rows = await tenderPageAfter(app.db, parsed.filter, after, limit.limit + 1);
    const items = rows.slice(0, limit.limit);
    const [codes, sets, firms] = await Promise.all([requirementCodesByTender(app.db, items.map((r) => r.id)), listThresholdSets(app.db), firmsOfTenders(app.db, items)]);
    const now = new Date();
    const nextCursor = rows.length > limit.limit ? encodeCursor(items.at(-1)!.id) : null;
    return {
      items: items.map((row) => apiTender(base, row, codes.get(row.id) ?? [], procedureFor(row, sets, now), firms.get(row.id)!)),
      nextCursor,
      links: { next: nextCursor ? nextLink(base, '/api/v1/tenders', query, nextCursor) : null },
    };
  });

  app.get<{ Params: { id: string } }>('/v1/tenders/:id', tenderOpenData, async (request, reply) => {
    const detail = await getTenderDetail(app.db, request.params.id);
    if (!detail) return notFound(reply, `Der er intet udbud med id ${request.params.id}.`);
    const [firms, questions, contract] = await Promise.all([firmsOfTenders(app.db, [detail.row]), questionStats(app.db, detail.row.id), loadContract(app.db, detail.row.id)]);
    return apiTenderDetail(base, detail, firms.get(detail.row.id)!, questions, contract);
  });

  // Signed contracts with their follow-up, by tender id, a page at a time; overBudget and late filter.
  app.get('/v1/contracts', openData, async (request, reply) => {
    const query = (request.query ?? {}) as Query;
    const bad = checkParameters(query, ['overBudget', 'late', 'cursor', 'limit']);
    if (bad) return badParameter(reply, bad.parameter, bad.message);
    const flags: { overBudget?: boolean; late?: boolean } = {};
    for (const name of ['overBudget', 'late'] as const) {
      const value = query[name];
      if (value === undefined) continue;
      if (value !== 'true' && value !== 'false') return badParameter(reply, name, 'skal være true eller false');
      flags[name] = value === 'true';
    }
    const limit = parseLimit(query.limit);
    if (!limit.ok) return badParameter(reply, limit.parameter, limit.message);
    const after = typeof query.cursor === 'string' ? decodeCursor(query.cursor) : null;
    if (query.cursor !== undefined && after === null) return badParameter(reply, 'cursor', 'er ikke en cursor fra links.next');
    const records = await contractPage(app.db, flags, after, limit.limit + 1);
    const items = records.slice(0, limit.limit);
    const titles = new Map((await findTenders(app.db, items.map((r) => r.tenderId))).map((tender) => [tender.row.id, tender.row.title]));
    const nextCursor = records.length > limit.limit ? encodeCursor(items.at(-1)!.tenderId) : null;
    return {
      items: items.map((record) => apiContractSummary(base, record, titles.get(record.tenderId) ?? record.tenderId)),
      nextCursor,
      links: { next: nextCursor ? nextLink(base, '/api/v1/contracts', query, nextCursor) : null },
    };
  });

  // A supplier's contracts with the municipality, targets met and ratings (empty for a CVR number without one).
  app.get<{ Params: { cvr: string } }>('/v1/suppliers/:cvr', openData, async (request, reply) => {
    const { cvr } = request.params;
    if (!CVR.test(cvr)) return badParameter(reply, 'cvr', 'skal være et CVR-nummer på 8 cifre');
    return apiSupplierRecord(base, await supplierRecord(app.db, cvr));
  });

  // A requirement's record across contracts: targets met, in progress and not met, required and delivered per year.
  app.get<{ Params: { code: string } }>('/v1/requirements/:code/record', openData, async (request, reply) => {
    const { code } = request.params;
    if (!REQUIREMENT_CODE.test(code)) return badParameter(reply, 'code', 'skal være en kravkode som SOC-APPRENTICE (store bogstaver, tal og bindestreg)');
    if (!(await requirementsByCode(app.db, [code])).has(code)) return notFound(reply, `Der er intet krav med koden ${code}.`);
    return apiRequirementRecord(base, await requirementRecord(app.db, code));
  });

  // The published questions and answers of a tender, every version of each answer; never who asked.
  app.get<{ Params: { id: string } }>('/v1/tenders/:id/questions', tenderOpenData, async (request, reply) => {
    if (!(await findTender(app.db, request.params.id))) return notFound(reply, `Der er intet udbud med id ${request.params.id}.`);
    return tenderQuestions(app.db, base, request.params.id);
  });

  // Questions and the median time to answer, over all tenders.
  app.get('/v1/questions/stats', openData, async () => overallQuestionStats(app.db));

  app.get<{ Params: { id: string } }>('/v1/tenders/:id/events', tenderOpenData, async (request, reply) => {
    if (!(await findTender(app.db, request.params.id))) return notFound(reply, `Der er intet udbud med id ${request.params.id}.`);
    const events = await eventsOf(app.db, request.params.id);
    return { items: events.map((e) => apiEvent(base, e, app.config.procurementDepartment)) };
  });

  app.get('/v1/events', openData, async (request, reply) => {
    const query = (request.query ?? {}) as Query;
    const parsed = parseEventPage(query);
    if (!parsed.ok) return badParameter(reply, parsed.parameter, parsed.message);
    const { since, afterId, limit } = parsed.page;
    const events = await eventsPage(app.db, { since, afterId, limit: limit + 1 });
    const items = events.slice(0, limit);
    const nextCursor = events.length > limit ? encodeCursor(items.at(-1)!.id) : null;
    return {
      items: items.map((e) => apiEvent(base, e, app.config.procurementDepartment)),
      nextCursor,
      links: { next: nextCursor ? nextLink(base, '/api/v1/events', query, nextCursor) : null },
    };
  });

  // The firm register: approved firms that chose to be listed, by CVR number, a page at a time.
  app.get('/v1/firms', openData, async (request, reply) => {
    const query = (request.query ?? {}) as Query;
    const bad = checkParameters(query, ['trade', 'postalCode', 'local', 'cursor', 'limit']);
    if (bad) return badParameter(reply, bad.parameter, bad.message);
    const { trade, postalCode, local, cursor } = query as Record<string, string | undefined>;
    if (trade !== undefined && !TRADE_CODE.test(trade)) return badParameter(reply, 'trade', 'skal være en fagkode som tomrer eller el-installation (små bogstaver, tal og bindestreg)');
    if (postalCode !== undefined && !POSTAL_CODE.test(postalCode)) return badParameter(reply, 'postalCode', 'skal være et postnummer på 4 cifre');
    if (local !== undefined && local !== 'true' && local !== 'false') return badParameter(reply, 'local', 'skal være true eller false');
    const limit = parseLimit(query.limit);
    if (!limit.ok) return badParameter(reply, limit.parameter, limit.message);
    const afterCvr = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && (afterCvr === null || !/^\d{8}$/.test(afterCvr))) return badParameter(reply, 'cursor', 'er ikke en cursor fra links.next');
    const rows = await registerPage(app.db, {
      trade,
      postalCode,
      localPostcodes: local === 'true' ? app.config.localPostcodes : undefined,
      afterCvr,
      limit: limit.limit + 1,
    });
    const items = rows.slice(0, limit.limit);
    const nextCursor = rows.length > limit.limit ? encodeCursor(items.at(-1)!.cvr) : null;
    return {
      items: items.map(apiFirm),
      nextCursor,
      links: { next: nextCursor ? nextLink(base, '/api/v1/firms', query, nextCursor) : null },
    };
  });

  app.get('/v1/thresholds', openData, async () => {
    const sets = await listThresholdSets(app.db);
    return {
      inForce: thresholdSetInForce(sets, copenhagenDate(new Date()))?.id ?? null,
      items: sets.map((set) => ({ ...apiSetRef(set), rules: set.rules.map(apiRule) })),
    };
  });

  app.get('/v1/requirements', openData, async () => {
    const rows = await listRequirements(app.db);
    return { items: rows.map((row) => apiRequirement(base, row)) };
  });

  const procedureQuery = z.object({
    // A plain decimal number, as the OpenAPI document says; blank is missing (see domain/amount.ts).
    amountDkk: z.preprocess(
      (v) => amountFromInput(v, parsePlainAmount),
      z
        .number({ error: (issue) => (issue.input === undefined ? 'mangler' : 'skal være et beløb i kroner skrevet som et decimaltal, fx 3000000 eller 1500000.5') })
        .nonnegative('må ikke være negativ')
        .max(MAX_AMOUNT_DKK, 'er urealistisk stort'),
    ),
    contractType: z.enum(contractTypes, { error: `skal være en af ${contractTypes.join(', ')}` }),
    date: z.iso.date({ error: 'skal være en dato som 2026-11-23' }).optional(),
  });

  app.get('/v1/procedure', openData, async (request, reply) => {
    const query = (request.query ?? {}) as Query;
    const bad = checkParameters(query, ['amountDkk', 'contractType', 'date']);
    if (bad) return badParameter(reply, bad.parameter, bad.message);
    const parsed = procedureQuery.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const name = String(issue.path[0]);
      return badParameter(reply, name, query[name] === undefined ? 'mangler' : issue.message);
    }
    const { amountDkk, contractType, date } = parsed.data;
    const sets = await listThresholdSets(app.db);
    return apiProcedure(explainProcedure(amountDkk, contractType, sets, date ?? copenhagenDate(new Date())));
  });
}

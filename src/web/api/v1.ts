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
import { listRequirements, listThresholdSets } from '../../rules/repository.js';
import { getTenderDetail, procedureFor } from '../../tenders/detail.js';
import { MAX_AMOUNT_DKK, parseTenderFilter } from '../../tenders/filter.js';
import { eventsOf, eventsPage } from '../../tenders/events.js';
import { findTender, requirementCodesByTender } from '../../tenders/repository.js';
import { tenderPageAfter } from '../../tenders/search.js';
import { thresholdSetInForce } from '../../domain/procedure.js';
import { badParameter, notFound, openData } from './errors.js';
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

  app.get<{ Params: { id: string } }>('/v1/tenders/:id', openData, async (request, reply) => {
    const detail = await getTenderDetail(app.db, request.params.id);
    if (!detail) return notFound(reply, `Der er intet udbud med id ${request.params.id}.`);
    const [firms, questions] = await Promise.all([firmsOfTenders(app.db, [detail.row]), questionStats(app.db, detail.row.id)]);
    return apiTenderDetail(base, detail, firms.get(detail.row.id)!, questions);
  });

  // The published questions and answers of a tender, every version of each answer; never who asked.
  app.get<{ Params: { id: string } }>('/v1/tenders/:id/questions', openData, async (request, reply) => {
    if (!(await findTender(app.db, request.params.id))) return notFound(reply, `Der er intet udbud med id ${request.params.id}.`);
    return tenderQuestions(app.db, base, request.params.id);
  });

  // Questions and the median time to answer, over all tenders.
  app.get('/v1/questions/stats', openData, async () => overallQuestionStats(app.db));

  app.get<{ Params: { id: string } }>('/v1/tenders/:id/events', openData, async (request, reply) => {
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

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PublicDecision } from '../../domain/decision.js';
import { copenhagenDate } from '../../domain/period.js';
import { contractTypes, tenderStatuses, workTypes } from '../../domain/vocabulary.js';
import { requirementChoices } from '../../rules/repository.js';
import { getTenderDetail } from '../../tenders/detail.js';
import {
  effectiveSort,
  filterToQuery,
  includesUnvalued,
  parseTenderFilter,
  sortLabel,
  sortOrders,
  type TenderFilter,
} from '../../tenders/filter.js';
import { searchTenders } from '../../tenders/search.js';
import { outcomesOf } from '../../tenders/outcomes.js';
import type { TenderRow } from '../../db/types.js';
import { t, type Lang } from '../../i18n/index.js';
import { renderError } from '../errors.js';
import { roundOf } from '../../firms/invitations.js';
import { interestCount } from '../../firms/interest.js';
import { underhandSection } from './underhand.js';
import { formatCount, formatDate, formatDateTime, formatDkk, isoInstant } from '../../wording/format.js';
import { contractTypeLabel, statusLabel, workTypeLabel } from '../../wording/labels.js';
import { expectedPublicationLabel } from '../../wording/period.js';
import { interestPanel, type TypedNote } from './firms/interest-panel.js';
import { tenderTimeline } from './tender-timeline.js';
import { dialogueHistory } from './dialogue/history.js';
import { questionsSection } from './questions.js';
import { contractSection } from './contracts.js';
import { countdown, presentCpv, presentDecision, presentEvent, presentRequirement, presentTenderSummary } from '../present.js';

const options = <T extends string>(values: readonly T[], selected: readonly string[] | undefined, label: (v: T, lang: Lang) => string, lang: Lang = 'da') =>
  values.map((value) => ({ value, label: label(value, lang), selected: selected?.includes(value) ?? false }));

const latest = <K extends PublicDecision['kind']>(decisions: readonly PublicDecision[], kind: K) =>
  decisions.filter((d): d is Extract<PublicDecision, { kind: K }> => d.kind === kind).at(-1) ?? null;

/** "Standstill udløber 3. december 2026 (om 6 dage)" while an award's standstill runs; else null. */
function runningStandstill(status: string, decisions: readonly PublicDecision[], today: string, lang: Lang = 'da') {
  const award = status === 'awarded' ? latest(decisions, 'award') : null;
  const endsOn = award?.standstillEndsOn;
  const left = endsOn ? countdown(endsOn, today, lang) : null;
  return endsOn && left ? { endsOn: formatDate(endsOn, lang), endsOnIso: endsOn, countdown: left } : null;
}

/** The search fields of a filter, for /udbud and the subscription manage page, with labels in `lang`. */
export async function filterForm(app: FastifyInstance, filter: Partial<TenderFilter>, raw: Record<string, unknown>, lang: Lang = 'da') {
  const requirements = await requirementChoices(app.db);
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  return {
    q: text('q'),
    cpv: text('cpv'),
    minValue: text('minValue'),
    maxValue: text('maxValue'),
    statuses: options(tenderStatuses, filter.status, statusLabel, lang),
    workTypes: options(workTypes, filter.workType, workTypeLabel, lang),
    contractTypes: options(contractTypes, filter.contractType, contractTypeLabel, lang),
    requirements: requirements.map((r) => ({
      value: r.code,
      label: `${r.title} (${r.code})`,
      selected: filter.requirement?.includes(r.code) ?? false,
    })),
    includeUnvalued: filter.includeUnvalued ?? true,
    delayed: filter.delayed === undefined ? '' : String(filter.delayed),
    sorts: sortOrders.map((value) => ({
      value,
      label: sortLabel(value, lang),
      selected: filter.sort ? filter.sort === value : false,
    })),
  };
}

/** The list's rows, with winner and value for the decided ones and today's date for the countdowns. */
export async function summariesWithOutcomes(app: FastifyInstance, rows: TenderRow[], lang: Lang) {
  const outcomes = await outcomesOf(app.db, rows.map((row) => row.id));
  const today = copenhagenDate(new Date());
  return rows.map((row) => presentTenderSummary(row, lang, { today, outcome: outcomes.get(row.id) }));
}

export async function tenderRoutes(app: FastifyInstance) {
  app.get('/udbud', { config: { cacheable: true } }, async (request, reply) => {
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const lang = request.lang;
    const parsed = parseTenderFilter(raw, lang);
    if (!parsed.ok) {
      reply.code(400);
      return reply.view('pages/tenders', {
        pageTitle: t(lang, 'tenders.list.pageTitleError'),
        errors: parsed.errors,
        form: await filterForm(app, {}, raw, lang),
      });
    }
    const { filter } = parsed;
    const [result, form] = await Promise.all([searchTenders(app.db, filter), filterForm(app, filter, raw, lang)]);
    const pageLink = (page: number) => `/udbud?${filterToQuery(filter, { page })}`;
    const searchQuery = filterToQuery(filter);
    const withQuery = (path: string) => (searchQuery ? `${path}?${searchQuery}` : path);
    const follow = {
      rss: withQuery('/feeds/udbud.rss'),
      atom: withQuery('/feeds/udbud.atom'),
      ics: withQuery('/kalender/udbud.ics'),
      email: withQuery('/abonnement'),
      csv: withQuery('/udbud.csv'),
    };
    return reply.view('pages/tenders', {
      pageTitle: filter.q ? t(lang, 'tenders.list.pageTitleSearch', { q: filter.q }) : t(lang, 'tenders.list.pageTitle'),
      form,
      sortLabel: sortLabel(effectiveSort(filter), lang),
      valueFilterActive: filter.minValue !== undefined || filter.maxValue !== undefined,
      unvaluedIncluded: includesUnvalued(filter),
      follow,
      total: result.total,
      // Above the cut-off the heading says "more than 10.000" and the pager "page 3 of more than 500".
      moreThanTotal: result.totalExact ? null : formatCount(result.total, lang),
      tenders: await summariesWithOutcomes(app, result.items, lang),
      pagination:
        result.pageCount > 1 || result.hasNext
          ? {
              page: result.page,
              pageCount: result.pageCount,
              pageCountIsLowerBound: !result.totalExact,
              previous: result.page > 1 ? pageLink(result.page - 1) : null,
              next: result.hasNext ? pageLink(result.page + 1) : null,
            }
          : null,
    });
  });

  app.get<{ Params: { id: string } }>('/udbud/:id', { config: { cacheable: true, cacheTender: (params) => params.id } }, async (request, reply) => tenderPage(request, reply, request.params.id));
}

/**
 * The public page of one tender; `typed` shows a firm's interest note again with why it was
 * refused (the page then answers 400).
 */
export async function tenderPage(request: FastifyRequest, reply: FastifyReply, id: string, typed: TypedNote | null = null) {
  const app = request.server;
  const lang = request.lang;
  const now = new Date();
  const detail = await getTenderDetail(app.db, id, now, lang);
  if (!detail) {
    return renderError(reply, 404, t(lang, 'errors.tenderNotFoundTitle'), t(lang, 'errors.tenderNotFoundMessage', { id }));
  }
  const { row, procedure, decisions } = detail;
  // The page's sections read their own tables: all at once, as a cold render waits for the slowest.
  const [round, interested, interest, dialogue, questions, contract] = await Promise.all([
    roundOf(app.db, row.id),
    interestCount(app.db, row.id),
    interestPanel(request, reply, row, typed),
    dialogueHistory(app.db, row.id, lang),
    questionsSection(request, reply, row),
    contractSection(app.db, row.id, lang),
  ]);
  const awarded = row.status === 'awarded' || row.status === 'contracted' ? latest(decisions, 'award') : null;
  // An officer's cancellation carries its own reason; DBD's column is DBD's to overwrite.
  const cancelledBy = row.status === 'cancelled' ? latest(decisions, 'cancellation') : null;
  if (typed) reply.code(400);
  return reply.view('pages/tender', {
    pageTitle: row.title,
    tender: {
      ...presentTenderSummary(row, lang),
      description: row.description,
      address: [row.property_address, [row.property_postal_code, row.property_city].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', '),
      propertyName: row.property_name,
      expectedContractStart: row.expected_contract_start ? formatDate(row.expected_contract_start, lang) : null,
      isPublished: row.status === 'published',
      deadline: row.tender_deadline ? formatDateTime(row.tender_deadline, lang) : null,
      deadlineIso: row.tender_deadline ? isoInstant(row.tender_deadline) : null,
      expectedPublication: expectedPublicationLabel(row.expected_publication, lang),
      value: row.estimated_value_dkk === null ? null : t(lang, 'format.exVat', { amount: formatDkk(row.estimated_value_dkk, lang) }),
      cpv: row.cpv_codes.map((code) => presentCpv(code, lang)),
      platformUrl: row.platform_url,
      referenceNumber: row.reference_number,
      contact: row.contact_name || row.contact_email || row.contact_phone
        ? { name: row.contact_name, email: row.contact_email, phone: row.contact_phone }
        : null,
      isCancelled: row.status === 'cancelled',
      cancellationReason: row.status === 'cancelled' ? (cancelledBy?.reason ?? row.cancellation_reason) : null,
      summary: row.summary,
      bidderNotes: row.bidder_notes,
      revision: row.revision,
      lastModified: formatDateTime(row.dbd_last_modified, lang),
    },
    procedure: {
      text: procedure.text,
      rule: procedure.kind === 'classified' ? procedure.rule : null,
      setName: procedure.kind === 'classified' || procedure.kind === 'no_rule' ? procedure.set.name : null,
    },
    requirements: detail.requirements.map(({ code, requirement }) =>
      requirement ? presentRequirement(requirement, lang) : { code, unknown: true },
    ),
    standstill: runningStandstill(row.status, decisions, copenhagenDate(now), lang),
    timeline: tenderTimeline(row, decisions, now, lang),
    decisions: decisions.map((decision) => presentDecision(decision, lang)),
    underhand: underhandSection(round, interested, awarded, lang),
    events: detail.events.map((event) => presentEvent(event, app.config.procurementDepartment, lang)),
    interest,
    dialogue,
    questions,
    contract,
  });
}

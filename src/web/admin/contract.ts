import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { changeSchema, checkResponseSchema, checkSchema, completionSchema, progressSchema } from '../../contracts/followup-forms.js';
import { completeContract, DeMinimisRefused, recordChange, recordCheck, recordCheckResponse, recordProgress } from '../../contracts/followup.js';
import { loadContract, type ContractRecord, type TargetRecord } from '../../contracts/records.js';
import { DecisionRefused } from '../../decisions/service.js';
import { changeReasons, checkOutcomes, legalBases, sanctions } from '../../domain/contract.js';
import { copenhagenDate } from '../../domain/period.js';
import type { TenderRow } from '../../db/types.js';
import { label, t, type Lang, type TranslationKey } from '../../i18n/index.js';
import { findTender, requirementCodesOf } from '../../tenders/repository.js';
import { formatDate, formatDkk, formatFigure, formatShare } from '../../wording/format.js';
import { contractTypeLabel, statusLabel } from '../../wording/labels.js';
import { renderError } from '../errors.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';

// /admin/udbud/:id/kontrakt: the officers' follow-up of a signed contract. The contract's facts,
// its targets with the latest progress, the checks (each with a form for the supplier's response),
// the changes with their cumulative share of the original value and §180's warning, completion,
// and a link to the ratings. Each action is its own form and POST route; a form with errors comes
// back with 400, the errors next to the fields and what was typed kept. Fields carry their form's
// scope as a prefix ("change-reason") so ids stay unique on the page.

type Scope = 'progress' | 'check' | 'response' | 'change' | 'complete';

const paths = {
  progress: 'fremdrift',
  check: 'kontrol',
  change: 'aendring',
  complete: 'afslut',
} as const;

/** ?gemt= after a save → the message's key. */
const savedMessages: Record<string, TranslationKey> = {
  fremdrift: 'contractFollowup.saved.progress',
  kontrol: 'contractFollowup.saved.check',
  svar: 'contractFollowup.saved.response',
  aendring: 'contractFollowup.saved.change',
  afslut: 'contractFollowup.saved.complete',
};

/** The form that was posted and shown again. */
interface PostedForm {
  scope: Scope;
  /** The check a response form belongs to. */
  checkId?: number;
  typed: Record<string, string>;
  errors: FieldErrors;
  /** A refusal of the whole form (completed, not signed), in the reader's language. */
  message?: string;
  /** §180's warning on the change form, when a legal basis is missing. */
  deMinimis?: string;
}

/** A figure with its unit: "2,5 lærlingeår", "7,5 kg CO₂e/m²/år", "40 %". */
function quantity(value: number, target: TargetRecord, lang: Lang): string {
  const unit = target.measure ? t(lang, `contracts.measures.${target.measure}.unit` as TranslationKey) : (target.unit ?? '');
  return unit ? `${formatFigure(value, 2, lang)} ${unit}` : formatFigure(value, 2, lang);
}

/** A target's name: the requirement code with its measure, or the KPI's title. */
function targetName(target: TargetRecord, lang: Lang): string {
  if (target.kind === 'kpi') return `${target.title ?? ''} (${t(lang, 'contractFollowup.targets.kpi')})`;
  return `${target.requirementCode}: ${t(lang, `contracts.measures.${target.measure}.label` as TranslationKey)}`;
}

/** Kroner with a sign: "+1.440.000 kr.", "-120.000 kr.". */
const signedDkk = (amount: number, lang: Lang) => (amount > 0 ? `+${formatDkk(amount, lang)}` : formatDkk(amount, lang));

const percentText = (percent: number | null, lang: Lang) => (percent === null ? '–' : formatShare(percent / 100, lang));

function deMinimisWarning(record: ContractRecord, lang: Lang): string | null {
  if (!record.deMinimis.crosses) return null;
  const percent = percentText(record.totals.cumulativePercent, lang);
  const limit = `${record.deMinimis.limitPercent} %`;
  return record.euThresholdDkk === null
    ? t(lang, 'contractFollowup.changes.warningNoThreshold', { percent, limit })
    : t(lang, 'contractFollowup.changes.warningText', { percent, limit, threshold: formatDkk(record.euThresholdDkk, lang) });
}

const options = (values: readonly string[], group: string, lang: Lang) => values.map((value) => ({ value, label: label(lang, group, value) }));

export async function contractAdminRoutes(app: FastifyInstance) {
  async function page(row: TenderRow, record: ContractRecord, posted: PostedForm | null, saved: string | null, lang: Lang) {
    const codes = await requirementCodesOf(app.db, row.id);
    const adminPath = `/admin/udbud/${encodeURIComponent(row.id)}`;
    const contractPath = `${adminPath}/kontrakt`;
    const completed = record.completedAt !== null;
    const typedFor = (scope: Scope) => (posted?.scope === scope ? posted.typed : {});
    const errorsFor = (scope: Scope) => (posted?.scope === scope ? posted.errors : {});
    const fieldId = (posted: PostedForm, field: string) =>
      posted.scope === 'response' ? `response-${posted.checkId}-${field}` : `${posted.scope}-${field}`;

    const facts = [
      { label: t(lang, 'contractFollowup.page.supplier'), value: record.supplierName },
      { label: t(lang, 'contractFollowup.page.cvr'), value: record.supplierCvr },
      { label: t(lang, 'contractFollowup.page.contractType'), value: contractTypeLabel(record.contractType, lang) },
      { label: t(lang, 'contractFollowup.page.originalValue'), value: formatDkk(record.originalValueDkk, lang) },
      { label: t(lang, 'contractFollowup.page.currentValue'), value: formatDkk(record.totals.currentValueDkk, lang) },
      {
        label: t(lang, 'contractFollowup.page.cumulativeChange'),
        value: `${signedDkk(record.totals.cumulativeDkk, lang)} (${percentText(record.totals.cumulativePercent, lang)})`,
      },
      { label: t(lang, 'contractFollowup.page.signedOn'), value: formatDate(record.signedOn, lang) },
      { label: t(lang, 'contractFollowup.page.agreedHandover'), value: formatDate(record.agreedHandoverOn, lang) },
      ...(record.plannedHandoverOn !== record.agreedHandoverOn
        ? [{ label: t(lang, 'contractFollowup.page.plannedHandover'), value: formatDate(record.plannedHandoverOn, lang) }]
        : []),
      ...(completed
        ? [
            { label: t(lang, 'contractFollowup.page.finalValue'), value: formatDkk(record.finalValueDkk ?? 0, lang) },
            { label: t(lang, 'contractFollowup.page.handoverOn'), value: formatDate(record.handoverOn!, lang) },
            { label: t(lang, 'contractFollowup.page.daysLate'), value: String(record.daysLate ?? 0) },
          ]
        : []),
      { label: t(lang, 'contractFollowup.page.overBudget'), value: t(lang, record.overBudget ? 'contractFollowup.page.yes' : 'contractFollowup.page.no') },
    ];

    const checks = record.checks.map((check) => {
      const ownPosted = posted?.scope === 'response' && posted.checkId === check.id ? posted : null;
      return {
        id: check.id,
        date: formatDate(check.checkedOn, lang),
        subject: check.subject,
        requirement: check.requirementCode ?? '–',
        outcome: label(lang, 'contracts.outcome', check.outcome),
        outcomeBadge: check.outcome === 'compliant' ? 'badge-success' : check.outcome === 'finding' ? 'badge-warning' : 'badge-error',
        sanction:
          check.sanction === 'fine' && check.fineDkk !== null
            ? t(lang, 'contractFollowup.checks.fine', { amount: formatDkk(check.fineDkk, lang) })
            : label(lang, 'contracts.sanction', check.sanction),
        note: check.note,
        response: check.supplierResponse,
        form: {
          action: `${contractPath}/kontrol/${check.id}/svar`,
          name: `response-${check.id}-response`,
          legend: t(lang, 'contractFollowup.responseForm.legend', { date: formatDate(check.checkedOn, lang) }),
          value: ownPosted ? (ownPosted.typed.response ?? '') : (check.supplierResponse ?? ''),
          error: ownPosted?.errors.response ?? null,
          open: ownPosted !== null,
          toggle: t(lang, check.supplierResponse ? 'contractFollowup.responseForm.openReplace' : 'contractFollowup.responseForm.open'),
        },
      };
    });

    return {
      pageTitle: t(lang, 'contractFollowup.page.pageTitle', { title: row.title }),
      tender: { id: row.id, title: row.title, status: statusLabel(row.status, lang), adminPath, publicPath: `/udbud/${encodeURIComponent(row.id)}` },
      contractPath,
      ratingsPath: `${contractPath}/vurderinger`,
      facts,
      completed,
      completionText: completed
        ? t(lang, 'contractFollowup.completion.done', {
            date: formatDate(copenhagenDate(record.completedAt!), lang),
            handover: formatDate(record.handoverOn!, lang),
            late: record.daysLate ? t(lang, 'contractFollowup.completion.late', { days: record.daysLate }) : t(lang, 'contractFollowup.completion.onTime'),
          })
        : null,
      completionIntro: t(lang, 'contractFollowup.completion.intro', { date: formatDate(record.plannedHandoverOn, lang) }),
      targets: record.targets.map((target) => ({
        id: target.id,
        name: targetName(target, lang),
        required: `${t(lang, `contracts.direction.${target.direction}` as TranslationKey)} ${quantity(target.targetValue, target, lang)}`,
        delivered: target.delivered === null ? null : quantity(target.delivered, target, lang),
        observedOn: target.deliveredOn ? formatDate(target.deliveredOn, lang) : null,
        status: label(lang, 'contracts.targetStatus', target.status),
      })),
      targetOptions: record.targets.map((target) => ({ value: String(target.id), label: targetName(target, lang) })),
      checks,
      changes: record.changes.map((change) => ({
        date: formatDate(change.changedOn, lang),
        reason: label(lang, 'contracts.changeReason', change.reason),
        reasonText: change.reasonText,
        description: change.description,
        valueChange: signedDkk(change.valueChangeDkk, lang),
        cumulative: `${signedDkk(change.cumulativeDkk, lang)} (${percentText(change.cumulativePercent, lang)})`,
        newEnd: change.newEndOn ? formatDate(change.newEndOn, lang) : '–',
        legalBasis: change.legalBasis ? label(lang, 'contracts.legalBasis', change.legalBasis) : '–',
        crosses: change.crossesDeMinimis,
      })),
      deMinimisWarning: deMinimisWarning(record, lang),
      legalBasisHint: t(lang, 'contractFollowup.changeForm.legalBasisHint', { limit: `${record.deMinimis.limitPercent} %` }),
      changeWarning: posted?.scope === 'change' ? (posted.deMinimis ?? null) : null,
      requirementOptions: codes.map((code) => ({ value: code, label: code })),
      outcomeOptions: options(checkOutcomes, 'contracts.outcome', lang),
      sanctionOptions: options(sanctions, 'contracts.sanction', lang),
      reasonOptions: options(changeReasons, 'contracts.changeReason', lang),
      legalBasisOptions: options(legalBases, 'contracts.legalBasis', lang),
      saved: saved && Object.hasOwn(savedMessages, saved) ? t(lang, savedMessages[saved]!) : null,
      refusal: posted?.message ?? null,
      openForm: posted && posted.scope !== 'response' ? posted.scope : null,
      errorList: posted ? Object.entries(posted.errors).map(([field, message]) => ({ field: fieldId(posted, field), message })) : [],
      typed: {
        progress: typedFor('progress'),
        check: { sanction: 'none', ...typedFor('check') },
        change: typedFor('change'),
        complete: typedFor('complete'),
      },
      errors: { progress: errorsFor('progress'), check: errorsFor('check'), change: errorsFor('change'), complete: errorsFor('complete') },
    };
  }

  /** The tender and its contract, or an error page already sent (no tender: 404; no contract: 404 saying it is not signed). */
  async function contractOf(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const lang = request.lang;
    const stored = await findTender(app.db, request.params.id);
    if (!stored) {
      await renderError(reply, 404, t(lang, 'errors.tenderNotFoundTitle'), t(lang, 'errors.tenderNotFoundMessage', { id: request.params.id }));
      return null;
    }
    const record = await loadContract(app.db, stored.row.id, { drafts: true });
    if (!record) {
      await renderError(reply, 404, t(lang, 'contractFollowup.page.factsHeading'), t(lang, 'contractFollowup.refusals.notSigned'));
      return null;
    }
    return { row: stored.row, record };
  }

  /** The posted fields of one form, without their scope prefix. */
  function scoped(body: unknown, prefix: string): Record<string, string> {
    return Object.fromEntries(
      Object.entries(typedValues(body))
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
  }

  /** Shows the page again with the posted form as typed, reloading what is saved now. */
  async function again(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, status: number, posted: PostedForm) {
    const found = await contractOf(request, reply);
    if (!found) return reply;
    reply.code(status);
    return reply.view('admin/contract', await page(found.row, found.record, posted, null, request.lang));
  }

  /** A refusal from the service on the page: a field's next to the field, the rest on top. */
  function refusedForm(error: DecisionRefused, scope: Scope, typed: Record<string, string>, lang: Lang, checkId?: number): PostedForm {
    const message = error.messageIn(lang);
    const base = { scope, typed, ...(checkId === undefined ? {} : { checkId }) };
    if (error.code === 'invalid') {
      return { ...base, errors: { [error.field ?? 'form']: message }, ...(error instanceof DeMinimisRefused ? { deMinimis: message } : {}) };
    }
    return { ...base, errors: {}, message };
  }

  const savedHref = (id: string, saved: string) => `/admin/udbud/${encodeURIComponent(id)}/kontrakt?gemt=${saved}`;

  app.get<{ Params: { id: string }; Querystring: { gemt?: string } }>('/admin/udbud/:id/kontrakt', async (request, reply) => {
    const found = await contractOf(request, reply);
    if (!found) return reply;
    const saved = typeof request.query.gemt === 'string' ? request.query.gemt : null;
    return reply.view('admin/contract', await page(found.row, found.record, null, saved, request.lang));
  });

  /** One POST route per action: parse the scoped form, call the service, 303 back or show the form again. */
  function action<S extends z.ZodType>(scope: Exclude<Scope, 'response'>, schema: S, save: (tenderId: string, data: z.infer<S>, request: FastifyRequest) => Promise<unknown>) {
    app.post<{ Params: { id: string } }>(`/admin/udbud/:id/kontrakt/${paths[scope]}`, async (request, reply) => {
      const found = await contractOf(request, reply);
      if (!found) return reply;
      const typed = scoped(request.body, `${scope}-`);
      const form = parseForm(schema, typed, request.lang);
      if (!form.ok) return again(request, reply, 400, { scope, typed, errors: form.errors });
      try {
        await save(found.row.id, form.data, request);
        return reply.redirect(savedHref(found.row.id, paths[scope]), 303);
      } catch (error) {
        if (!(error instanceof DecisionRefused)) throw error;
        return again(request, reply, error.status, refusedForm(error, scope, typed, request.lang));
      }
    });
  }

  action('progress', progressSchema, (id, data, request) => recordProgress(app.db, id, data, request.user!));
  action('check', checkSchema, (id, data, request) => recordCheck(app.db, id, data, request.user!));
  action('change', changeSchema, (id, data, request) => recordChange(app.db, id, data, request.user!));
  action('complete', completionSchema, (id, data, request) => completeContract(app.db, id, data, request.user!));

  app.post<{ Params: { id: string; checkId: string } }>('/admin/udbud/:id/kontrakt/kontrol/:checkId/svar', async (request, reply) => {
    const found = await contractOf(request, reply);
    if (!found) return reply;
    const checkId = /^\d{1,9}$/.test(request.params.checkId) ? Number(request.params.checkId) : null;
    if (checkId === null || !found.record.checks.some((check) => check.id === checkId)) {
      return renderError(reply, 404, t(request.lang, 'contractFollowup.checks.heading'), t(request.lang, 'contractFollowup.refusals.unknownCheck'));
    }
    const typed = scoped(request.body, `response-${checkId}-`);
    const form = parseForm(checkResponseSchema, typed, request.lang);
    if (!form.ok) return again(request, reply, 400, { scope: 'response', checkId, typed, errors: form.errors });
    try {
      await recordCheckResponse(app.db, found.row.id, checkId, form.data, request.user!);
      return reply.redirect(savedHref(found.row.id, 'svar'), 303);
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      return again(request, reply, error.status, refusedForm(error, 'response', typed, request.lang, checkId));
    }
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequirementRow } from '../../db/types.js';
import { requirementCategoryLabels } from '../../domain/vocabulary.js';
import { measureCodes, type Measure } from '../../domain/contract.js';
import { t, type Lang } from '../../i18n/index.js';
import { findRequirement, listRequirements } from '../../rules/repository.js';
import {
  createRequirement,
  DuplicateRequirementError,
  newRequirementSchema,
  requirementEditSchema,
  setRequirementRetired,
  StaleRequirementError,
  updateRequirement,
} from '../../rules/requirements.js';
import { renderError } from '../errors.js';
import { formatDateTime } from '../../wording/format.js';
import { categoryLabel } from '../../wording/labels.js';
import { presentRequirement } from '../present.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';

const categoryOptions = (lang: Lang) => Object.keys(requirementCategoryLabels).map((value) => ({ value, label: categoryLabel(value, lang) }));

/** A measure's words: "Lærlingeår (lærlingeår)". */
const measureText = (measure: Measure, lang: Lang) =>
  t(lang, 'contractSigning.catalogue.measureOption', { label: t(lang, `contracts.measures.${measure}.label`), unit: t(lang, `contracts.measures.${measure}.unit`) });

/** The measure checkboxes, ticked as saved or as posted. */
const measureOptions = (checked: readonly string[], lang: Lang) =>
  measureCodes.map((value) => ({ value, label: measureText(value, lang), checked: checked.includes(value) }));

/** The measures as posted: none ticked sends nothing, one a text, several a list. */
const postedMeasures = (body: unknown): string[] => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).measures : undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};

/** A stored requirement as the edit form's typed values. */
const rowText = (row: RequirementRow): Record<string, string> => ({
  code: row.code,
  category: row.category,
  title: row.title,
  summary: row.summary,
  evidence: row.evidence ?? '',
  legalBasis: row.legal_basis ?? '',
  source: row.source ?? '',
  version: String(row.version),
});

interface FormOptions {
  row?: RequirementRow;
  typed: Record<string, string>;
  /** The measures ticked: as saved, or as posted. */
  measures: readonly string[];
  errors?: FieldErrors;
  conflict?: { message: string; saved: RequirementRow };
  notice?: string | null;
}

const fieldOrder = ['code', 'category', 'title', 'summary', 'evidence', 'legalBasis', 'source', 'measures', 'version'];

function renderForm(reply: FastifyReply, lang: Lang, options: FormOptions) {
  const errors = options.errors ?? {};
  const row = options.row;
  return reply.view('admin/requirement-form', {
    pageTitle: row ? t(lang, 'adminRules.requirementForm.pageTitleEdit', { code: row.code }) : t(lang, 'adminRules.requirementForm.pageTitleNew'),
    action: row ? `/admin/krav/${encodeURIComponent(row.code)}` : '/admin/krav/ny',
    requirement: row
      ? {
          ...presentRequirement(row, lang),
          retiredAt: row.retired_at ? formatDateTime(row.retired_at, lang) : null,
          actionBase: `/admin/krav/${encodeURIComponent(row.code)}`,
        }
      : null,
    categories: categoryOptions(lang),
    typed: options.typed,
    measures: measureOptions(options.measures, lang),
    errors,
    errorList: fieldOrder.filter((f) => errors[f]).map((field) => ({ field, message: errors[field]! })),
    conflict: options.conflict
      ? {
          message: options.conflict.message,
          saved: presentRequirement(options.conflict.saved, lang),
          savedMeasures: options.conflict.saved.measures.filter((m): m is Measure => measureCodes.includes(m as Measure)).map((m) => measureText(m, lang)),
        }
      : null,
    notice: options.notice ?? null,
  });
}

/** The notice after a redirect (?besked=…), in `lang`; null for anything else. */
const noticeKeys = ['oprettet', 'gemt', 'udgaaet', 'genaktiveret'] as const;
const notice = (lang: Lang, asked: string | undefined) => {
  const key = noticeKeys.find((k) => k === asked);
  return key ? t(lang, `adminRules.requirementForm.notices.${key}`) : null;
};

const notFound = (reply: FastifyReply, lang: Lang, code: string) =>
  renderError(reply, 404, t(lang, 'adminRules.requirements.notFoundTitle'), t(lang, 'adminRules.requirements.notFoundMessage', { code }));

export async function requirementAdminRoutes(app: FastifyInstance) {
  app.get('/admin/krav', async (request, reply) => {
    const lang = request.lang;
    const rows = await listRequirements(app.db);
    return reply.view('admin/requirements', {
      pageTitle: t(lang, 'adminRules.requirements.pageTitle'),
      requirements: rows.map((row) => ({
        ...presentRequirement(row, lang),
        editHref: `/admin/krav/${encodeURIComponent(row.code)}`,
        tenderCount: row.tenderCount,
      })),
    });
  });

  app.get('/admin/krav/ny', async (request, reply) => renderForm(reply, request.lang, { typed: {}, measures: [] }));

  app.post('/admin/krav/ny', async (request, reply) => {
    const lang = request.lang;
    const typed = typedValues(request.body);
    const form = parseForm(newRequirementSchema, request.body, lang);
    const measures = postedMeasures(request.body);
    if (!form.ok) return renderForm(reply.code(400), lang, { typed, measures, errors: form.errors });
    try {
      const row = await createRequirement(app.db, form.data, request.user!);
      return reply.redirect(`/admin/krav/${encodeURIComponent(row.code)}?besked=oprettet`, 303);
    } catch (error) {
      if (!(error instanceof DuplicateRequirementError)) throw error;
      return renderForm(reply.code(error.status), lang, { typed, measures, errors: { code: t(lang, 'adminRules.requirementForm.duplicate', { code: error.requirementCode }) } });
    }
  });

  app.get<{ Params: { code: string }; Querystring: { besked?: string } }>('/admin/krav/:code', async (request, reply) => {
    const lang = request.lang;
    const row = await findRequirement(app.db, request.params.code);
    if (!row) return notFound(reply, lang, request.params.code);
    return renderForm(reply, lang, { row, typed: rowText(row), measures: row.measures, notice: notice(lang, request.query.besked) });
  });

  app.post<{ Params: { code: string } }>('/admin/krav/:code', async (request, reply) => {
    const lang = request.lang;
    const row = await findRequirement(app.db, request.params.code);
    if (!row) return notFound(reply, lang, request.params.code);
    // The code is the requirement's identity (DBD and tenders refer to it): it is shown, never posted back.
    const typed = { ...typedValues(request.body), code: row.code };
    const form = parseForm(requirementEditSchema, request.body, lang);
    const measures = postedMeasures(request.body);
    if (!form.ok) return renderForm(reply.code(400), lang, { row, typed, measures, errors: form.errors });
    try {
      const { version, ...fields } = form.data;
      const saved = await updateRequirement(app.db, row.code, fields, version, request.user!);
      if (!saved) return notFound(reply, lang, row.code);
      return reply.redirect(`/admin/krav/${encodeURIComponent(row.code)}?besked=gemt`, 303);
    } catch (error) {
      if (!(error instanceof StaleRequirementError)) throw error;
      // The typed text stays; the form now carries the saved version, so saving again is a deliberate overwrite.
      const current = error.current;
      return renderForm(reply.code(error.status), lang, {
        row: current,
        typed: { ...typed, version: String(current.version) },
        measures,
        conflict: { message: t(lang, 'adminRules.requirementForm.stale'), saved: current },
      });
    }
  });

  for (const [path, retired, notice] of [
    ['udgaa', true, 'udgaaet'],
    ['genaktiver', false, 'genaktiveret'],
  ] as const) {
    app.post<{ Params: { code: string } }>(`/admin/krav/:code/${path}`, async (request, reply) => {
      const row = await setRequirementRetired(app.db, request.params.code, retired, request.user!);
      if (!row) return notFound(reply, request.lang, request.params.code);
      return reply.redirect(`/admin/krav/${encodeURIComponent(row.code)}?besked=${notice}`, 303);
    });
  }
}

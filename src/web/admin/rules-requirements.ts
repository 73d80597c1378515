import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequirementRow } from '../../db/types.js';
import { requirementCategoryLabels } from '../../domain/vocabulary.js';
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
import { formatDateTime } from '../format.js';
import { categoryLabel, presentRequirement } from '../present.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';

const categoryOptions = Object.entries(requirementCategoryLabels).map(([value, label]) => ({ value, label }));

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
  errors?: FieldErrors;
  conflict?: { message: string; saved: RequirementRow };
  notice?: string | null;
}

const fieldOrder = ['code', 'category', 'title', 'summary', 'evidence', 'legalBasis', 'source', 'version'];

function renderForm(reply: FastifyReply, options: FormOptions) {
  const errors = options.errors ?? {};
  const row = options.row;
  return reply.view('admin/requirement-form', {
    pageTitle: row ? `Ret krav ${row.code}` : 'Nyt krav',
    action: row ? `/admin/krav/${encodeURIComponent(row.code)}` : '/admin/krav/ny',
    requirement: row
      ? {
          ...presentRequirement(row),
          retiredAt: row.retired_at ? formatDateTime(row.retired_at) : null,
          actionBase: `/admin/krav/${encodeURIComponent(row.code)}`,
        }
      : null,
    categories: categoryOptions,
    typed: options.typed,
    errors,
    errorList: fieldOrder.filter((f) => errors[f]).map((field) => ({ field, message: errors[field]! })),
    conflict: options.conflict ? { message: options.conflict.message, saved: presentRequirement(options.conflict.saved) } : null,
    notice: options.notice ?? null,
  });
}

const notices: Record<string, string> = {
  oprettet: 'Kravet er oprettet.',
  gemt: 'Ændringerne er gemt.',
  udgaaet: 'Kravet er udgået: det vises ikke længere i det offentlige katalog, men udbud, der stiller det, beholder det.',
  genaktiveret: 'Kravet er aktivt igen.',
};

const notFound = (reply: FastifyReply, code: string) =>
  renderError(reply, 404, 'Kravet findes ikke', `Kataloget har intet krav med koden ${code}.`);

export async function requirementAdminRoutes(app: FastifyInstance) {
  app.get('/admin/krav', async (_request, reply) => {
    const rows = await listRequirements(app.db);
    return reply.view('admin/requirements', {
      pageTitle: 'Kravkatalog',
      requirements: rows.map((row) => ({
        ...presentRequirement(row),
        category: categoryLabel(row.category),
        editHref: `/admin/krav/${encodeURIComponent(row.code)}`,
        tenderCount: row.tenderCount,
      })),
    });
  });

  app.get('/admin/krav/ny', async (_request, reply) => renderForm(reply, { typed: {} }));

  app.post('/admin/krav/ny', async (request, reply) => {
    const typed = typedValues(request.body);
    const form = parseForm(newRequirementSchema, request.body);
    if (!form.ok) return renderForm(reply.code(400), { typed, errors: form.errors });
    try {
      const row = await createRequirement(app.db, form.data, request.user!);
      return reply.redirect(`/admin/krav/${encodeURIComponent(row.code)}?besked=oprettet`, 303);
    } catch (error) {
      if (!(error instanceof DuplicateRequirementError)) throw error;
      return renderForm(reply.code(409), { typed, errors: { code: error.message } });
    }
  });

  app.get<{ Params: { code: string }; Querystring: { besked?: string } }>('/admin/krav/:code', async (request, reply) => {
    const row = await findRequirement(app.db, request.params.code);
    if (!row) return notFound(reply, request.params.code);
    return renderForm(reply, { row, typed: rowText(row), notice: notices[request.query.besked ?? ''] });
  });

  app.post<{ Params: { code: string } }>('/admin/krav/:code', async (request, reply) => {
    const row = await findRequirement(app.db, request.params.code);
    if (!row) return notFound(reply, request.params.code);
    // The code is the requirement's identity (DBD and tenders refer to it): it is shown, never posted back.
    const typed = { ...typedValues(request.body), code: row.code };
    const form = parseForm(requirementEditSchema, request.body);
    if (!form.ok) return renderForm(reply.code(400), { row, typed, errors: form.errors });
    try {
      const { version, ...fields } = form.data;
      const saved = await updateRequirement(app.db, row.code, fields, version, request.user!);
      if (!saved) return notFound(reply, row.code);
      return reply.redirect(`/admin/krav/${encodeURIComponent(row.code)}?besked=gemt`, 303);
    } catch (error) {
      if (!(error instanceof StaleRequirementError)) throw error;
      // The typed text stays; the form now carries the saved version, so saving again is a deliberate overwrite.
      const current = error.current;
      return renderForm(reply.code(409), {
        row: current,
        typed: { ...typed, version: String(current.version) },
        conflict: { message: error.message, saved: current },
      });
    }
  });

  for (const [path, retired, notice] of [
    ['udgaa', true, 'udgaaet'],
    ['genaktiver', false, 'genaktiveret'],
  ] as const) {
    app.post<{ Params: { code: string } }>(`/admin/krav/:code/${path}`, async (request, reply) => {
      const row = await setRequirementRetired(app.db, request.params.code, retired, request.user!);
      if (!row) return notFound(reply, request.params.code);
      return reply.redirect(`/admin/krav/${encodeURIComponent(row.code)}?besked=${notice}`, 303);
    });
  }
}

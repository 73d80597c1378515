import type { FastifyInstance, FastifyReply } from 'fastify';
import { copenhagenDate } from '../../domain/period.js';
import { thresholdSetInForce, type ThresholdSet } from '../../domain/procedure.js';
import { contractTypeLabels, contractTypes, procedureLabels, procedures } from '../../domain/vocabulary.js';
import { findThresholdSet, listThresholdSets } from '../../rules/repository.js';
import {
  blankRow,
  isBlankRow,
  parseThresholdForm,
  readThresholdForm,
  ruleFieldId,
  ruleFields,
  thresholdSetText,
  type RuleField,
  type ThresholdSetText,
} from '../../rules/threshold-input.js';
import {
  createThresholdSet,
  hasTakenEffect,
  StaleThresholdSetError,
  thresholdSetFingerprint,
  ThresholdSetFieldError,
  ThresholdSetInForceError,
  updateThresholdSet,
} from '../../rules/thresholds.js';
import { renderError } from '../errors.js';
import { formatDate } from '../format.js';
import { presentSet } from '../public/thresholds.js';
import { typedValues } from './forms.js';

const today = () => copenhagenDate(new Date());

/** Spare rows at the end of the table: adding a rule needs no script. */
const SPARE_ROWS = 3;

type Option = { value: string; label: string };
const choose = (placeholder: string, options: Option[]) => [{ value: '', label: placeholder }, ...options];
const columns: Record<RuleField, { label: string; options?: Option[]; width?: string }> = {
  contractType: { label: 'Kontrakttype', options: choose('Vælg', contractTypes.map((value) => ({ value, label: contractTypeLabels[value] }))) },
  minDkk: { label: 'Fra kr.', width: 's' },
  minInclusive: { label: 'Nedre grænse', options: choose('Vælg', [{ value: 'true', label: 'fra og med' }, { value: 'false', label: 'over' }]) },
  maxDkk: { label: 'Til og med kr. (tom: ingen grænse)', width: 's' },
  procedure: { label: 'Udbudsform', options: choose('Vælg', procedures.map((value) => ({ value, label: procedureLabels[value] }))) },
  minBids: { label: 'Mindst tilbud', width: 'xxs' },
  maxInvited: { label: 'Højst indbudte', width: 'xxs' },
  announce: { label: 'Annonceres', options: choose('Vælg', [{ value: 'true', label: 'Ja' }, { value: 'false', label: 'Nej' }]) },
  standstillDays: { label: 'Standstill, dage', width: 'xxs' },
  legalBasis: { label: 'Retsgrundlag', width: 'm' },
  source: { label: 'Kilde (webadresse)', width: 'm' },
};

/** The rows as typed, plus spare rows so the table always has room for one more rule. */
function withSpareRows(rows: ThresholdSetText['rows']): ThresholdSetText['rows'] {
  const out = [...rows];
  let next = out.reduce((max, r) => Math.max(max, r.row + 1), 0);
  let spare = 0;
  for (let i = out.length - 1; i >= 0 && isBlankRow(out[i]!.values); i--) spare++;
  for (; spare < SPARE_ROWS; spare++) out.push({ row: next++, values: blankRow() });
  return out;
}

function presentRows(text: ThresholdSetText, errors: Record<string, string>) {
  return withSpareRows(text.rows).map(({ row, values }, position) => ({
    number: position + 1,
    cells: ruleFields.map((field) => {
      const column = columns[field];
      const id = ruleFieldId(row, field);
      return {
        id,
        name: `rules[${row}][${field}]`,
        label: `Regel ${position + 1}: ${column.label}`,
        value: values[field],
        width: column.width,
        options: column.options?.map((o) => ({ ...o, selected: o.value === values[field] })),
        error: errors[id],
      };
    }),
  }));
}

/** The error summary in the order of the form, each linking to its field. */
function errorList(text: ThresholdSetText, errors: Record<string, string>) {
  const order = ['name', 'effectiveFrom', 'effectiveTo', 'rules', ...text.rows.flatMap(({ row }) => ruleFields.map((f) => ruleFieldId(row, f)))];
  return order.filter((field) => errors[field]).map((field) => ({ field, message: errors[field]! }));
}

interface FormOptions {
  set?: ThresholdSet;
  text: ThresholdSetText;
  errors?: Record<string, string>;
  fingerprint?: string;
  conflict?: { message: string; saved: ThresholdSet };
  copiedFrom?: ThresholdSet | null;
  saved?: boolean;
}

function renderForm(reply: FastifyReply, options: FormOptions) {
  const errors = options.errors ?? {};
  const set = options.set;
  return reply.view('admin/threshold-form', {
    pageTitle: set ? `Ret tærskelsæt: ${set.name}` : 'Nyt tærskelsæt',
    action: set ? `/admin/taerskler/${set.id}` : '/admin/taerskler',
    set: set ? { name: set.name, effectiveFrom: formatDate(set.effectiveFrom) } : null,
    copiedFrom: options.copiedFrom ? options.copiedFrom.name : null,
    saved: options.saved === true,
    fingerprint: options.fingerprint,
    typed: options.text,
    errors,
    errorList: errorList(options.text, errors),
    columns: ruleFields.map((f) => columns[f].label),
    rows: presentRows(options.text, errors),
    conflict: options.conflict ? { message: options.conflict.message, saved: presentSet(options.conflict.saved) } : null,
  });
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function presentListItem(set: ThresholdSet, now: string) {
  return {
    id: set.id,
    name: set.name,
    period: `${formatDate(set.effectiveFrom)} – ${set.effectiveTo ? formatDate(set.effectiveTo) : 'indtil videre'}`,
    ruleCount: set.rules.length,
    editable: !hasTakenEffect(set, now),
  };
}

/** A set that has taken effect: shown as it is, never as a form. */
function renderReadOnly(reply: FastifyReply, set: ThresholdSet, refused: string | null = null) {
  return reply.view('admin/threshold', {
    pageTitle: set.name,
    id: set.id,
    set: presentSet(set),
    effectiveFrom: formatDate(set.effectiveFrom),
    refused,
  });
}

const setId = (param: string) => (/^\d{1,9}$/.test(param) ? Number(param) : null);

export async function thresholdAdminRoutes(app: FastifyInstance) {
  app.get('/admin/taerskler', async (_request, reply) => {
    const sets = await listThresholdSets(app.db);
    const now = today();
    const inForce = thresholdSetInForce(sets, now);
    const current = inForce && hasTakenEffect(inForce, now) ? inForce : null;
    return reply.view('admin/thresholds', {
      pageTitle: 'Tærskelsæt',
      today: formatDate(now),
      sections: [
        { id: 'current', heading: 'I kraft nu', empty: 'Intet tærskelsæt er i kraft.', sets: current ? [current] : [] },
        // Soonest first: the next set to take effect is the one officers check.
        { id: 'future', heading: 'Kommende', empty: 'Der er ingen kommende tærskelsæt.', sets: sets.filter((s) => !hasTakenEffect(s, now)).reverse() },
        { id: 'earlier', heading: 'Tidligere', empty: 'Der er ingen tidligere tærskelsæt.', sets: sets.filter((s) => s !== current && hasTakenEffect(s, now)) },
      ].map((section) => ({ ...section, sets: section.sets.map((s) => presentListItem(s, now)) })),
    });
  });

  app.get<{ Querystring: { kopi?: string } }>('/admin/taerskler/ny', async (request, reply) => {
    const sets = await listThresholdSets(app.db);
    const now = today();
    const asked = request.query.kopi ? setId(request.query.kopi) : null;
    const source = sets.find((s) => s.id === asked) ?? thresholdSetInForce(sets, now);
    const text: ThresholdSetText = source ? { ...thresholdSetText(source), effectiveFrom: '', effectiveTo: '' } : { name: '', effectiveFrom: '', effectiveTo: '', rows: [] };
    // A new set usually follows the one it copies: suggest the day after that one ends.
    if (source?.effectiveTo && source.effectiveTo >= now) text.effectiveFrom = dayAfter(source.effectiveTo);
    return renderForm(reply, { text, copiedFrom: source });
  });

  app.post('/admin/taerskler', async (request, reply) => {
    const now = today();
    const text = readThresholdForm(request.body);
    const parsed = parseThresholdForm(text, now);
    if (!parsed.ok) return renderForm(reply.code(400), { text, errors: parsed.errors });
    try {
      const set = await createThresholdSet(app.db, parsed.data, request.user!, now);
      return reply.redirect(`/admin/taerskler/${set.id}?gemt=1`, 303);
    } catch (error) {
      if (!(error instanceof ThresholdSetFieldError)) throw error;
      return renderForm(reply.code(400), { text, errors: { [error.field]: error.message } });
    }
  });

  app.get<{ Params: { id: string }; Querystring: { gemt?: string } }>('/admin/taerskler/:id', async (request, reply) => {
    const id = setId(request.params.id);
    const set = id === null ? null : await findThresholdSet(app.db, id);
    if (!set) return renderError(reply, 404, 'Tærskelsættet findes ikke', `Der er intet tærskelsæt med id ${request.params.id}.`);
    if (hasTakenEffect(set, today())) return renderReadOnly(reply, set);
    return renderForm(reply, { set, text: thresholdSetText(set), fingerprint: thresholdSetFingerprint(set), saved: request.query.gemt === '1' });
  });

  app.post<{ Params: { id: string } }>('/admin/taerskler/:id', async (request, reply) => {
    const id = setId(request.params.id);
    const set = id === null ? null : await findThresholdSet(app.db, id);
    if (!set) return renderError(reply, 404, 'Tærskelsættet findes ikke', `Der er intet tærskelsæt med id ${request.params.id}.`);
    const now = today();
    if (hasTakenEffect(set, now)) return renderReadOnly(reply.code(409), set, new ThresholdSetInForceError(set).message);
    const text = readThresholdForm(request.body);
    const fingerprint = typedValues(request.body).fingerprint ?? '';
    const parsed = parseThresholdForm(text, now);
    if (!parsed.ok) return renderForm(reply.code(400), { set, text, errors: parsed.errors, fingerprint });
    try {
      await updateThresholdSet(app.db, set.id, parsed.data, fingerprint, request.user!, now);
      return reply.redirect(`/admin/taerskler/${set.id}?gemt=1`, 303);
    } catch (error) {
      // The set took effect while the form was open.
      if (error instanceof ThresholdSetInForceError) return renderReadOnly(reply.code(409), error.set, error.message);
      if (error instanceof StaleThresholdSetError) {
        // The form now carries the saved version's fingerprint: saving again is a deliberate overwrite.
        const fresh = thresholdSetFingerprint(error.current);
        return renderForm(reply.code(409), { set, text, fingerprint: fresh, conflict: { message: error.message, saved: error.current } });
      }
      if (error instanceof ThresholdSetFieldError) return renderForm(reply.code(400), { set, text, errors: { [error.field]: error.message }, fingerprint });
      throw error;
    }
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { copenhagenDate } from '../../domain/period.js';
import { thresholdSetInForce, type ThresholdSet } from '../../domain/procedure.js';
import { contractTypes, procedures } from '../../domain/vocabulary.js';
import { label, t, type Lang } from '../../i18n/index.js';
import { localize } from '../../i18n/messages.js';
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
import { effectiveFromText, formatDate } from '../../wording/format.js';
import { presentSet } from '../public/thresholds.js';
import { typedValues } from './forms.js';

const today = () => copenhagenDate(new Date());

/** Spare rows at the end of the table: adding a rule needs no script. */
const SPARE_ROWS = 3;

type Option = { value: string; label: string };
type Column = { label: string; options?: Option[]; width?: string };

/** The rule table's columns in a language: headings, widths and the choices of the select fields. */
function columnsIn(lang: Lang): Record<RuleField, Column> {
  const choose = (options: Option[]) => [{ value: '', label: t(lang, 'adminRules.common.choose') }, ...options];
  const heading = (field: RuleField) => t(lang, `adminRules.thresholdForm.columns.${field}`);
  const yesNo = (yes: string, no: string) => choose([{ value: 'true', label: yes }, { value: 'false', label: no }]);
  return {
    contractType: { label: heading('contractType'), options: choose(contractTypes.map((value) => ({ value, label: label(lang, 'contractType', value) }))) },
    minDkk: { label: heading('minDkk'), width: 's' },
    minInclusive: { label: heading('minInclusive'), options: yesNo(t(lang, 'adminRules.thresholdForm.fromAndIncluding'), t(lang, 'adminRules.thresholdForm.above')) },
    maxDkk: { label: heading('maxDkk'), width: 's' },
    procedure: { label: heading('procedure'), options: choose(procedures.map((value) => ({ value, label: label(lang, 'procedure', value) }))) },
    minBids: { label: heading('minBids'), width: 'xxs' },
    maxInvited: { label: heading('maxInvited'), width: 'xxs' },
    announce: { label: heading('announce'), options: yesNo(t(lang, 'adminRules.thresholdForm.yes'), t(lang, 'adminRules.thresholdForm.no')) },
    standstillDays: { label: heading('standstillDays'), width: 'xxs' },
    legalBasis: { label: heading('legalBasis'), width: 'm' },
    source: { label: heading('source'), width: 'm' },
  };
}

/** The rows as typed, plus spare rows so the table always has room for one more rule. */
function withSpareRows(rows: ThresholdSetText['rows']): ThresholdSetText['rows'] {
  const out = [...rows];
  let next = out.reduce((max, r) => Math.max(max, r.row + 1), 0);
  let spare = 0;
  for (let i = out.length - 1; i >= 0 && isBlankRow(out[i]!.values); i--) spare++;
  for (; spare < SPARE_ROWS; spare++) out.push({ row: next++, values: blankRow() });
  return out;
}

function presentRows(text: ThresholdSetText, errors: Record<string, string>, lang: Lang) {
  const columns = columnsIn(lang);
  return withSpareRows(text.rows).map(({ row, values }, position) => ({
    number: position + 1,
    cells: ruleFields.map((field) => {
      const column = columns[field];
      const id = ruleFieldId(row, field);
      return {
        id,
        name: `rules[${row}][${field}]`,
        label: t(lang, 'adminRules.thresholdForm.ruleLabel', { number: position + 1, column: column.label }),
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

function renderForm(reply: FastifyReply, lang: Lang, options: FormOptions) {
  const errors = options.errors ?? {};
  const set = options.set;
  return reply.view('admin/threshold-form', {
    pageTitle: set ? t(lang, 'adminRules.thresholdForm.pageTitleEdit', { name: set.name }) : t(lang, 'adminRules.thresholdForm.pageTitleNew'),
    action: set ? `/admin/taerskler/${set.id}` : '/admin/taerskler',
    set: set ? { name: set.name, effectiveFrom: formatDate(set.effectiveFrom, lang) } : null,
    copiedFrom: options.copiedFrom ? options.copiedFrom.name : null,
    saved: options.saved === true,
    fingerprint: options.fingerprint,
    typed: options.text,
    errors,
    errorList: errorList(options.text, errors),
    columns: ruleFields.map((f) => t(lang, `adminRules.thresholdForm.columns.${f}`)),
    rows: presentRows(options.text, errors, lang),
    conflict: options.conflict ? { message: options.conflict.message, saved: presentSet(options.conflict.saved, lang) } : null,
  });
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function presentListItem(set: ThresholdSet, now: string, lang: Lang) {
  return {
    id: set.id,
    name: set.name,
    period: `${formatDate(set.effectiveFrom, lang)} – ${set.effectiveTo ? formatDate(set.effectiveTo, lang) : t(lang, 'adminRules.thresholds.untilFurther')}`,
    ruleCount: set.rules.length,
    editable: !hasTakenEffect(set, now),
  };
}

/** A set that has taken effect: shown as it is, never as a form. */
function renderReadOnly(reply: FastifyReply, lang: Lang, set: ThresholdSet, refused: string | null = null) {
  return reply.view('admin/threshold', {
    pageTitle: set.name,
    id: set.id,
    set: presentSet(set, lang),
    effectiveFrom: formatDate(set.effectiveFrom, lang),
    refused,
  });
}

const setId = (param: string) => (/^\d{1,9}$/.test(param) ? Number(param) : null);

/** Why a set that has taken effect cannot be changed, in `lang` (the error's own message is Danish). */
const inForceText = (lang: Lang, set: ThresholdSet) =>
  t(lang, 'adminRules.threshold.inForce', { name: set.name, date: effectiveFromText(set.effectiveFrom, lang) });

const notFound = (reply: FastifyReply, lang: Lang, id: string) =>
  renderError(reply, 404, t(lang, 'adminRules.thresholds.notFoundTitle'), t(lang, 'adminRules.thresholds.notFoundMessage', { id }));

export async function thresholdAdminRoutes(app: FastifyInstance) {
  app.get('/admin/taerskler', async (request, reply) => {
    const lang = request.lang;
    const sets = await listThresholdSets(app.db);
    const now = today();
    const inForce = thresholdSetInForce(sets, now);
    const current = inForce && hasTakenEffect(inForce, now) ? inForce : null;
    return reply.view('admin/thresholds', {
      pageTitle: t(lang, 'adminRules.thresholds.pageTitle'),
      today: formatDate(now, lang),
      sections: [
        { id: 'current', sets: current ? [current] : [] },
        // Soonest first: the next set to take effect is the one officers check.
        { id: 'future', sets: sets.filter((s) => !hasTakenEffect(s, now)).reverse() },
        { id: 'earlier', sets: sets.filter((s) => s !== current && hasTakenEffect(s, now)) },
      ].map(({ id, sets: shown }) => ({
        id,
        heading: t(lang, `adminRules.thresholds.${id as 'current' | 'future' | 'earlier'}`),
        empty: t(lang, `adminRules.thresholds.${id as 'current' | 'future' | 'earlier'}Empty`),
        sets: shown.map((s) => presentListItem(s, now, lang)),
      })),
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
    return renderForm(reply, request.lang, { text, copiedFrom: source });
  });

  app.post('/admin/taerskler', async (request, reply) => {
    const lang = request.lang;
    const now = today();
    const text = readThresholdForm(request.body);
    const parsed = parseThresholdForm(text, now, lang);
    if (!parsed.ok) return renderForm(reply.code(400), lang, { text, errors: parsed.errors });
    try {
      const set = await createThresholdSet(app.db, parsed.data, request.user!, now);
      return reply.redirect(`/admin/taerskler/${set.id}?gemt=1`, 303);
    } catch (error) {
      if (!(error instanceof ThresholdSetFieldError)) throw error;
      return renderForm(reply.code(error.status), lang, { text, errors: { [error.field]: localize(lang, error.message) } });
    }
  });

  app.get<{ Params: { id: string }; Querystring: { gemt?: string } }>('/admin/taerskler/:id', async (request, reply) => {
    const lang = request.lang;
    const id = setId(request.params.id);
    const set = id === null ? null : await findThresholdSet(app.db, id);
    if (!set) return notFound(reply, lang, request.params.id);
    if (hasTakenEffect(set, today())) return renderReadOnly(reply, lang, set);
    return renderForm(reply, lang, { set, text: thresholdSetText(set), fingerprint: thresholdSetFingerprint(set), saved: request.query.gemt === '1' });
  });

  app.post<{ Params: { id: string } }>('/admin/taerskler/:id', async (request, reply) => {
    const lang = request.lang;
    const id = setId(request.params.id);
    const set = id === null ? null : await findThresholdSet(app.db, id);
    if (!set) return notFound(reply, lang, request.params.id);
    const now = today();
    if (hasTakenEffect(set, now)) return renderReadOnly(reply.code(409), lang, set, inForceText(lang, set));
    const text = readThresholdForm(request.body);
    const fingerprint = typedValues(request.body).fingerprint ?? '';
    const parsed = parseThresholdForm(text, now, lang);
    if (!parsed.ok) return renderForm(reply.code(400), lang, { set, text, errors: parsed.errors, fingerprint });
    try {
      await updateThresholdSet(app.db, set.id, parsed.data, fingerprint, request.user!, now);
      return reply.redirect(`/admin/taerskler/${set.id}?gemt=1`, 303);
    } catch (error) {
      // The set took effect while the form was open.
      if (error instanceof ThresholdSetInForceError) return renderReadOnly(reply.code(error.status), lang, error.set, inForceText(lang, error.set));
      if (error instanceof StaleThresholdSetError) {
        // The form now carries the saved version's fingerprint: saving again is a deliberate overwrite.
        const fresh = thresholdSetFingerprint(error.current);
        return renderForm(reply.code(error.status), lang, { set, text, fingerprint: fresh, conflict: { message: t(lang, 'adminRules.threshold.stale'), saved: error.current } });
      }
      if (error instanceof ThresholdSetFieldError) {
        return renderForm(reply.code(error.status), lang, { set, text, errors: { [error.field]: localize(lang, error.message) }, fingerprint });
      }
      throw error;
    }
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decisionsWithAuthorsOf, type DecisionWithAuthor } from '../../decisions/repository.js';
import { allowedDecisions } from '../../decisions/rules.js';
import { decisionSchemas, officerTextSchema, officerVersion, type DecisionInput } from '../../decisions/schemas.js';
import { DecisionRefused, recordDecision, saveOfficerText } from '../../decisions/service.js';
import { awardCriteria, notificationChannels, publicDecisionOf, type DecisionKind, type NotificationChannel } from '../../domain/decision.js';
import { describeProcedure } from '../../domain/procedure.js';
import { standstillDaysByChannel } from '../../domain/standstill.js';
import type { TenderRow } from '../../db/types.js';
import { listThresholdSets } from '../../rules/repository.js';
import { procedureFor, thresholdRuleFor } from '../../tenders/detail.js';
import { findTender } from '../../tenders/repository.js';
import { renderError } from '../errors.js';
import { formatDate, formatDateTime } from '../../wording/format.js';
import { channelLabel, criterionLabel, statusLabel } from '../../wording/labels.js';
import { presentDecision, presentTenderSummary } from '../present.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';
import { bidRowsFor } from './bid-rows.js';
import { roundOf } from '../../firms/invitations.js';
import { t, type Lang, type TranslationKey } from '../../i18n/index.js';
import { interestedFirmsSection } from './interests.js';
import { wordErrors } from '../../dialogue/activity-forms.js';
import { setWaiver } from '../../dialogue/outcomes.js';
import { dialogueSectionOf, WAIVER_PATH } from './dialogue-tender.js';
import { questionsLink } from './questions.js';
import { signContract, signingRequirements, signingSchema } from '../../contracts/signing.js';
import { signingFormOf } from './contract-signing.js';
import { findContract } from '../../contracts/records.js';

// /admin/udbud/:id: the officers' page for one tender, with a form per decision its state allows (each
// folded in a <details> of one group, so the browser opens one at a time, without script)
// and the form for the officer-owned texts. All forms share one page, so each form's fields carry
// its scope as a prefix ("award-winnerName"): ids stay unique and error links reach the right field.

type Scope = DecisionKind | 'text' | 'waiver';

const decisionPaths: Record<DecisionKind, string> = {
  award: 'tildeling',
  cancellation: 'aflysning',
  contract: 'kontrakt',
  direct_award: 'direkte-tildeling',
};

/** ?gemt= after a save → the message's key. */
const savedMessages: Record<string, TranslationKey> = {
  tekst: 'adminTenders.tender.saved.text',
  uaendret: 'adminTenders.tender.saved.unchanged',
  tildeling: 'adminTenders.tender.saved.award',
  aflysning: 'adminTenders.tender.saved.cancellation',
  kontrakt: 'adminTenders.tender.saved.contract',
  'direkte-tildeling': 'adminTenders.tender.saved.directAward',
  [WAIVER_PATH]: 'dialogueAdmin.tender.waiverSaved',
};

/** The form that was posted and shown again: what was typed, and what was wrong with it. */
interface PostedForm {
  scope: Scope;
  typed: Record<string, string>;
  errors: FieldErrors;
  /** A refusal that concerns the whole form (stale, impossible transition), in the reader's language. */
  message?: string;
  stale?: boolean;
}

const internalDetails = z.object({
  justification: z.string().optional(),
  decisionLetterUrl: z.string().nullable().optional(),
  notificationChannel: z.enum(notificationChannels).optional(),
  earlyReason: z.string().optional(),
});

/** A notification channel; its standstill days only where a standstill applies (a below-threshold award has none). */
const channelText = (channel: NotificationChannel, withStandstill: boolean, lang: Lang) =>
  withStandstill ? channelLabel(channel, lang) : t(lang, `adminTenders.tender.channelPlain.${channel}`);

/** A decision as officers see it: the public facts, plus what stays in the back office. */
function officerDecision(row: DecisionWithAuthor, lang: Lang) {
  const pub = publicDecisionOf(row);
  const internal = internalDetails.safeParse(typeof row.details === 'string' ? JSON.parse(row.details) : row.details);
  const extra = internal.success ? internal.data : {};
  return {
    ...(pub ? presentDecision(pub, lang) : { kind: row.kind, title: row.kind, facts: [] }),
    internalJustification: row.kind === 'award' ? (extra.justification ?? null) : null,
    decisionLetterUrl: extra.decisionLetterUrl ?? null,
    channel: extra.notificationChannel ? channelText(extra.notificationChannel, row.standstill_ends_on !== null, lang) : null,
    earlyReason: extra.earlyReason ?? null,
    recordedBy: `${row.author_name || row.author_email || t(lang, 'adminTenders.tender.unknownUser')}, ${formatDateTime(row.created_at, lang)}`,
  };
}

/** Whether and how long a standstill applies, for the officer's orientation before an award. */
function standstillNote(row: TenderRow, rule: ReturnType<typeof thresholdRuleFor>, lang: Lang) {
  if (row.estimated_value_dkk === null) return t(lang, 'adminTenders.tender.standstillNote.unvalued');
  if (!rule) return t(lang, 'adminTenders.tender.standstillNote.noRule');
  if (rule.standstillDays <= 0) return t(lang, 'adminTenders.tender.standstillNote.none', { procedure: describeProcedure(rule, lang) });
  return t(lang, 'adminTenders.tender.standstillNote.applies', {
    procedure: describeProcedure(rule, lang),
    electronic: standstillDaysByChannel.electronic,
    letter: standstillDaysByChannel.letter,
  });
}

/** When a contract may be signed: after the award's standstill, or from the award day where none applies. */
function signedOnHint(decisions: DecisionWithAuthor[], rule: ReturnType<typeof thresholdRuleFor>, lang: Lang) {
  const award = decisions.find((d) => d.kind === 'award' || d.kind === 'direct_award');
  if (!award || award.standstill_ends_on !== null) return t(lang, 'adminTenders.contractForm.signedOnHint');
  const date = formatDate(award.decided_on, lang);
  if (!rule || rule.standstillDays > 0 || award.kind === 'direct_award') return t(lang, 'adminTenders.contractForm.signedOnHintNoRule', { date });
  return t(lang, 'adminTenders.contractForm.signedOnHintNoStandstill', { procedure: describeProcedure(rule, lang), date });
}

export async function tenderAdminRoutes(app: FastifyInstance) {
  async function page(row: TenderRow, posted: PostedForm | null, saved: string | null, lang: Lang) {
    const now = new Date();
    const [decisions, sets, interests, round, questions, contract] = await Promise.all([
      decisionsWithAuthorsOf(app.db, row.id),
      listThresholdSets(app.db),
      interestedFirmsSection(app.db, row.id, lang),
      roundOf(app.db, row.id),
      questionsLink(app.db, row.id, lang),
      findContract(app.db, row.id),
    ]);
    const allowed = allowedDecisions(row.status);
    const typedFor = (scope: Scope, fallback: Record<string, string>) => (posted?.scope === scope ? posted.typed : fallback);
    const errorsFor = (scope: Scope) => (posted?.scope === scope ? posted.errors : {});
    const scopes: Scope[] = ['text', ...allowed];
    const rule = thresholdRuleFor(row, sets, now);
    // The contract form asks for a target per measure of each requirement the tender carries.
    const signing = allowed.includes('contract')
      ? signingFormOf(await signingRequirements(app.db, row.id), typedFor('contract', {}), errorsFor('contract'), lang)
      : null;
    const dialogue = await dialogueSectionOf(app.db, row, rule?.procedure === 'eu_tender', posted?.scope === 'waiver' ? posted : null, lang);
    const deadline = row.tender_deadline;
    // The reason field is asked for only while it can matter: before the deadline, or when the award was refused for lack of it.
    const postedEarly = posted?.scope === 'award' && (posted.errors.earlyReason !== undefined || Boolean(posted.typed.earlyReason));
    return {
      pageTitle: t(lang, 'adminTenders.tender.pageTitle', { title: row.title }),
      tender: {
        ...presentTenderSummary(row, lang),
        adminPath: `/admin/udbud/${encodeURIComponent(row.id)}`,
        officerVersion: row.officer_version,
        summary: row.summary,
        bidderNotes: row.bidder_notes,
      },
      interests,
      dialogue,
      questions,
      // The contract's follow-up (progress, checks, changes, completion) once a contract is recorded.
      contractPath: contract ? `/admin/udbud/${encodeURIComponent(row.id)}/kontrakt` : null,
      procedure: procedureFor(row, sets, now, lang).text,
      underhand: {
        isUnderhand: rule?.procedure === 'invited_bids',
        invited: round.invitations.length,
        inRound: rule?.procedure === 'invited_bids' || round.invitations.length > 0,
        composePath: `/admin/udbud/${encodeURIComponent(row.id)}/invitationer`,
      },
      bidRows: bidRowsFor(posted?.scope === 'award' ? posted.typed : null, round.invitations, posted?.scope === 'award' ? posted.errors : {}, lang),
      standstillNote: standstillNote(row, rule, lang),
      earlyReasonHint: deadline && (now < deadline || postedEarly) ? t(lang, 'adminTenders.awardForm.earlyReasonHint', { deadline: formatDateTime(deadline, lang) }) : null,
      signedOnHint: signedOnHint(decisions, rule, lang),
      signing,
      chooseIntro: t(lang, 'adminTenders.tender.chooseIntro', { status: statusLabel(row.status, lang) }),
      openForm: posted && posted.scope !== 'text' ? posted.scope : null,
      decisions: decisions.map((decision) => officerDecision(decision, lang)),
      saved: saved && Object.hasOwn(savedMessages, saved) ? t(lang, savedMessages[saved]!) : null,
      refusal: posted?.message ?? null,
      // After a stale text save the officer needs the saved texts beside their own to merge them.
      staleText: posted?.stale === true && posted.scope === 'text',
      errorList: posted
        ? Object.entries(posted.errors).map(([field, message]) => ({ field: `${posted.scope}-${field}`, message }))
        : [],
      forms: Object.fromEntries(allowed.map((kind) => [kind, true])),
      noDecision: allowed.length === 0,
      criteria: awardCriteria.map((value) => ({ value, label: criterionLabel(value, lang) })),
      channels: notificationChannels.map((value) => ({ value, label: channelText(value, (rule?.standstillDays ?? 0) > 0, lang) })),
      typed: Object.fromEntries(
        scopes.map((scope) => [
          scope,
          typedFor(scope, scope === 'text' ? { summary: row.summary ?? '', bidderNotes: row.bidder_notes ?? '' } : scope === 'award' ? { notificationChannel: 'electronic' } : {}),
        ]),
      ),
      errors: Object.fromEntries(scopes.map((scope) => [scope, errorsFor(scope)])),
    };
  }

  /** The tender behind :id, or a 404 page already sent. */
  async function tenderOr404(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const stored = await findTender(app.db, request.params.id);
    if (!stored) await notFound(reply, request.lang, request.params.id);
    return stored?.row ?? null;
  }

  /** The posted fields of one form, without their scope prefix. */
  function scoped(body: unknown, scope: Scope): Record<string, string> {
    const prefix = `${scope}-`;
    return Object.fromEntries(
      Object.entries(typedValues(body))
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
  }

  /** Shows the page again with the posted form as typed; reloads the tender so it shows what is saved now. */
  async function again(request: FastifyRequest, reply: FastifyReply, tenderId: string, status: number, posted: PostedForm) {
    const stored = await findTender(app.db, tenderId);
    if (!stored) return notFound(reply, request.lang, tenderId);
    reply.code(status);
    return reply.view('admin/tender', await page(stored.row, posted, null, request.lang));
  }

  /** Maps a refusal from the service to the page: field errors next to the field, the rest on top. */
  function refusedForm(error: DecisionRefused, scope: Scope, typed: Record<string, string>, lang: Lang): { status: number; posted: PostedForm } {
    const message = error.messageIn(lang);
    const status = error.status;
    switch (error.code) {
      case 'invalid':
        return { status, posted: { scope, typed, errors: { [error.field ?? 'form']: message } } };
      case 'stale':
        return { status, posted: { scope, typed, errors: {}, message, stale: true } };
      case 'not_allowed':
      case 'not_found':
        return { status, posted: { scope, typed, errors: {}, message } };
    }
  }

  const adminHref = (id: string, saved: string) => `/admin/udbud/${encodeURIComponent(id)}?gemt=${saved}`;

  app.get<{ Params: { id: string }; Querystring: { gemt?: string } }>('/admin/udbud/:id', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    return reply.view('admin/tender', await page(row, null, typeof request.query.gemt === 'string' ? request.query.gemt : null, request.lang));
  });

  app.post<{ Params: { id: string } }>('/admin/udbud/:id/tekst', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    const typed = scoped(request.body, 'text');
    const form = parseForm(officerTextSchema.extend({ officer_version: officerVersion }), { ...typed, officer_version: versionOf(request.body) }, request.lang);
    if (!form.ok) return again(request, reply, row.id, 400, { scope: 'text', typed, errors: form.errors });
    const { officer_version: expected, ...text } = form.data;
    try {
      const saved = await saveOfficerText(app.db, row.id, text, expected, request.user!);
      return reply.redirect(adminHref(row.id, saved.changed.length ? 'tekst' : 'uaendret'), 303);
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      const { status, posted } = refusedForm(error, 'text', typed, request.lang);
      return again(request, reply, row.id, status, posted);
    }
  });

  app.post<{ Params: { id: string } }>(`/admin/udbud/:id/${WAIVER_PATH}`, async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    const typed = scoped(request.body, 'waiver');
    const result = await setWaiver(app.db, row.id, typed.reason ?? '', request.user!);
    if (result.ok) return reply.redirect(adminHref(row.id, WAIVER_PATH), 303);
    const { form, ...errors } = wordErrors(request.lang, result.errors).errors;
    return again(request, reply, row.id, result.code === 'invalid' ? 400 : 409, { scope: 'waiver', typed, errors, ...(form ? { message: form } : {}) });
  });

  /**
   * The contract form: the contract decision with the targets agreed at signing (contracts/signing.ts),
   * read against the requirements the tender carries and their measures in the catalogue now.
   */
  async function signing(request: FastifyRequest, reply: FastifyReply, row: TenderRow, typed: Record<string, string>) {
    const form = parseForm(signingSchema(await signingRequirements(app.db, row.id)), typed, request.lang);
    const version = parseForm(z.object({ officer_version: officerVersion }), { officer_version: versionOf(request.body) }, request.lang);
    if (!form.ok || !version.ok) {
      const errors = form.ok ? {} : form.errors;
      const message = version.ok ? undefined : version.errors.officer_version;
      return again(request, reply, row.id, 400, { scope: 'contract', typed, errors, ...(message ? { message } : {}) });
    }
    try {
      await signContract(app.db, row.id, form.data, version.data.officer_version, request.user!, { extraClosedDays: app.config.extraClosedDays });
      return reply.redirect(adminHref(row.id, decisionPaths.contract), 303);
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      const { status, posted } = refusedForm(error, 'contract', typed, request.lang);
      return again(request, reply, row.id, status, posted);
    }
  }

  for (const kind of Object.keys(decisionPaths) as DecisionKind[]) {
    app.post<{ Params: { id: string } }>(`/admin/udbud/:id/${decisionPaths[kind]}`, async (request, reply) => {
      const row = await tenderOr404(request, reply);
      if (!row) return reply;
      const typed = scoped(request.body, kind);
      if (kind === 'contract') return signing(request, reply, row, typed);
      const schema = decisionSchemas[kind];
      const form = parseForm(schema, typed, request.lang);
      const version = parseForm(z.object({ officer_version: officerVersion }), { officer_version: versionOf(request.body) }, request.lang);
      if (!form.ok || !version.ok) {
        const errors = form.ok ? {} : form.errors;
        const message = version.ok ? undefined : version.errors.officer_version;
        return again(request, reply, row.id, 400, { scope: kind, typed, errors, ...(message ? { message } : {}) });
      }
      try {
        // The schema chosen by `kind` produced these details; the pairing holds by construction.
        const input = { kind, details: form.data } as DecisionInput;
        await recordDecision(app.db, row.id, input, version.data.officer_version, request.user!, { extraClosedDays: app.config.extraClosedDays });
        return reply.redirect(adminHref(row.id, decisionPaths[kind]), 303);
      } catch (error) {
        if (!(error instanceof DecisionRefused)) throw error;
        const { status, posted } = refusedForm(error, kind, typed, request.lang);
        return again(request, reply, row.id, status, posted);
      }
    });
  }
}

/** The 404 page for a tender id that does not exist. */
const notFound = (reply: FastifyReply, lang: Lang, id: string) =>
  renderError(reply, 404, t(lang, 'errors.tenderNotFoundTitle'), t(lang, 'errors.tenderNotFoundMessage', { id }));

/** The officer_version hidden field, as posted (unscoped: every form on the page carries one). */
const versionOf = (body: unknown) => typedValues(body).officer_version ?? '';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { addContact, firmAccount, listTrades, removeContact, updateFirm, updateOwnContact } from '../../../firms/accounts.js';
import type { SignedInFirm } from '../../../firms/sessions.js';
import { t, type TranslationKey } from '../../../i18n/index.js';
import { parseForm, type FieldErrors } from '../../admin/forms.js';
import { addContactForm, detailsForm, firmFormView, meForm, postedValues, refusalError, withError, type FirmFormValues } from './form.js';
import { firmOrSignIn } from './guard.js';
import { signupLimit } from './limits.js';

// /virksomhed (Min virksomhed): the firm's details, trades and choices, its status, its contact
// people (add one, remove one but never the last), and the signed-in contact's own name and phone.

const notices: Record<string, TranslationKey> = {
  gemt: 'firmAccount.account.saved',
  tilfoejet: 'firmAccount.account.added',
  fjernet: 'firmAccount.account.removed',
  mig: 'firmAccount.account.meSaved',
};

interface Shown {
  /** The details form as typed (after an error in it); else the stored details. */
  details?: FirmFormValues;
  /** The own-details form as typed. */
  me?: Record<string, string>;
  /** The new contact form as typed. */
  added?: Record<string, string>;
  errors?: { errors: FieldErrors; errorList: unknown[] };
}

async function showAccount(request: FastifyRequest, reply: FastifyReply, signedIn: SignedInFirm, shown: Shown = {}) {
  const lang = request.lang;
  const account = await firmAccount(request.server.db, signedIn.firmId);
  if (!account) return reply.redirect('/virksomhed/log-ind', 303);
  const { firm, contacts } = account;
  const me = contacts.find((c) => c.id === signedIn.contactId);
  const stored: FirmFormValues = {
    values: { name: firm.name, address: firm.address, postalCode: firm.postal_code, city: firm.city, size: firm.size },
    trades: account.trades,
    publicListing: firm.public_listing,
    wantsInvitations: firm.wants_invitations,
  };
  const details = shown.details ?? stored;
  prepareForm(request, reply);
  const notice = notices[String((request.query as Record<string, unknown>).besked ?? '')];
  return reply.view('pages/firm-account', {
    pageTitle: t(lang, 'firmAccount.account.pageTitle'),
    firmInfo: { name: firm.name, cvr: firm.cvr, status: t(lang, `firmAccount.account.status.${firm.status}`), listed: firm.status === 'approved' && firm.public_listing },
    signedInAs: t(lang, 'firmAccount.account.signedInAs', { name: me?.name ?? signedIn.contactName, email: me?.email ?? signedIn.email }),
    notice: notice ? t(lang, notice) : null,
    ...firmFormView(await listTrades(request.server.db), details, lang),
    me: {
      ...(shown.me ?? { contactName: me?.name ?? '', phone: me?.phone ?? '' }),
      langOptions: (['da', 'en'] as const).map((value) => ({
        value,
        label: t(lang, value === 'da' ? 'firmAccount.form.langDa' : 'firmAccount.form.langEn'),
        checked: (shown.me?.lang ?? me?.lang ?? lang) === value,
      })),
    },
    added: shown.added ?? {},
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      isMe: c.id === signedIn.contactId,
      removeLabel: t(lang, 'firmAccount.account.remove', { name: c.name }),
    })),
    canRemove: contacts.length > 1,
    ...shown.errors,
  });
}

export async function accountRoutes(app: FastifyInstance) {
  app.get('/virksomhed', async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    return firm ? showAccount(request, reply, firm) : reply;
  });

  app.post('/virksomhed', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const form = parseForm(detailsForm, request.body, request.lang);
    if (!form.ok) return showAccount(request, reply.code(400), firm, { details: postedValues(request.body), errors: form });
    const result = await updateFirm(app.db, firm.firmId, form.data);
    if (!result.ok) return showAccount(request, reply.code(400), firm, { details: postedValues(request.body), errors: withError(refusalError(result.refusal, request.lang)) });
    return reply.redirect('/virksomhed?besked=gemt', 303);
  });

  app.post('/virksomhed/kontakter', { preHandler: app.csrfProtection, config: { rateLimit: signupLimit(app) } }, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const added = postedValues(request.body).values;
    const form = parseForm(addContactForm, request.body, request.lang);
    if (!form.ok) return showAccount(request, reply.code(400), firm, { added, errors: form });
    const result = await addContact(app.db, firm.firmId, { contactName: form.data.newContactName, email: form.data.newEmail, lang: request.lang });
    if (!result.ok) return showAccount(request, reply.code(409), firm, { added, errors: withError({ ...refusalError(result.refusal, request.lang), field: 'newEmail' }) });
    request.log.info({ firmId: firm.firmId, contactId: result.value }, 'firm added a contact person');
    return reply.redirect('/virksomhed?besked=tilfoejet', 303);
  });

  app.post<{ Params: { id: string } }>('/virksomhed/kontakter/:id/fjern', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const id = /^[0-9a-f-]{36}$/.test(request.params.id) ? request.params.id : '';
    const outcome = id ? await removeContact(app.db, firm.firmId, id) : 'notFound';
    if (outcome === 'last') return showAccount(request, reply.code(409), firm, { errors: withError({ field: 'contacts', message: t(request.lang, 'firmAccount.account.lastContact') }) });
    if (outcome === 'notFound') return reply.callNotFound();
    request.log.info({ firmId: firm.firmId, contactId: id }, 'firm removed a contact person');
    // Removing oneself ends one's own session with the contact (the sessions cascade).
    return reply.redirect(id === firm.contactId ? '/' : '/virksomhed?besked=fjernet', 303);
  });

  app.post('/virksomhed/mig', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const form = parseForm(meForm, request.body, request.lang);
    if (!form.ok) return showAccount(request, reply.code(400), firm, { me: postedValues(request.body).values, errors: form });
    await updateOwnContact(app.db, firm.contactId, { name: form.data.contactName, phone: form.data.phone, lang: form.data.lang });
    return reply.redirect('/virksomhed?besked=mig', 303);
  });
}

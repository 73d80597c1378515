import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUser, DuplicateEmailError, findUser, generatePassword, listUsers, newUserSchema, roles, updateUser } from '../../auth/users.js';
import { t, type Lang } from '../../i18n/index.js';
import { msg } from '../../i18n/messages.js';
import { formatDateTime } from '../../wording/format.js';
import { renderError } from '../errors.js';
import { parseForm, typedValues } from './forms.js';

const createFormSchema = newUserSchema.extend({
  password: z.preprocess((v) => (v === '' ? undefined : v), newUserSchema.shape.password.optional()),
});

const updateFormSchema = z.object({
  action: z.enum(['role', 'disable', 'enable'], { error: msg('adminRules.users.errors.action') }),
  role: z.enum(roles, { error: msg('adminRules.users.errors.role') }).optional(),
});

const roleLabel = (lang: Lang, role: (typeof roles)[number]) => t(lang, `adminRules.users.roles.${role}`);

export async function userRoutes(app: FastifyInstance) {
  const page = async (lang: Lang, extra: Record<string, unknown> = {}) => {
    const users = await listUsers(app.db);
    return {
      pageTitle: t(lang, 'adminRules.users.pageTitle'),
      roles: roles.map((value) => ({ value, label: roleLabel(lang, value) })),
      users: users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        roleLabel: roleLabel(lang, u.role),
        disabled: u.disabled_at !== null,
        lastLogin: u.last_login_at ? formatDateTime(u.last_login_at, lang) : t(lang, 'adminRules.users.never'),
        otherRoles: roles.filter((r) => r !== u.role).map((value) => ({ value, label: roleLabel(lang, value) })),
      })),
      typed: { role: 'officer' },
      errors: {},
      ...extra,
    };
  };

  app.get('/admin/brugere', { config: { adminOnly: true } }, async (request, reply) => reply.view('admin/users', await page(request.lang)));

  app.post('/admin/brugere', { config: { adminOnly: true } }, async (request, reply) => {
    const lang = request.lang;
    const form = parseForm(createFormSchema, request.body, lang);
    const typed = typedValues(request.body);
    if (!form.ok) {
      reply.code(400);
      return reply.view('admin/users', await page(lang, { typed, errors: form.errors, errorList: form.errorList }));
    }
    const password = form.data.password ?? generatePassword();
    try {
      const user = await createUser(app.db, { ...form.data, password }, request.user!);
      return reply.view('admin/users', await page(lang, { created: { email: user.email, password: form.data.password ? null : password } }));
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      reply.code(error.status);
      const message = t(lang, 'adminRules.users.duplicate', { email: error.email });
      return reply.view('admin/users', await page(lang, { typed, errors: { email: message }, errorList: [{ field: 'email', message }] }));
    }
  });

  app.post<{ Params: { id: string } }>('/admin/brugere/:id', { config: { adminOnly: true } }, async (request, reply) => {
    const lang = request.lang;
    // Digits only, and within PostgreSQL's integer: anything else is no user.
    const user = /^\d{1,9}$/.test(request.params.id) ? await findUser(app.db, Number(request.params.id)) : null;
    if (!user) return renderError(reply, 404, t(lang, 'adminRules.users.notFoundTitle'), t(lang, 'adminRules.users.notFoundMessage', { id: request.params.id }));
    const form = parseForm(updateFormSchema, request.body, lang);
    if (!form.ok) return renderError(reply, 400, t(lang, 'adminRules.users.notSavedTitle'), Object.values(form.errors).join(' '));
    if (user.id === request.user!.id && form.data.action !== 'enable') {
      return renderError(reply, 400, t(lang, 'adminRules.users.notSavedTitle'), t(lang, 'adminRules.users.notSelf'));
    }
    const change = form.data.action === 'role' ? { role: form.data.role ?? user.role } : { disabled: form.data.action === 'disable' };
    await updateUser(app.db, user.id, change, request.user!);
    return reply.redirect('/admin/brugere', 303);
  });
}

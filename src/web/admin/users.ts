import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUser, DuplicateEmailError, findUser, generatePassword, listUsers, newUserSchema, roleLabels, roles, updateUser } from '../../auth/users.js';
import { formatDateTime } from '../format.js';
import { renderError } from '../errors.js';
import { parseForm, typedValues } from './forms.js';

const createFormSchema = newUserSchema.extend({
  password: z.preprocess((v) => (v === '' ? undefined : v), newUserSchema.shape.password.optional()),
});

const updateFormSchema = z.object({
  action: z.enum(['role', 'disable', 'enable'], { error: 'Ukendt handling' }),
  role: z.enum(roles, { error: 'Vælg en rolle' }).optional(),
});

export async function userRoutes(app: FastifyInstance) {
  const page = async (extra: Record<string, unknown> = {}) => {
    const users = await listUsers(app.db);
    return {
      pageTitle: 'Brugere',
      roles: roles.map((value) => ({ value, label: roleLabels[value] })),
      users: users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        roleLabel: roleLabels[u.role],
        disabled: u.disabled_at !== null,
        lastLogin: u.last_login_at ? formatDateTime(u.last_login_at) : 'aldrig',
        otherRoles: roles.filter((r) => r !== u.role).map((value) => ({ value, label: roleLabels[value] })),
      })),
      typed: { role: 'officer' },
      errors: {},
      ...extra,
    };
  };

  app.get('/admin/brugere', { config: { adminOnly: true } }, async (_request, reply) => reply.view('admin/users', await page()));

  app.post('/admin/brugere', { config: { adminOnly: true } }, async (request, reply) => {
    const form = parseForm(createFormSchema, request.body);
    const typed = typedValues(request.body);
    if (!form.ok) {
      reply.code(400);
      return reply.view('admin/users', await page({ typed, errors: form.errors, errorList: form.errorList }));
    }
    const password = form.data.password ?? generatePassword();
    try {
      const user = await createUser(app.db, { ...form.data, password }, request.user!);
      return reply.view('admin/users', await page({ created: { email: user.email, password: form.data.password ? null : password } }));
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      reply.code(409);
      const errors = { email: error.message };
      return reply.view('admin/users', await page({ typed, errors, errorList: [{ field: 'email', message: error.message }] }));
    }
  });

  app.post<{ Params: { id: string } }>('/admin/brugere/:id', { config: { adminOnly: true } }, async (request, reply) => {
    // Digits only, and within PostgreSQL's integer: anything else is no user.
    const user = /^\d{1,9}$/.test(request.params.id) ? await findUser(app.db, Number(request.params.id)) : null;
    if (!user) return renderError(reply, 404, 'Brugeren findes ikke', `Der er ingen bruger med id ${request.params.id}.`);
    const form = parseForm(updateFormSchema, request.body);
    if (!form.ok) return renderError(reply, 400, 'Ændringen kunne ikke gemmes', Object.values(form.errors).join(' '));
    if (user.id === request.user!.id && form.data.action !== 'enable') {
      return renderError(reply, 400, 'Ændringen kunne ikke gemmes', 'Du kan ikke fjerne din egen administratoradgang eller deaktivere dig selv.');
    }
    const change = form.data.action === 'role' ? { role: form.data.role ?? user.role } : { disabled: form.data.action === 'disable' };
    await updateUser(app.db, user.id, change, request.user!);
    return reply.redirect('/admin/brugere', 303);
  });
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestUser } from './users.js';
import type { Db } from '../../src/db/database.js';
import { testApp, type Teardown } from './app.js';
import { withTenders } from './decisions.js';

export const TEST_PASSWORD = 'en-lang-adgangskode-til-test';

/** A browser stand-in for app.inject: keeps cookies, and adds the CSRF token to every form it posts. */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: FastifyInstance) {}

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires < new Date())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1]!;
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form as a browser would (urlencoded), with the latest CSRF token unless one is given. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }
}

/** A user of the given role, signed in through the real login form. */
export async function signedIn(app: FastifyInstance, db: Db, role: 'officer' | 'admin', email = `${role}@koege.test`) {
  await createTestUser(db, { email, role, name: role === 'admin' ? 'Ada Admin' : 'Otto Officer', password: TEST_PASSWORD });
  const browser = new Browser(app);
  await browser.get('/login');
  const res = await browser.post('/login', { email, password: TEST_PASSWORD });
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
  await browser.get('/admin');
  return browser;
}

/** The app with the decision tests' tenders, and an officer signed in to its back office. */
export async function officerWithTenders(t: Teardown) {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const officer = await signedIn(app, database.db, 'officer');
  return { app, database, db: database.db, officer };
}

import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import { testApp } from '../helpers/app.js';
import { Browser, signedIn, TEST_PASSWORD } from '../helpers/officer.js';

const concrete = (url: string) => url.replace(/:(\w+)/g, 'TEST-1');

t.test('every /admin route: anonymous HTML goes to the login page, JSON gets 401', async (t) => {
  const { app } = await testApp(t);
  await app.ready();
  const adminRoutes = app.routeList.filter((r) => r.url.startsWith('/admin') && r.method !== 'HEAD');
  t.ok(adminRoutes.length >= 3, `found ${adminRoutes.length} admin routes`);
  for (const route of adminRoutes) {
    const url = concrete(route.url);
    const html = await app.inject({ method: route.method as 'GET', url, headers: { accept: 'text/html' } });
    t.equal(html.statusCode, 303, `${route.method} ${url} redirects`);
    t.equal(html.headers.location, `/login?next=${encodeURIComponent(url)}`);
    const json = await app.inject({ method: route.method as 'GET', url, headers: { accept: 'application/json' } });
    t.equal(json.statusCode, 401, `${route.method} ${url} JSON`);
    t.equal(json.json().error.status, 401);
  }
});

t.test('an officer cannot use admin-only routes', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  const adminOnly = app.routeList.filter((r) => r.adminOnly && r.method !== 'HEAD');
  t.ok(adminOnly.length >= 2, `found ${adminOnly.length} admin-only routes`);
  for (const route of adminOnly) {
    const url = concrete(route.url);
    const res = route.method === 'GET' ? await officer.get(url) : await officer.post(url, {});
    t.equal(res.statusCode, 403, `${route.method} ${url}`);
    t.match(res.body, /Kun for administratorer/);
  }
  t.equal((await officer.get('/admin')).statusCode, 200, 'but the back office itself is open to officers');
});

t.test('signing in: httpOnly SameSite=Lax cookie, a new session id each time, back to where you were going', async (t) => {
  const { app, database } = await testApp(t);
  await createUser(database.db, { email: 'anne@koege.test', role: 'officer', name: 'Anne', password: TEST_PASSWORD }, null);
  const browser = new Browser(app);
  const form = await browser.get('/login?next=%2Fadmin%2Fkrav');
  t.match(form.body, /name="next" value="\/admin\/krav"/);
  const res = await browser.post('/login', { email: 'Anne@Koege.test', password: TEST_PASSWORD, next: '/admin/krav' });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/krav');
  const cookie = res.cookies.find((c) => c.name === 'udbud_session')!;
  t.ok(cookie.httpOnly);
  t.equal(cookie.sameSite, 'Lax');
  const first = cookie.value;
  await browser.get('/login');
  await browser.post('/login', { email: 'anne@koege.test', password: TEST_PASSWORD });
  t.not(browser.cookies.get('udbud_session'), first, 'a new session id at every login');
  const old = await app.inject({ url: '/admin', headers: { cookie: `udbud_session=${first}` } });
  t.equal(old.statusCode, 303, 'the old session is gone');
  const evil = await browser.post('/login', { email: 'anne@koege.test', password: TEST_PASSWORD, next: 'https://evil.example/' });
  t.equal(evil.headers.location, '/admin', 'no open redirect');
});

t.test('Secure cookies behind https', async (t) => {
  const { app, database } = await testApp(t, { config: { session: { idleMinutes: 30, maxHours: 10, secureCookie: true } } });
  await createUser(database.db, { email: 'sec@koege.test', role: 'officer', name: '', password: TEST_PASSWORD }, null);
  const browser = new Browser(app);
  await browser.get('/login');
  const res = await browser.post('/login', { email: 'sec@koege.test', password: TEST_PASSWORD });
  t.ok(res.cookies.find((c) => c.name === 'udbud_session')!.secure);
});

t.test('logout ends the session on the server', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  const token = officer.cookies.get('udbud_session')!;
  const res = await officer.post('/logout', {});
  t.equal(res.statusCode, 303);
  const reuse = await app.inject({ url: '/admin', headers: { cookie: `udbud_session=${token}` } });
  t.equal(reuse.statusCode, 303, 'the cookie no longer signs in');
  t.equal((await database.db.selectFrom('sessions').select('user_id').execute()).length, 0);
});

t.test('idle and absolute expiry', async (t) => {
  const { app, database } = await testApp(t);
  const idle = await signedIn(app, database.db, 'officer');
  await database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).execute();
  t.equal((await idle.get('/admin')).statusCode, 303, 'idle too long');
  const absolute = await signedIn(app, database.db, 'admin');
  await database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
  t.equal((await absolute.get('/admin')).statusCode, 303, 'past the absolute expiry');
});

t.test('a request restarts the idle clock, writing it at most once a minute', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  const seen = async () => (await database.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at.getTime();
  const almostIdle = new Date(Date.now() - 29 * 60_000);
  await database.db.updateTable('sessions').set({ last_seen_at: almostIdle }).execute();
  t.equal((await officer.get('/admin')).statusCode, 200, 'still signed in a minute before the idle limit');
  t.ok((await seen()) > Date.now() - 10_000, 'the idle clock restarted');
  const recently = new Date(Date.now() - 30_000);
  await database.db.updateTable('sessions').set({ last_seen_at: recently }).execute();
  t.equal((await officer.get('/admin')).statusCode, 200);
  t.equal(await seen(), recently.getTime(), 'seen half a minute ago: not written again');
});

t.test('unknown e-mail and wrong password get the same answer; repeated failures lock the account', async (t) => {
  const { app, database } = await testApp(t);
  await createUser(database.db, { email: 'bo@koege.test', role: 'officer', name: '', password: TEST_PASSWORD }, null);
  const browser = new Browser(app);
  await browser.get('/login');
  const unknown = await browser.post('/login', { email: 'nobody@koege.test', password: 'x' });
  const wrong = await browser.post('/login', { email: 'bo@koege.test', password: 'forkert' });
  t.equal(unknown.statusCode, 401);
  t.equal(wrong.statusCode, 401);
  const message = (body: string) => /role="alert"><svg class="icon-svg alert-icon"[^>]*><use href="\/dkfds\/img\/all-svg-icons.svg#error"><\/use><\/svg>\s*<div class="alert-body"><p class="alert-text">([^<]+)</.exec(body)?.[1];
  t.equal(message(unknown.body), message(wrong.body));
  t.equal(message(wrong.body), 'Forkert e-mailadresse eller adgangskode.');
  t.match(wrong.body, /value="bo@koege.test"/, 'the e-mail stays typed');
  for (let i = 0; i < 4; i++) await browser.post('/login', { email: 'bo@koege.test', password: 'forkert' });
  const locked = await browser.post('/login', { email: 'bo@koege.test', password: TEST_PASSWORD });
  t.equal(locked.statusCode, 429, 'locked even with the right password');
  t.match(locked.body, /For mange mislykkede forsøg/);
  const lockedUnknown = await (async () => {
    for (let i = 0; i < 5; i++) await browser.post('/login', { email: 'ghost@koege.test', password: 'x' });
    return browser.post('/login', { email: 'ghost@koege.test', password: 'x' });
  })();
  t.equal(lockedUnknown.statusCode, 429, 'an unknown e-mail locks the same way: nothing reveals which exist');
});

t.test('too many failures from one IP address lock it across accounts', async (t) => {
  const { app, database } = await testApp(t);
  await createUser(database.db, { email: 'ip@koege.test', role: 'officer', name: '', password: TEST_PASSWORD }, null);
  await database.db.insertInto('login_failures').values(Array.from({ length: 30 }, () => ({ subject: 'ip:127.0.0.1' }))).execute();
  const browser = new Browser(app);
  await browser.get('/login');
  t.equal((await browser.post('/login', { email: 'ip@koege.test', password: TEST_PASSWORD })).statusCode, 429);
});

t.test('a form without a valid CSRF token is refused', async (t) => {
  const { app, database } = await testApp(t);
  const admin = await signedIn(app, database.db, 'admin');
  const missing = await admin.post('/admin/brugere', { email: 'x@koege.test', role: 'officer' }, { csrf: null });
  t.equal(missing.statusCode, 403);
  t.match(missing.body, /Formularen er udløbet/);
  const forged = await admin.post('/admin/brugere', { email: 'x@koege.test', role: 'officer' }, { csrf: 'forged' });
  t.equal(forged.statusCode, 403);
  t.equal((await database.db.selectFrom('users').select('id').execute()).length, 1, 'nothing created');
  const login = await new Browser(app).post('/login', { email: 'admin@koege.test', password: TEST_PASSWORD }, { csrf: null });
  t.equal(login.statusCode, 403, 'the login form too');
});

t.test('admins add users, change roles and disable accounts; a disabled user is signed out', async (t) => {
  const { app, database } = await testApp(t);
  const admin = await signedIn(app, database.db, 'admin');
  const bad = await admin.post('/admin/brugere', { email: 'ikke-en-mail', name: 'Karen', role: 'officer', password: 'kort' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /id="email-error"><span class="sr-only">Fejl: <\/span>Skriv en gyldig e-mailadresse/);
  t.match(bad.body, /Adgangskoden skal være mindst 12 tegn/);
  t.match(bad.body, /name="name" value="Karen"/, 'keeps what was typed');
  t.match(bad.body, /name="email" value="ikke-en-mail"/);

  const created = await admin.post('/admin/brugere', { email: 'karen@koege.test', name: 'Karen', role: 'officer', password: '' });
  t.equal(created.statusCode, 200);
  const password = /vises kun nu\): <code>([^<]+)<\/code>/.exec(created.body)?.[1];
  t.ok(password, 'a generated password is shown once');
  const dup = await admin.post('/admin/brugere', { email: 'KAREN@koege.test', name: '', role: 'officer', password: '' });
  t.equal(dup.statusCode, 409);

  const karen = new Browser(app);
  await karen.get('/login');
  t.equal((await karen.post('/login', { email: 'karen@koege.test', password: password! })).statusCode, 303);
  const karenId = (await database.db.selectFrom('users').select('id').where('email', '=', 'karen@koege.test').executeTakeFirstOrThrow()).id;
  await admin.get('/admin/brugere');
  t.equal((await admin.post(`/admin/brugere/${karenId}`, { action: 'role', role: 'admin' })).statusCode, 303);
  t.equal((await karen.get('/admin/brugere')).statusCode, 200, 'now an admin');
  await admin.get('/admin/brugere');
  await admin.post(`/admin/brugere/${karenId}`, { action: 'disable' });
  t.equal((await karen.get('/admin')).statusCode, 303, 'disabled: signed out at once');
  await karen.get('/login');
  t.equal((await karen.post('/login', { email: 'karen@koege.test', password: password! })).statusCode, 401, 'and cannot sign in');

  const audit = await database.db.selectFrom('audit_log').select(['action', 'user_email', 'new_value']).orderBy('id').execute();
  t.match(audit.map((a) => a.action), ['user.create', 'user.login', 'user.create', 'user.login', 'user.role', 'user.disable']);
  t.match(audit.find((a) => a.action === 'user.role'), { user_email: 'admin@koege.test', new_value: { role: 'admin' } });
});

t.test('an admin cannot lock themselves out', async (t) => {
  const { app, database } = await testApp(t);
  const admin = await signedIn(app, database.db, 'admin');
  const me = (await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
  await admin.get('/admin/brugere');
  const res = await admin.post(`/admin/brugere/${me}`, { action: 'disable' });
  t.equal(res.statusCode, 400);
  t.match(res.body, /Du kan ikke fjerne din egen administratoradgang/);
});

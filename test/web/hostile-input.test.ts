import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import { loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { copenhagenDay, EU_TENDER, SMALL_TENDER, UNVALUED_TENDER, withTenders } from '../helpers/decisions.js';
import { testApp } from '../helpers/app.js';
import {
  encodeFields,
  payloads,
  postForms,
  problemWith,
  rawPost,
  SCRIPT,
  shapeVariants,
  valueVariants,
  wholeQueries,
  type FormFields,
} from '../helpers/hostile.js';
import { Browser, signedIn, TEST_PASSWORD } from '../helpers/officer.js';
import { signedInFirm } from '../helpers/firms.js';

// Thousands of hostile requests against every route: on a busy machine that can pass the
// suite's 120 s per file, so this file has ten minutes.
t.setTimeout(600_000);

// Every registered route gets hostile input: each GET route in its path parameters and in the
// query parameters it reads, each form in every field (with a valid CSRF token and without), and
// bodies that are no form at all. Whatever comes in, the answer is never a 5xx, and is either a
// refusal that says in Danish what is wrong, or a page where the hostile text is escaped.
// One app for the whole file: the GET walk changes nothing, the forms run in route order, and the
// last walk reads what the forms stored.

const FILTER = ['q', 'status', 'workType', 'contractType', 'requirement', 'cpv', 'minValue', 'maxValue', 'includeUnvalued', 'delayed', 'sort', 'page'];

/** The query parameters each GET route reads; every route also gets one it does not know (`x`). */
const queryParameters: Record<string, string[]> = {
  '/udbud': FILTER,
  '/udbud.csv': FILTER,
  '/feeds/udbud.rss': FILTER,
  '/feeds/udbud.atom': FILTER,
  '/kalender/udbud.ics': FILTER,
  '/abonnement': FILTER,
  '/admin/udbud': FILTER,
  '/api/v1/tenders': [...FILTER.filter((p) => p !== 'page' && p !== 'sort'), 'cursor', 'limit'],
  '/api/v1/events': ['since', 'cursor', 'limit'],
  '/api/ocds/releases': ['since', 'cursor', 'limit'],
  '/api/v1/procedure': ['amountDkk', 'contractType', 'date'],
  '/taerskler': ['amountDkk', 'contractType'],
  '/admin/revision': ['user', 'action', 'entityType', 'entityId', 'from', 'to', 'page'],
  '/login': ['next'],
  '/abonnement/administrer/:token': ['besked'],
  '/admin/udbud/:id': ['gemt'],
  '/admin/taerskler/ny': ['kopi'],
  '/admin/taerskler/:id': ['gemt'],
  '/admin/krav/:code': ['besked'],
  '/kontrakter': ['overBudget', 'late'],
};

/** Values that make a form valid where its page leaves fields empty, so one hostile field reaches the database. */
const validFields: Record<string, Record<string, string>> = {
  '/abonnement': { email: 'fjendtlig@firma.dk', frequency: 'daily' },
  '/login': { email: 'nogen@koege.test', password: 'forkert-adgangskode' },
  '/admin/brugere': { email: 'ny@koege.test', name: 'Ny Bruger', role: 'officer' },
  '/admin/krav/ny': { code: 'FJENDTLIG-1', category: 'social', title: 'Fjendtligt krav', summary: 'Et krav til test' },
  '/admin/taerskler': { name: 'Fjendtligt tærskelsæt', effectiveFrom: copenhagenDay(60) },
  '/admin/udbud/:id/tildeling': {
    'award-winnerName': 'Hansen ApS',
    'award-winnerCvr': '12345678',
    'award-awardValueDkk': '48750000',
    'award-bidsReceived': '4',
    'award-criterion': 'lowest_price',
    'award-decidedOn': copenhagenDay(-3),
    'award-notifiedOn': copenhagenDay(0),
    'award-justification': 'Laveste pris.',
  },
  '/admin/udbud/:id/aflysning': { 'cancellation-reason': 'Ingen egnede tilbud.', 'cancellation-decidedOn': copenhagenDay(-1) },
  '/admin/udbud/:id/direkte-tildeling': {
    'direct_award-justification': 'Under tærsklen.',
    'direct_award-winnerName': 'Jensen ApS',
    'direct_award-winnerCvr': '12345678',
    'direct_award-valueDkk': '250000',
    'direct_award-decidedOn': copenhagenDay(-1),
  },
};

// ---- One app, with tenders, an officer to administer, subscriptions and a future threshold set.
const { app, database } = await testApp(t, { config: { subscribeRateLimitPerHour: 1_000_000 } });
await withTenders(database.db);
const admin = await signedIn(app, database.db, 'admin');
const visitor = new Browser(app);
await visitor.get('/login');
const officer = await createUser(database.db, { email: 'otto@koege.test', role: 'officer', name: 'Otto', password: TEST_PASSWORD }, null);
const subscription = async (confirmed: boolean) =>
  (await database.db
    .insertInto('subscriptions')
    .values({ email: `${confirmed ? 'bekraeftet' : 'afventer'}@firma.dk`, filter: JSON.stringify({ q: 'tag' }), frequency: 'daily', confirmed_at: confirmed ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow()).id;
const signer = await loadLinkSigner(database.db);
const confirmToken = signer.sign('confirm', await subscription(false));
const manageToken = signer.sign('manage', await subscription(true));
const newSet = postForms((await admin.get('/admin/taerskler/ny')).body).get('/admin/taerskler')!;
const created = await admin.post('/admin/taerskler', Object.fromEntries([...newSet, ['effectiveFrom', copenhagenDay(30)]]));
const futureSetId = /\/admin\/taerskler\/(\d+)/.exec(String(created.headers.location))?.[1];
if (!futureSetId) throw new Error(`no future threshold set: ${created.statusCode}`);

/** Real values for a route's path parameters, so hostile input elsewhere reaches the route's own logic. */
const realPaths: Record<string, string> = {
  '/admin/brugere/:id': `/admin/brugere/${officer.id}`,
  '/admin/taerskler/:id': `/admin/taerskler/${futureSetId}`,
  '/admin/udbud/:id/aflysning': `/admin/udbud/${SMALL_TENDER}/aflysning`,
  '/admin/udbud/:id/direkte-tildeling': `/admin/udbud/${UNVALUED_TENDER}/direkte-tildeling`,
  '/abonnement/bekraeft/:token': `/abonnement/bekraeft/${confirmToken}`,
  '/abonnement/administrer/:token': `/abonnement/administrer/${manageToken}`,
  '/abonnement/afmeld/:token': `/abonnement/afmeld/${manageToken}`,
  '/dkfds/*': '/dkfds/css/dkfds-virkdk.min.css',
  '/static/*': '/static/css/app.css',
};
const realParams: Record<string, string> = { id: EU_TENDER, code: 'LAB-ILO94', kind: 'daily', ocid: `ocds-kge001-${EU_TENDER}` };
const realPath = (url: string) => realPaths[url] ?? url.replace(/:(\w+)/g, (_m, name: string) => realParams[name] ?? 'x').replace('*', 'x');

// A firm's own pages (Min virksomhed and its forms) are read and posted by a signed-in firm; its
// sign-out, like the officers' logout, by the visitor, so the session lasts the walk.
const firm = (await signedInFirm(app, database.db)).browser;
const isFirmPage = (url: string) => /^\/virksomhed(\/(kontakter|mig|slet|data)(\/|$)|$)/.test(url);
const browserFor = (url: string) => (url.startsWith('/admin') ? admin : isFirmPage(url) ? firm : visitor);
const routes = (method: string) => app.routeList.filter((r) => r.method === method);
const withParameters = (url: string) => /[:*]/.test(url);

/** The page that offers each form (a tender's decision forms are on its own page), by the path it posts to. */
const formPages = new Map<string, string>();
for (const page of [...routes('GET').filter((r) => !/^\/(dkfds|static|api)\//.test(r.url)).map((r) => realPath(r.url)), `/admin/udbud/${SMALL_TENDER}`, `/admin/udbud/${UNVALUED_TENDER}`]) {
  for (const action of postForms((await browserFor(page).get(page)).body).keys()) if (!formPages.has(action)) formPages.set(action, page);
}

// First, before the walk below spends the API's rate limit.
t.test('a bad delayed value gets the Danish refusal naming it, wherever the filter is read', async (t) => {
  const lists = ['/udbud', '/udbud.csv', '/feeds/udbud.rss', '/feeds/udbud.atom', '/kalender/udbud.ics', '/abonnement', '/admin/udbud', '/api/v1/tenders'];
  for (const url of lists) {
    for (const value of ['måske', 'TRUE', '2', SCRIPT]) {
      const res = await browserFor(url).get(`${url}?delayed=${encodeURIComponent(value)}`);
      t.equal(res.statusCode, 400, `${url} delayed=${value}`);
      t.match(res.body, /delayed/, `${url}: names the parameter`);
      t.match(res.body, url.startsWith('/api') ? /skal være true eller false/ : /skal v(æ|&#xe6;|&aelig;)re true eller false/, `${url}: says why, in Danish`);
      t.equal(problemWith(res), '', `${url}: a clear refusal`);
    }
  }
  t.equal((await visitor.get('/udbud?delayed=true')).statusCode, 200, 'a good value still works');
});

t.test('GET routes with hostile path parameters', async (t) => {
  for (const { url } of routes('GET').filter((r) => withParameters(r.url))) {
    await t.test(`GET ${url}`, async (t) => {
      for (const payload of payloads) {
        const res = await browserFor(url).get(url.replace(/:\w+|\*/g, payload.encoded));
        t.equal(problemWith(res), '', payload.name);
      }
    });
  }
});

t.test('GET routes with hostile query parameters', async (t) => {
  for (const { url } of routes('GET')) {
    const path = realPath(url);
    await t.test(`GET ${url}`, async (t) => {
      for (const parameter of [...(queryParameters[url] ?? []), 'x']) {
        for (const variant of [...valueVariants, ...shapeVariants]) {
          const res = await browserFor(url).get(`${path}?${variant.fragment(parameter)}`);
          t.equal(problemWith(res), '', `${parameter}: ${variant.name}`);
        }
      }
      for (const whole of wholeQueries) t.equal(problemWith(await browserFor(url).get(`${path}?${whole.query}`)), '', whole.name);
    });
  }
});

// ---- Forms: the fields are read from the page that offers the form, as a browser would.

/**
 * A form's fields as its page fills them in now, made valid where the page leaves them empty. A
 * form no page offered at the start (a contract, before the award) is looked for on its parent page.
 */
async function formFields(url: string): Promise<FormFields> {
  const action = realPath(url);
  const page = formPages.get(action) ?? (action.replace(/\/[^/]+$/, '') || '/');
  const fields = new Map(postForms((await browserFor(page).get(page)).body).get(action) ?? []);
  for (const [name, value] of Object.entries(validFields[url] ?? {})) fields.set(name, value);
  return [...fields];
}

/** One field per kind: the threshold form's rules[0][minDkk] stands for every row's. */
const attackedFields = (fields: FormFields) => {
  const kinds = new Map<string, string>();
  for (const [name] of fields) if (!kinds.has(name.replace(/\d+/g, 'N'))) kinds.set(name.replace(/\d+/g, 'N'), name);
  return kinds.size ? [...kinds.values()] : ['x'];
};

// Public forms are posted by a visitor, the back office's by a signed-in administrator; logging out
// would end the session the rest of the walk needs, so the visitor posts that.
const formRoutes = () => routes('POST');
const needsCsrf = (url: string) => !url.startsWith('/abonnement/');

t.test('forms with one hostile field, with a valid CSRF token', async (t) => {
  for (const { url } of formRoutes()) {
    await t.test(`POST ${url}`, async (t) => {
      let fields = await formFields(url);
      for (const field of attackedFields(fields)) {
        for (const variant of [...valueVariants, ...shapeVariants.slice(0, 3)]) {
          const body = [encodeFields(fields, field), variant.fragment(encodeURIComponent(field))].filter(Boolean).join('&');
          const res = await rawPost(browserFor(url), realPath(url), body, { csrf: true });
          t.equal(problemWith(res), '', `${field}: ${variant.name}`);
          // A saved form changes what the page offers next (a new version, a decision made).
          if (res.statusCode >= 300 && res.statusCode < 400) fields = await formFields(url);
        }
      }
    });
  }
});

t.test('forms without a CSRF token are refused', async (t) => {
  for (const { url } of formRoutes()) {
    await t.test(`POST ${url}`, async (t) => {
      const fields = attackedFields(await formFields(url));
      for (const variant of valueVariants) {
        const res = await rawPost(browserFor(url), realPath(url), fields.map((f) => variant.fragment(encodeURIComponent(f))).join('&'), { csrf: false });
        t.equal(problemWith(res), '', variant.name);
        // 413 when the hostile fields together pass the form size limit, checked before the token.
        if (needsCsrf(url)) t.ok([403, 413].includes(res.statusCode), `${variant.name}: refused (${res.statusCode})`);
      }
    });
  }
});

t.test('forms sent as JSON or with another content type', async (t) => {
  const bodies: Array<{ name: string; type: string | null; body: (fields: string[]) => string | Buffer }> = [
    { name: 'JSON object with the fields nested', type: 'application/json', body: (f) => JSON.stringify(Object.fromEntries(f.map((n) => [n, { a: [SCRIPT, 1, null] }]))) },
    { name: 'JSON object with the fields as strings', type: 'application/json', body: (f) => JSON.stringify(Object.fromEntries(f.map((n) => [n, SCRIPT]))) },
    { name: 'JSON string', type: 'application/json', body: () => JSON.stringify(SCRIPT) },
    { name: 'JSON array', type: 'application/json', body: () => '[1,2,3]' },
    { name: 'JSON null', type: 'application/json', body: () => 'null' },
    { name: 'malformed JSON', type: 'application/json', body: () => '{"email":' },
    { name: 'empty JSON body', type: 'application/json', body: () => '' },
    { name: 'JSON over 1 MB', type: 'application/json', body: () => JSON.stringify({ x: 'x'.repeat(1_100_000) }) },
    { name: 'plain text', type: 'text/plain', body: () => SCRIPT },
    { name: 'multipart form', type: 'multipart/form-data; boundary=x', body: (f) => `--x\r\nContent-Disposition: form-data; name="${f[0]}"\r\n\r\n${SCRIPT}\r\n--x--\r\n` },
    { name: 'XML', type: 'application/xml', body: () => `<form>${SCRIPT}</form>` },
    { name: 'no content type', type: null, body: (f) => `${f[0]}=${encodeURIComponent(SCRIPT)}` },
    { name: 'form with raw invalid UTF-8 bytes', type: 'application/x-www-form-urlencoded', body: (f) => Buffer.concat([Buffer.from(`${f[0]}=`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80])]) },
    { name: 'form over 256 KB', type: 'application/x-www-form-urlencoded', body: (f) => `${f[0]}=${'x'.repeat(300_000)}` },
  ];
  for (const { url } of formRoutes()) {
    await t.test(`POST ${url}`, async (t) => {
      const fields = attackedFields(await formFields(url));
      for (const { name, type, body } of bodies) {
        const res = await rawPost(browserFor(url), realPath(url), body(fields), { type, csrf: true });
        t.equal(problemWith(res), '', name);
      }
    });
  }
});

t.test('what the forms stored is shown escaped everywhere', async (t) => {
  const pages = [...routes('GET').filter((r) => !/^\/(dkfds|static)\//.test(r.url)).map((r) => realPath(r.url)), ...[EU_TENDER, SMALL_TENDER, UNVALUED_TENDER].flatMap((id) => [`/udbud/${id}`, `/admin/udbud/${id}`])];
  for (const page of pages) t.equal(problemWith(await browserFor(page).get(page)), '', page);
  const stored = await database.db.selectFrom('requirements').select('title').where('title', 'like', '%<script>%').execute();
  t.ok(stored.length > 0, 'a hostile text was stored, so the walk above read it');
});

t.test('no query or form polluted a prototype', async (t) => {
  t.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

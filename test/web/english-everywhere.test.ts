import { sql } from 'kysely';
import t from 'tap';
import { buildScenario } from '../fixtures/ocds/scenario.js';
import { testApp } from '../helpers/app.js';
import { decodeEntities } from '../helpers/html.js';
import { Browser, signedIn } from '../helpers/officer.js';

// The English portal has no Danish of its own left: every page a contractor or an officer can
// reach, with every kind of tender, decision and history entry (the OCDS scenario), an error on
// each form, is read in English and searched for Danish letters and words once everything that is
// data (titles, addresses, requirement texts, officers' texts, names, the municipality) is taken
// out. Text an element marks as Danish (lang="da", such as the language switch) is allowed.

const DANISH_WORDS =
  /(?<![\p{L}\d])(og|eller|ikke|af|til|fra|med|der|det|som|skal|kan|har|ved|efter|udbud|udbuddet|udbuddets|tilbud|tilbudsfrist|frist|krav|kravet|beløb|kr|ekskl|moms|søg|vis|opret|ændr|slet|gem|tilbage|næste|forrige|dag|dage|måned|kvartal|planlagt|aflyst|tildelt)(?![\p{L}\d])/giu;
const DANISH_LETTERS = /[æøåÆØÅ]/u;

/** What a reader sees or hears of a page: its text and its labelling attributes. */
function readable(html: string): string {
  const body = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(a|span|abbr|i|em|q|cite|b|strong|option)\b[^>]*\blang="da"[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  const attributes = [...body.matchAll(/\b(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]);
  return decodeEntities([...attributes, body.replace(/<[^>]+>/g, ' ')].join(' '));
}

/** Every text stored in the database and every configured name: data, which stays as it is. */
async function dataTexts(db: Parameters<typeof buildScenario>[0], config: object): Promise<string[]> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith('{') || value.startsWith('[')) {
        try {
          return walk(JSON.parse(value));
        } catch {
          // not JSON after all: a text
        }
      }
      // Whole, by line, and its first clause (a legal basis is shortened so in one-line explanations).
      for (const piece of [value, ...value.split(/\n+/), value.split(/[;(]/)[0]!]) if (piece.trim().length >= 3) found.add(piece.trim());
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  const tables = ['tenders', 'tender_events', 'decisions', 'requirements', 'threshold_sets', 'threshold_rules', 'users', 'audit_log', 'sync_runs', 'sync_run_items', 'sync_conflicts'];
  for (const table of tables) {
    const rows = await sql<{ row: unknown }>`select row_to_json(x) as row from ${sql.table(table)} x`.execute(db);
    rows.rows.forEach((r) => walk(r.row));
  }
  walk(config);
  // Longest first, so a text is taken out before any shorter text inside it.
  return [...found].sort((a, b) => b.length - a.length);
}

/** The values a visitor typed into the address: shown back to them, and theirs, not the portal's. */
function typed(url: string): string[] {
  const parsed = new URL(url, 'http://x');
  return [...parsed.pathname.split('/'), ...parsed.searchParams.values()].filter((v) => v.length >= 2).sort((a, b) => b.length - a.length);
}

function danishLeft(html: string, data: readonly string[], url = '/'): string[] {
  let text = readable(html).replace(/\s+/g, ' ');
  // Data first (a typed "krav" must not cut a stored "Lovkrav" in two), then what was typed, then
  // addresses (a mail preview's text version prints the portal's Danish paths) and the Danish
  // names of laws and procedures that English text keeps on purpose, in brackets.
  for (const value of [...data, ...typed(url)]) text = text.replaceAll(value.replace(/\s+/g, ' '), ' ');
  text = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(?<![\p{L}\d])\/[\w\-./{}]*/gu, ' ')
    .replace(/\((?:udbudsloven|tilbudsloven|underhåndsbud|licitation|webtilgængelighedsloven|Det Fælles Designsystem)[^)]*\)/gi, ' ');
  const hits: string[] = [];
  for (const match of text.matchAll(new RegExp(`${DANISH_WORDS.source}|${DANISH_LETTERS.source}`, 'giu'))) {
    hits.push(`…${text.slice(Math.max(0, match.index - 50), match.index + 50).trim()}…`);
  }
  return hits;
}

t.test('English pages, public and back office, carry no Danish of the portal’s own', async (t) => {
  const { app, database } = await testApp(t);
  await buildScenario(database.db);
  const data = await dataTexts(database.db, app.config);
  const tenderIds = (await database.db.selectFrom('tenders').select('id').orderBy('id').execute()).map((r) => r.id);
  const requirementCodes = (await database.db.selectFrom('requirements').select('code').execute()).map((r) => r.code);
  const setIds = (await database.db.selectFrom('threshold_sets').select('id').execute()).map((r) => r.id);

  const publicPages = [
    '/',
    '/udbud',
    '/udbud?q=skole&status=published&status=planned&workType=renovation&contractType=works&minValue=100000&maxValue=90000000&requirement=LAB-ILO94&cpv=45&sort=deadline',
    '/udbud?minValue=mange&status=ukendt&cpv=x',
    '/udbud?page=2',
    ...tenderIds.map((id) => `/udbud/${id}`),
    '/udbud/FINDES-IKKE',
    '/taerskler',
    '/taerskler?amountDkk=3000000&contractType=works',
    '/taerskler?amountDkk=500000&contractType=services',
    '/taerskler?amountDkk=mange&contractType=works',
    '/krav',
    ...requirementCodes.map((code) => `/krav/${code}`),
    '/status',
    '/tilgaengelighed',
    '/api/docs',
    '/login',
    '/abonnement?status=published&workType=renovation&q=tag',
    '/abonnement/tjek-din-mail',
    '/side-der-ikke-findes',
  ];
  const failures: string[] = [];
  for (const url of publicPages) {
    const page = await app.inject({ url, headers: { cookie: 'lang=en' } });
    t.match(page.body, '<html lang="en">', `${url} is English`);
    for (const hit of danishLeft(page.body, data, url)) failures.push(`${url}: ${hit}`);
  }

  // Public forms sent back with errors: a sign-up without a usable address, a failed login.
  const visitor = new Browser(app);
  visitor.cookies.set('lang', 'en');
  await visitor.get('/abonnement?status=published');
  const signup = await visitor.post('/abonnement', { email: 'ikke-en-adresse', frequency: 'hver-time', soegning: 'status=published' });
  t.equal(signup.statusCode, 400, 'the sign-up is refused');
  for (const hit of danishLeft(signup.body, data, '/abonnement')) failures.push(`POST /abonnement: ${hit}`);
  await visitor.get('/login');
  const login = await visitor.post('/login', { email: 'ingen@koege.test', password: 'forkert-adgangskode' });
  t.ok(login.statusCode >= 400, 'the login is refused');
  for (const hit of danishLeft(login.body, data, '/login')) failures.push(`POST /login: ${hit}`);

  const officer = await signedIn(app, database.db, 'admin');
  officer.cookies.set('lang', 'en');
  const adminPages = [
    '/admin',
    '/admin/udbud',
    ...['DBD-UDB-2026-0016', 'DBD-UDB-2026-0019', 'DBD-UDB-2027-0018', 'DBD-UDB-2027-0003', 'DBD-UDB-2026-0028', 'DBD-UDB-2027-0029', 'DBD-UDB-2027-0006'].map(
      (id) => `/admin/udbud/${id}`,
    ),
    '/admin/taerskler',
    '/admin/taerskler/ny',
    ...setIds.map((id) => `/admin/taerskler/${id}`),
    '/admin/krav',
    '/admin/krav/ny',
    `/admin/krav/${requirementCodes[0]}`,
    '/admin/mails',
    '/admin/dialog',
    '/admin/dialog/ny',
    '/admin/revision',
    '/admin/brugere',
  ];
  for (const url of adminPages) {
    const page = await officer.get(url);
    t.equal(page.statusCode, 200, `${url} opens`);
    t.match(page.body, '<html lang="en">', `${url} is English`);
    for (const hit of danishLeft(page.body, data, url)) failures.push(`${url}: ${hit}`);
  }

  // Forms sent back with errors.
  const forms: Array<[string, string, Record<string, string>]> = [
    ['/admin/krav/ny', '/admin/krav/ny', { code: 'x', category: 'social', title: '', summary: '' }],
    ['/admin/taerskler/ny', '/admin/taerskler', { name: '', effectiveFrom: 'i morgen' }],
    ['/admin/brugere', '/admin/brugere', { email: 'ikke-en-adresse', name: '', role: 'officer' }],
  ];
  for (const [formUrl, postUrl, form] of forms) {
    await officer.get(formUrl);
    const answer = await officer.post(postUrl, form);
    t.ok(answer.statusCode >= 400 && answer.statusCode < 500, `${postUrl} refuses the form`);
    for (const hit of danishLeft(answer.body, data, postUrl)) failures.push(`POST ${postUrl}: ${hit}`);
  }

  if (failures.length) t.comment(failures.join('\n'));
  t.same(failures.length, 0, 'no Danish text of the portal’s own on the English pages (listed above)');
});

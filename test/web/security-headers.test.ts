import t from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testApp, testConfig, testDatabase } from '../helpers/app.js';
import { signedIn } from '../helpers/officer.js';

// @fastify/helmet on every answer: a strict Content-Security-Policy (no inline scripts or styles
// anywhere in the portal), HSTS only when PUBLIC_URL is https, and the rest of helmet's set. The
// mail previews are the one exception, with a policy of their own.

const CSP =
  "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;" +
  "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self'";

const HSTS = 'max-age=31536000; includeSubDomains';

/** Every header helmet sets, as the portal sets it. */
const helmetHeaders = (https: boolean) => ({
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': https ? HSTS : undefined,
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

const securityHeadersOf = (res: LightMyRequestResponse) =>
  Object.fromEntries(Object.keys(helmetHeaders(true)).map((name) => [name, res.headers[name]]));

/** A page, an API answer, a static asset from dkfds and one of our own, and a 404 page. */
const answers = [
  { name: 'a page', url: '/', type: 'text/html' },
  { name: 'an API answer', url: '/api/v1/thresholds', type: 'application/json' },
  { name: 'a dkfds asset', url: '/dkfds/css/dkfds-virkdk.min.css', type: 'text/css' },
  { name: 'an asset of our own', url: '/static/js/app.js', type: 'application/javascript' },
  { name: 'the 404 page', url: '/findes-ikke', type: 'text/html' },
];

for (const publicUrl of ['http://udbud.test', 'https://udbud.koege.dk']) {
  const https = publicUrl.startsWith('https:');
  t.test(`PUBLIC_URL ${publicUrl}: ${https ? 'HSTS and ' : 'no HSTS, '}the strict policy on every kind of answer`, async (t) => {
    const { app } = await testApp(t, { config: { publicUrl } });
    for (const answer of answers) {
      const res = await app.inject(answer.url);
      t.match(res.headers['content-type'], answer.type, `${answer.name}: ${answer.url}`);
      t.same(securityHeadersOf(res), helmetHeaders(https), `${answer.name}: exactly helmet's headers`);
    }
  });
}

t.test('a mail preview has its own policy: inline styles, no scripts, framed only by the portal', async (t) => {
  const { app, database } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk' } });
  const officer = await signedIn(app, database.db, 'officer');
  const res = await officer.get('/admin/mails/eksempel/daily');
  t.equal(res.statusCode, 200);
  t.same(securityHeadersOf(res), {
    ...helmetHeaders(true),
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
  });
  t.notMatch(res.body, /<script/i, 'and the mail has no script to run');
  const page = await officer.get('/admin/mails');
  t.equal(securityHeadersOf(page)['content-security-policy'], CSP, 'the page that frames it keeps the strict policy');
});

t.test('a cached answer carries the same headers as the first', async (t) => {
  const database = await testDatabase(t);
  const changes = { listen: async () => async () => {} };
  const app = await buildApp({ config: testConfig({ publicUrl: 'https://udbud.koege.dk' }), db: database.db, logger: false, changes });
  t.teardown(() => app.close());
  const first = await app.inject('/udbud');
  const second = await app.inject('/udbud');
  t.equal(second.headers['x-cache'], 'hit', 'the second answer came from the cache');
  t.same(securityHeadersOf(second), securityHeadersOf(first));
  t.same(securityHeadersOf(second), helmetHeaders(true));
});

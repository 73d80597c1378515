import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from '../../src/config.js';
import { testApp } from '../helpers/app.js';
import { signUpFrom } from '../helpers/subscriptions.js';

// Sign-ups for e-mail alerts are limited per client IP address (SUBSCRIBE_RATE_LIMIT_PER_HOUR),
// besides the service's limit of confirmation mails per e-mail address. The limits on sign-in
// (test/web/auth.test.ts) and on the API (test/opendata/api.test.ts) are tested beside their routes.

const subscriptions = async (app: FastifyInstance) => (await app.db.selectFrom('subscriptions').select('email').execute()).length;

t.test('an address over the sign-up limit gets 429 with Retry-After and a Danish page; nothing is stored', async (t) => {
  const { app } = await testApp(t, { config: { subscribeRateLimitPerHour: 3 } });
  for (let i = 1; i <= 3; i++) t.equal((await signUpFrom(app, '10.0.0.1', `firma${i}@example.dk`)).statusCode, 303, `sign-up ${i} is taken`);

  const limited = await signUpFrom(app, '10.0.0.1', 'firma4@example.dk');
  t.equal(limited.statusCode, 429);
  const retryAfter = Number(limited.headers['retry-after']);
  t.ok(retryAfter > 3500 && retryAfter <= 3600, `Retry-After in seconds, about an hour (${retryAfter})`);
  t.match(limited.headers['content-type'], 'text/html');
  t.match(limited.body, '<html lang="da">', 'the site page, with its layout');
  t.match(limited.body, 'href="/udbud"', 'and its navigation');
  t.match(limited.body, '<h1>For mange tilmeldinger</h1>');
  t.match(limited.body, 'Der er kommet for mange tilmeldinger fra din internetadresse: højst 3 i timen. Prøv igen om 60 minutter.');
  t.equal(await subscriptions(app), 3, 'the fourth sign-up was not stored');

  t.equal((await app.inject({ url: '/abonnement?q=tag', remoteAddress: '10.0.0.1' })).statusCode, 200, 'the form itself still opens');
  t.equal((await signUpFrom(app, '10.0.0.2', 'andet@example.dk')).statusCode, 303, 'another address signs up as usual');
});

t.test('forged forms from another site do not use up a visitor’s sign-ups', async (t) => {
  const { app } = await testApp(t, { config: { subscribeRateLimitPerHour: 2 } });
  for (let i = 0; i < 5; i++) t.equal((await signUpFrom(app, '10.0.0.3', 'offer@example.dk', { csrf: false })).statusCode, 403, 'no CSRF token: refused');
  t.equal((await signUpFrom(app, '10.0.0.3', 'en@example.dk')).statusCode, 303);
  t.equal((await signUpFrom(app, '10.0.0.3', 'to@example.dk')).statusCode, 303);
  t.equal((await signUpFrom(app, '10.0.0.3', 'tre@example.dk')).statusCode, 429);
});

t.test('SUBSCRIBE_RATE_LIMIT_PER_HOUR: 10 unless set; a bad value stops the start with a Danish line', async (t) => {
  t.equal(loadConfig({}).subscribeRateLimitPerHour, 10);
  t.equal(loadConfig({ SUBSCRIBE_RATE_LIMIT_PER_HOUR: '25' }).subscribeRateLimitPerHour, 25);
  t.throws(() => loadConfig({ SUBSCRIBE_RATE_LIMIT_PER_HOUR: 'mange' }), new ConfigError('Ugyldig konfiguration: SUBSCRIBE_RATE_LIMIT_PER_HOUR skal være et tal'));
  t.throws(() => loadConfig({ SUBSCRIBE_RATE_LIMIT_PER_HOUR: '0' }), new ConfigError('Ugyldig konfiguration: SUBSCRIBE_RATE_LIMIT_PER_HOUR skal være større end 0'));
});

t.test('X-Forwarded-For is believed only from configured proxies, so a client cannot dodge a limit', async (t) => {
  const direct = await testApp(t, { config: { apiRateLimitPerMinute: 1 } });
  const spoof = (n: number) => direct.app.inject({ url: '/api/v1/thresholds', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': `192.0.2.${n}` } });
  t.equal((await spoof(1)).statusCode, 200);
  t.equal((await spoof(2)).statusCode, 429, 'a new forged address does not reset the count');

  const proxied = await testApp(t, { config: { apiRateLimitPerMinute: 1, trustProxyHops: 1 } });
  const via = (client: string) => proxied.app.inject({ url: '/api/v1/thresholds', remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': client } });
  t.equal((await via('192.0.2.1')).statusCode, 200);
  t.equal((await via('192.0.2.2')).statusCode, 200, 'behind one trusted proxy, each client has its own count');
  t.equal((await via('192.0.2.1')).statusCode, 429);
});

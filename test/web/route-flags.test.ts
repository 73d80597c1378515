import t from 'tap';
import { PortalError } from '../../src/domain/errors.js';
import { DecisionRefused } from '../../src/decisions/service.js';
import { decodeEntities } from '../helpers/html.js';
import { testApp } from '../helpers/app.js';

t.test('an unknown address under /api is answered in JSON, even to a browser', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /application\/json/);
  // Exactly the API's documented Error (issue 13): no status, title or details beside code and message.
  t.same(res.json(), { error: { code: 'not_found', message: 'Der er ingen side på adressen /api/v1/nothing.' } });
  const page = await app.inject({ url: '/nothing', headers: { accept: 'text/html' } });
  t.equal(page.statusCode, 404);
  t.match(page.headers['content-type'], /text\/html/);
});

t.test('a refusal no form caught is answered with its status: a page, or the API’s JSON on an API route', async (t) => {
  const { app } = await testApp(t);
  const refuse = async () => {
    throw new PortalError('stale', 'Udbuddet er ændret, siden formularen blev åbnet.');
  };
  app.get('/test-refusal', refuse);
  app.get('/test-api-refusal', { config: { api: true } }, refuse);
  const page = await app.inject('/test-refusal');
  t.equal(page.statusCode, 409);
  t.match(page.body, 'Udbuddet er ændret, siden formularen blev åbnet.');
  const api = await app.inject('/test-api-refusal');
  t.equal(api.statusCode, 409);
  t.same(api.json(), { error: { code: 'stale', message: 'Udbuddet er ændret, siden formularen blev åbnet.' } });
});

t.test('a refusal worded in both languages is shown to an English reader in English; the API stays Danish', async (t) => {
  const { app } = await testApp(t);
  const refuse = async () => {
    throw new DecisionRefused('stale', { key: 'stale' });
  };
  app.get('/test-worded-refusal', refuse);
  app.get('/test-worded-api-refusal', { config: { api: true } }, refuse);
  const english = await app.inject('/test-worded-refusal?lang=en');
  const danish = await app.inject('/test-worded-refusal?lang=da');
  t.equal(english.statusCode, 409);
  const danishText = new DecisionRefused('stale', { key: 'stale' }).messageIn('da');
  const englishText = new DecisionRefused('stale', { key: 'stale' }).messageIn('en');
  t.not(englishText, danishText);
  t.ok(decodeEntities(english.body).includes(englishText), 'the English text');
  t.notOk(decodeEntities(english.body).includes(danishText), 'not the Danish one');
  t.ok(decodeEntities(danish.body).includes(danishText), 'the Danish text on a Danish page');
  const api = await app.inject('/test-worded-api-refusal?lang=en');
  t.same(api.json(), { error: { code: 'stale', message: danishText } });
});

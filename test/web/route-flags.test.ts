import t from 'tap';
import { PortalError } from '../../src/domain/errors.js';
import { testApp } from '../helpers/app.js';

t.test('an unknown address under /api is answered in JSON, even to a browser', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /application\/json/);
  t.match(res.json(), { error: { code: 'not_found', status: 404, title: 'Siden findes ikke', message: 'Der er ingen side på adressen /api/v1/nothing.' } });
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

import t from 'tap';
import { testApp } from '../helpers/app.js';
import { withTenders } from '../helpers/decisions.js';
import { decodeEntities } from '../helpers/html.js';
import { roundOnSmallTender } from '../helpers/round.js';

const main = (body: string) => decodeEntities(body.slice(body.indexOf('<main'), body.indexOf('</main>'))).replace(/\u00a0/g, ' ');

t.test('the figures page in English: English words, English numbers, same figures', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const empty = main((await app.inject('/tal/lokale-virksomheder?lang=en')).body);
  t.match(empty, 'There is no awarded work to show figures for yet.');
  await roundOnSmallTender(database.db);
  const res = await app.inject('/tal/lokale-virksomheder?lang=en');
  t.equal(res.statusCode, 200);
  t.match(res.body, /<html lang="en"/);
  const page = main(res.body);
  t.match(page, '<h1>Figures on local firms</h1>');
  t.match(page, '<caption>Invitations and contract value by year: in total, to local firms and to SMEs</caption>');
  t.match(page, /<td[^>]*>2 \(66\.7%\)<\/td>/, 'English percentages with one decimal');
  t.match(page, /<td[^>]*>DKK 1,100,000 \(100\.0%\)<\/td>/);
  t.match(page, '20 November 2026');
  t.match(page, 'not in the firm register');
  for (const danish of ['Tal om lokale', 'Invitationer', 'kr.', '66,7']) t.notMatch(page, danish);
  const register = await app.inject('/virksomheder?lang=en');
  t.match(register.body, /<a href="\/tal\/lokale-virksomheder">Figures on local firms/);
});

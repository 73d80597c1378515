import t from 'tap';
import { testApp } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';

const main = (body: string) => decodeEntities(body.slice(body.indexOf('<main'), body.indexOf('</main>')));

t.test('the register in English: headings, sizes, trades and the sample mark; still no contact person', async (t) => {
  const { app, database } = await testApp(t);
  const { firmId } = await firmInDatabase(database.db, { name: 'Køge Tømrer ApS', size: 'medium', trades: ['toemrer', 'vvs'], contactName: 'Karen Kontaktsen' });
  await database.db.updateTable('firms').set({ sample: true }).where('id', '=', firmId).execute();
  const res = await app.inject('/virksomheder?lang=en');
  t.equal(res.statusCode, 200);
  const page = main(res.body);
  for (const text of ['Local firms', '1 firm', 'Medium-sized', 'Carpentry, Plumbing and heating', 'Sample data', 'Postcode and town', 'never contact people']) t.match(page, text);
  for (const danish of ['Mellemstor', 'Tømrer,', 'Prøvedata', 'Søg']) t.notMatch(page, danish);
  t.notMatch(res.body, 'Karen Kontaktsen');
  t.match(res.body, /<a href="\/virksomheder">Firms<\/a>/, 'the menu link');
  t.match(res.body, /<a href="\/virksomheder">Local firms<\/a>/, 'the footer link');
});

t.test('in English: a bad search, and an empty result that explains how to get listed', async (t) => {
  const { app } = await testApp(t);
  const bad = await app.inject('/virksomheder?lang=en&postnr=abcd&fag=astronaut');
  t.equal(bad.statusCode, 400);
  t.match(main(bad.body), /The search could not be used[\s\S]*A postcode is 4 digits, e\.g\. 4600/);
  t.match(main(bad.body), 'Choose a trade from the list');
  const empty = main((await app.inject('/virksomheder?lang=en&lokale=ja')).body);
  t.match(empty, 'No firms match the search.');
  t.match(empty, 'How a firm gets into the register');
  t.match(empty, 'Once Udbud og Indkøb has approved the sign-up');
});

import t from 'tap';
import { approveFirm } from '../../src/firms/register.js';
import { createUser } from '../../src/auth/users.js';
import { testApp } from '../helpers/app.js';
import { eventually } from '../helpers/eventually.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities, unescaped } from '../helpers/html.js';

const main = (body: string) => decodeEntities(body.slice(body.indexOf('<main'), body.indexOf('</main>')));

t.test('only approved firms that chose to be listed appear, and never a contact person', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  const shown = await firmInDatabase(db, { name: 'Synlig Tømrer ApS', contactName: 'Karen Kontaktsen', email: 'karen@synlig.test', size: 'micro' });
  const hidden = [
    await firmInDatabase(db, { name: 'Ikke Godkendt ApS', status: 'unverified' }),
    await firmInDatabase(db, { name: 'Afvist Byg ApS', status: 'rejected' }),
    await firmInDatabase(db, { name: 'Fravalgt Maler ApS', publicListing: false }),
  ];
  const res = await app.inject('/virksomheder');
  t.equal(res.statusCode, 200);
  const page = main(res.body);
  t.match(page, 'Synlig Tømrer ApS');
  t.match(page, shown.cvr);
  t.match(page, '4600 Køge');
  t.match(page, 'Tømrer');
  t.match(page, 'Mikro');
  t.match(page, '1 virksomhed');
  for (const firm of hidden) t.notMatch(res.body, firm.cvr, 'an unlisted firm is nowhere on the page');
  for (const name of ['Ikke Godkendt', 'Afvist Byg', 'Fravalgt Maler']) t.notMatch(res.body, name);
  t.notMatch(res.body, 'Karen Kontaktsen', 'no contact name');
  t.notMatch(res.body, /karen@synlig\.test|kontakt-\d+@firma\.test/, 'no contact e-mail');
  t.notMatch(res.body, 'Torvet 1', 'no street address');
});

t.test('search by trade, postcode and "lokale" (the configured local postcodes)', async (t) => {
  const { app, database } = await testApp(t, { config: { localPostcodes: ['4600', '4623'] } });
  const db = database.db;
  await firmInDatabase(db, { name: 'Køge Tømrer', trades: ['toemrer'], postalCode: '4600' });
  await firmInDatabase(db, { name: 'Lille Skensved VVS', trades: ['vvs'], postalCode: '4623', city: 'Lille Skensved' });
  await firmInDatabase(db, { name: 'København Tømrer og VVS', trades: ['toemrer', 'vvs'], postalCode: '2100', city: 'København Ø' });
  const names = async (query: string) => {
    const res = await app.inject(`/virksomheder${query}`);
    t.equal(res.statusCode, 200, query);
    return [...main(res.body).matchAll(/<td data-title="Virksomhed">([^<]+)/g)].map((m) => m[1]!.trim());
  };
  t.same(await names(''), ['København Tømrer og VVS', 'Køge Tømrer', 'Lille Skensved VVS']);
  t.same(await names('?fag=toemrer'), ['København Tømrer og VVS', 'Køge Tømrer']);
  t.same(await names('?postnr=4623'), ['Lille Skensved VVS']);
  t.same(await names('?postnr=+4623+'), ['Lille Skensved VVS'], 'spaces around the postcode are dropped');
  t.same(await names('?lokale=ja'), ['Køge Tømrer', 'Lille Skensved VVS']);
  t.same(await names('?lokale=ja&fag=vvs'), ['Lille Skensved VVS']);
  t.same(await names('?fag=vvs&postnr=2100'), ['København Tømrer og VVS']);
  const form = (await app.inject('/virksomheder?lokale=ja&fag=vvs')).body;
  t.match(form, /<option value="vvs" selected>VVS<\/option>/, 'the chosen trade stays chosen');
  t.match(form, /id="lokale" name="lokale" value="ja"[^>]*checked/, 'lokale stays ticked');
  t.match(decodeEntities(form), 'Postnumrene 4600, 4623', 'the local postcodes are named');
});

t.test('a bad search gets a Danish 400 naming each field, and keeps what was typed', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/virksomheder?postnr=46&fag=astronaut&lokale=maaske&side=0');
  t.equal(res.statusCode, 400);
  const page = main(res.body);
  t.match(page, 'Søgningen kunne ikke bruges');
  t.match(page, 'Et postnummer er 4 cifre, fx 4600');
  t.match(page, 'Vælg et fag fra listen');
  t.match(page, 'Lokale kan kun være til eller fra');
  t.match(page, 'Siden skal være et helt tal fra 1');
  t.match(res.body, /id="postnr" name="postnr" value="46"/);
  const twice = await app.inject('/virksomheder?postnr=4600&postnr=4623');
  t.equal(twice.statusCode, 400);
});

t.test('an empty result explains how a firm gets listed', async (t) => {
  const { app } = await testApp(t);
  const page = main((await app.inject('/virksomheder?postnr=9999')).body);
  t.match(page, 'Ingen virksomheder passer til søgningen.');
  t.match(page, 'Sådan kommer en virksomhed i registret');
  t.match(page, 'Når Udbud og Indkøb har godkendt tilmeldingen');
  t.match(page, 'href="/virksomhed/tilmeld"');
});

t.test('firm names are shown escaped; sample firms are marked', async (t) => {
  const { app, database } = await testApp(t);
  const { firmId } = await firmInDatabase(database.db, { name: '<script>alert("x")</script> & Søn' });
  await database.db.updateTable('firms').set({ sample: true }).where('id', '=', firmId).execute();
  const res = await app.inject('/virksomheder');
  t.notMatch(res.body, '<script>alert');
  t.match(res.body, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Søn');
  t.match(res.body, /badge[^"]*"[^>]*>Prøvedata</, 'marked as sample data');
});

t.test('many firms are shown a page at a time, the links keep the search', async (t) => {
  const { app, database } = await testApp(t);
  for (let i = 0; i < 27; i++) {
    await database.db
      .insertInto('firms')
      .values({ cvr: String(40000000 + i * 11), name: `Firma ${String(i).padStart(2, '0')}`, address: 'Vej 1', postal_code: '4600', city: 'Køge', size: 'small', status: 'approved', public_listing: true, wants_invitations: false })
      .execute();
  }
  const first = unescaped((await app.inject('/virksomheder?postnr=4600')).body);
  t.match(first, '27 virksomheder');
  t.match(first, 'Side 1 af 2');
  t.match(first, 'href="/virksomheder?postnr=4600&amp;side=2" rel="next"');
  const second = await app.inject('/virksomheder?postnr=4600&side=2');
  t.match(second.body, 'Firma 26');
  t.notMatch(second.body, 'Firma 00');
  t.match(unescaped(second.body), 'href="/virksomheder?postnr=4600" rel="prev"');
});

t.test('the register is linked from the header menu and the footer', async (t) => {
  const { app } = await testApp(t);
  const home = (await app.inject('/')).body;
  t.match(home, /<nav class="site-nav"[\s\S]*?<a href="\/virksomheder">Virksomheder<\/a>/);
  t.match(home, /class="nav-link" href="\/virksomheder"><span>Virksomheder<\/span>/, 'in the phone menu too');
  t.match(home, /<footer[\s\S]*<a href="\/virksomheder">Lokale virksomheder<\/a>/);
});

t.test('the page is cached, and a firm that is approved, changes or leaves shows at once', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  const db = database.db;
  const { firmId } = await firmInDatabase(db, { name: 'Ventende Murer ApS', status: 'unverified', trades: ['murer'] });
  await changesHeard();
  const page = () => app.inject('/virksomheder');
  t.notMatch((await page()).body, 'Ventende Murer');
  t.equal((await page()).headers['x-cache'], 'hit');

  const officer = await createUser(db, { email: 'o@koege.test', name: 'O', role: 'officer', password: 'en-lang-adgangskode-til-test' }, null);
  await approveFirm(db, firmId, { id: officer.id, email: officer.email, role: officer.role });
  await eventually(async () => (await page()).body.includes('Ventende Murer'), { timeoutMs: 10_000, pollMs: 25 });

  await db.insertInto('firm_trades').values({ firm_id: firmId, trade_code: 'maler' }).execute();
  await eventually(async () => (await page()).body.includes('Murer, Maler'), { timeoutMs: 10_000, pollMs: 25 });

  await db.updateTable('firms').set({ public_listing: false }).where('id', '=', firmId).execute();
  await eventually(async () => !(await page()).body.includes('Ventende Murer'), { timeoutMs: 10_000, pollMs: 25 });
});

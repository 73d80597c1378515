import t from 'tap';
import { showInterest, withdrawInterest } from '../../src/firms/interest.js';
import { testApp } from '../helpers/app.js';
import { PLANNED_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { harvest } from '../fixtures/ocds/harvest.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

// Interest events travel the spine like any other: the API's events say the count, never a firm,
// and the OCDS packages stay valid.
t.test('interest events in the API and OCDS: the count, no firm, valid packages', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const firm = await firmInDatabase(database.db, { name: 'Anonym Tømrer ApS' });
  await showInterest(database.db, { ...firm, lang: 'da' }, PLANNED_TENDER, 'hemmelig note');
  await withdrawInterest(database.db, firm.firmId, PLANNED_TENDER);

  const events = await app.inject('/api/v1/events?limit=500');
  t.equal(events.statusCode, 200);
  const interest = (events.json() as { items: Array<{ kind: string; source: string; headline: string | null; changes: unknown[] }> }).items.filter((e) => e.kind === 'interest');
  t.same(
    interest.map((e) => [e.source, e.headline, e.changes]),
    [
      ['firm', 'Antal interesserede virksomheder: 1', []],
      ['firm', 'Antal interesserede virksomheder: 0', []],
    ],
  );
  t.notMatch(events.body, 'Anonym Tømrer');
  t.notMatch(events.body, 'hemmelig note');

  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  for (const page of pages) t.equal(schemaErrors('releasePackage', page), '', page.uri);
  const ocid = pages.flatMap((p) => p.releases).find((r) => String(r.ocid).endsWith(PLANNED_TENDER))!.ocid;
  const record = await app.inject(`/api/ocds/records/${ocid}`);
  t.equal(record.statusCode, 200);
  t.equal(schemaErrors('recordPackage', record.json()), '');
  t.notMatch(record.body, 'Anonym Tømrer');
  t.notMatch(record.body, 'hemmelig note');
});

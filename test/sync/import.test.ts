import t from 'tap';
import { bundledSampleExport, DbdExportError } from '../../src/sync/dbd/file-source.js';
import { importDbdExportFile, importDbdItems, summaryLine } from '../../src/sync/import.js';
import { eventsOf } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { testDatabase } from '../helpers/app.js';
import { dbdExport, dbdItem, writeTempFile } from '../helpers/dbd.js';

t.test('the bundled sample export imports 37 tenders, and again changes nothing', async (t) => {
  const { db } = await testDatabase(t);
  const first = await importDbdExportFile(db, bundledSampleExport);
  t.equal(summaryLine({ ...first, rejected: first.rejected.length }), 'created 37, updated 0, unchanged 0, rejected 0');
  const eventsAfterFirst = await db.selectFrom('tender_events').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(eventsAfterFirst.n), 37, 'one created event per tender');

  const again = await importDbdExportFile(db, bundledSampleExport);
  t.equal(summaryLine({ ...again, rejected: again.rejected.length }), 'created 0, updated 0, unchanged 37, rejected 0');
  const eventsAfterAgain = await db.selectFrom('tender_events').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(eventsAfterAgain.n), 37, 're-import writes no event');
});

t.test('a newer revision writes one event listing exactly the fields that changed', async (t) => {
  const { db } = await testDatabase(t);
  await importDbdItems(db, [dbdItem()]);
  const summary = await importDbdItems(db, [
    dbdItem({
      revision: 2,
      status: 'published',
      timeline: {
        expectedTenderPublication: '2027-Q2',
        expectedContractStart: '2027-08-01',
        tenderDeadline: '2027-01-15T12:00:00+01:00',
      },
      lastModified: '2026-11-10T08:00:00Z',
    }),
  ]);
  t.equal(summary.updated, 1);
  const events = await eventsOf(db, 'DBD-TEST-0001');
  t.equal(events.length, 2);
  t.equal(events[0]!.kind, 'updated');
  t.equal(events[0]!.revision, 2);
  t.same(events[0]!.changes, [
    { field: 'status', old: 'planned', new: 'published' },
    { field: 'tenderDeadline', old: null, new: '2027-01-15T11:00:00.000Z' },
  ]);
  const stored = await findTender(db, 'DBD-TEST-0001');
  t.equal(stored!.row.revision, 2);
  t.equal(stored!.row.status, 'published');
  t.equal(stored!.row.tender_deadline!.toISOString(), '2027-01-15T11:00:00.000Z', 'stored in UTC');
});

t.test('an older or equal revision is ignored', async (t) => {
  const { db } = await testDatabase(t);
  await importDbdItems(db, [dbdItem({ revision: 3, title: 'Version tre' })]);
  const summary = await importDbdItems(db, [
    dbdItem({ revision: 3, title: 'Samme revision, anden titel' }),
    dbdItem({ revision: 2, title: 'Ældre revision' }),
  ]);
  t.equal(summary.unchanged, 2);
  t.equal(summary.updated, 0);
  const stored = await findTender(db, 'DBD-TEST-0001');
  t.equal(stored!.row.title, 'Version tre');
  t.equal((await eventsOf(db, 'DBD-TEST-0001')).length, 1);
});

t.test('requirement changes are part of the diff and of the stored link', async (t) => {
  const { db } = await testDatabase(t);
  await importDbdItems(db, [dbdItem()]);
  await importDbdItems(db, [dbdItem({ revision: 2, requirements: ['LAB-ILO94', 'LAB-CHAIN'] })]);
  const stored = await findTender(db, 'DBD-TEST-0001');
  t.same(stored!.requirements, ['LAB-ILO94', 'LAB-CHAIN']);
  const [latest] = await eventsOf(db, 'DBD-TEST-0001');
  t.same(latest!.changes, [{ field: 'requirements', old: ['LAB-ILO94', 'SOC-APPRENTICE'], new: ['LAB-ILO94', 'LAB-CHAIN'] }]);
});

t.test('a bad item is rejected alone with a readable reason; the good ones go in', async (t) => {
  const { db } = await testDatabase(t);
  const summary = await importDbdItems(db, [
    dbdItem({ id: 'DBD-GOOD-1' }),
    dbdItem({ id: 'DBD-BAD-TITLE', title: 'x'.repeat(5000) }),
    dbdItem({ id: 'DBD-BAD-VALUE', estimatedValue: { amountDkk: -5 } }),
    dbdItem({ id: 'DBD-BAD-TYPE', contractType: 'concession' }),
    dbdItem({ id: 'DBD-BAD-DATE', timeline: { tenderDeadline: 'i morgen' } }),
    dbdItem({ id: undefined }),
    'not an object',
    dbdItem({ id: 'DBD-GOOD-2' }),
  ]);
  t.equal(summary.created, 2);
  t.same(
    summary.rejected.map((r) => r.id),
    ['DBD-BAD-TITLE', 'DBD-BAD-VALUE', 'DBD-BAD-TYPE', 'DBD-BAD-DATE', 'element nr. 6', 'element nr. 7'],
  );
  t.match(summary.rejected[0]!.reason, /titel: er for lang \(højst 300 tegn\)/);
  t.match(summary.rejected[1]!.reason, /anslået værdi.*må ikke være negativ/);
  t.match(summary.rejected[2]!.reason, /kontrakttype.*skal være en af works, services, supplies/);
  t.match(summary.rejected[3]!.reason, /tidsplan \(tenderDeadline\)/);
  t.match(summary.rejected[4]!.reason, /id: mangler/);
  t.ok(await findTender(db, 'DBD-GOOD-2'));
  t.notOk(await findTender(db, 'DBD-BAD-TITLE'));
});

t.test('an unknown requirement code is kept on the tender and reported', async (t) => {
  const { db } = await testDatabase(t);
  const summary = await importDbdItems(db, [dbdItem({ requirements: ['LAB-ILO94', 'XX-NEW-CLAUSE'] })]);
  t.same(summary.warnings, [{ id: 'DBD-TEST-0001', message: 'ukendt kravkode XX-NEW-CLAUSE (beholdt på udbuddet)' }]);
  t.same((await findTender(db, 'DBD-TEST-0001'))!.requirements, ['LAB-ILO94', 'XX-NEW-CLAUSE']);
});

t.test('a file that is not a DBD export is refused as a whole', async (t) => {
  const { db } = await testDatabase(t);
  await t.rejects(importDbdExportFile(db, '/no/such/file.json'), new DbdExportError('/no/such/file.json: filen findes ikke'));
  await t.rejects(importDbdExportFile(db, await writeTempFile('{ broken')), { name: 'DbdExportError', message: /er ikke gyldig JSON/ });
  await t.rejects(importDbdExportFile(db, await writeTempFile({ items: [] })), { message: /er ikke en DBD-udbudseksport/ });
  await t.rejects(importDbdExportFile(db, await writeTempFile({ ...dbdExport([]), version: 2 })), { message: /version 2 understøttes ikke/ });
});

import t, { type Test } from 'tap';
import { danishExcelCsv, csvHeaders } from '../../src/opendata/csv.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { unescaped } from '../helpers/html.js';

const BOM = '\uFEFF';

/**
 * A strict RFC 4180 reader (`;` between fields, CRLF between records): a quote may only open a
 * field or be doubled inside a quoted one, so sloppy quoting fails the test instead of passing.
 */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let closed = false; // a quoted field has ended; only a separator may follow
  const endField = () => {
    record.push(field);
    field = '';
    closed = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else (quoted = false), (closed = true);
    } else if (c === ';') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else if (closed) throw new Error(`text after a closing quote at ${i}`);
    else if (c === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === '\n' || c === '\r') throw new Error(`a bare line break outside quotes at ${i}`);
    else field += c;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || closed || record.length) {
    endField();
    records.push(record);
  }
  return records;
}

/** The file's records as objects keyed by the Danish headers (after checking the BOM). */
function rowsOf(t: Test, body: string): Array<Record<string, string>> {
  t.ok(body.startsWith(BOM), 'starts with the UTF-8 BOM');
  const [header, ...records] = readCsv(body.slice(BOM.length));
  t.same(header, csvHeaders, 'the Danish header row');
  t.ok(records.every((r) => r.length === csvHeaders.length), 'every row has every column');
  return records.map((r) => Object.fromEntries(csvHeaders.map((h, i) => [h, r[i]!])));
}

async function csvOf(t: Test, app: Awaited<ReturnType<typeof testApp>>['app'], url: string) {
  const res = await app.inject(url);
  t.equal(res.statusCode, 200);
  return rowsOf(t, res.body);
}

/** A formula neutralised by a leading quote, and what it was. */
const unneutralised = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

t.test('the CSV is what Danish Excel opens: BOM, semicolons, Danish headers and values, one row per tender', async (t) => {
  const { app, database } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk' } });
  await importDbdItems(database.db, [
    dbdItem({
      id: 'CSV-1',
      estimatedValue: { amountDkk: 1540000.5 },
      cpvCodes: ['45261000-4', '45262000-1'],
      status: 'published',
      timeline: { expectedTenderPublication: '2027-Q2', tenderDeadline: '2027-01-15T12:00:00+01:00' },
    }),
    dbdItem({ id: 'CSV-2', title: 'Nyt køkken', estimatedValue: null, property: null, requirements: [], timeline: { tenderDeadline: '2027-07-01T10:00:00Z' } }),
  ]);
  const res = await app.inject('/udbud.csv');
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(res.headers['content-disposition'], 'attachment; filename="udbud.csv"');
  t.same([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is the first three bytes');
  t.ok(res.body.includes('\r\nCSV-1;Renovering af tag, Testskolen;'), 'CRLF between records, `;` between fields');

  const [first, second, ...more] = rowsOf(t, res.body);
  t.same(more, [], 'one row per tender');
  t.match(first, {
    id: 'CSV-1',
    titel: 'Renovering af tag, Testskolen',
    status: 'Åben for tilbud',
    arbejdstype: 'Renovering',
    kontrakttype: 'bygge- og anlægsarbejde',
    ejendom: 'Testskolen',
    adresse: 'Skolevej 1',
    postnummer: '4600',
    by: 'Køge',
    'anslået værdi (kr. ekskl. moms)': '1540000,5',
    'CPV-koder': '45261000-4, 45262000-1',
    'forventet offentliggørelse': '2. kvartal 2027',
    tilbudsfrist: '2027-01-15 12:00',
    procedure: 'underhåndsbud med 2–3 indbudte',
    krav: 'LAB-ILO94, SOC-APPRENTICE',
    link: 'https://udbud.koege.dk/udbud/CSV-1',
  });
  t.match(first!['senest ændret'], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  t.match(second, {
    id: 'CSV-2',
    'anslået værdi (kr. ekskl. moms)': '',
    ejendom: '',
    krav: '',
    tilbudsfrist: '2027-07-01 12:00',
    procedure: 'afhænger af værdien',
  }, 'summer time, and empty cells for what is unknown');
});

t.test('the CSV takes the list’s parameters and holds the same tenders as /udbud', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'F-ROOF', title: 'Renovering af tag, Rådhuset', status: 'published' }),
    dbdItem({ id: 'F-CLEAN', title: 'Rengøring af skoler', workType: 'service', contractType: 'services', requirements: [] }),
    dbdItem({ id: 'F-BIG', title: 'Ny skole', workType: 'new_build', estimatedValue: { amountDkk: 90_000_000 } }),
    dbdItem({ id: 'F-NONE', title: 'Maling af gang', workType: 'maintenance', estimatedValue: null }),
  ]);
  for (const query of ['', 'contractType=services', 'q=tage', 'status=published&status=planned', 'requirement=LAB-ILO94', 'minValue=2.000.000&includeUnvalued=false', 'sort=title']) {
    const listed = [...(await app.inject(`/udbud?${query}`)).body.matchAll(/href="\/udbud\/([^"]+)"/g)].map((m) => m[1]!);
    const exported = (await csvOf(t, app, `/udbud.csv?${query}`)).map((r) => r.id);
    t.same(exported, [...listed].sort(), `?${query}: the same tenders, in id order`);
  }
  t.same((await csvOf(t, app, '/udbud.csv?contractType=services')).map((r) => r.id), ['F-CLEAN']);
});

t.test('hostile titles are neutralised as text and round-trip exactly', async (t) => {
  const { app, database } = await testApp(t);
  const formulas = ['=HYPERLINK("http://evil")', '+1', '-2', '@SUM(A1)', '-10% rabat'];
  const quoted = 'Tag "quotes"; og\nen ny linje';
  await importDbdItems(database.db, [...formulas, quoted].map((title, i) => dbdItem({ id: `H-${i}`, title })));
  const res = await app.inject('/udbud.csv');
  const titles = rowsOf(t, res.body).map((r) => r.titel);
  t.equal(titles.length, formulas.length + 1);
  formulas.forEach((title, i) => {
    t.equal(titles[i], `'${title}`, `${title} starts with a quote, so Excel shows it as text`);
    t.equal(unneutralised(titles[i]!), title, `${title} round-trips`);
  });
  t.equal(titles.at(-1), quoted, 'quotes, `;` and a line break survive unchanged, with no prefix');
  t.ok(res.body.includes('"Tag ""quotes""; og\nen ny linje"'), 'the field is quoted and its quotes doubled');
});

t.test('a cell starting with a tab or carriage return is neutralised too', async (t) => {
  // DBD trims titles, so these are checked at the writer every cell passes through.
  const writer = danishExcelCsv();
  const chunks: string[] = [];
  writer.on('data', (chunk) => chunks.push(String(chunk)));
  const ended = new Promise((resolve) => writer.on('end', resolve));
  writer.end(Array.from({ length: csvHeaders.length }, (_, i) => (i === 0 ? '\tcmd' : i === 1 ? '\r=1+1' : 'x')));
  await ended;
  const [, record] = readCsv(chunks.join('').slice(BOM.length));
  t.equal(record![0], "'\tcmd");
  t.equal(record![1], "'\r=1+1");
});

t.test('a bad parameter gets 400 in Danish, naming it', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/udbud.csv?status=open&minValue=mange');
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^text\/plain; charset=utf-8/);
  t.match(res.body, /Parameteren status: ukendt status/);
  t.match(res.body, /Parameteren minValue: minValue skal være et beløb/);
});

t.test('1.200 tenders stream in several batches, each tender exactly once', async (t) => {
  const { app, database } = await testApp(t);
  const ids = Array.from({ length: 1200 }, (_, i) => `BULK-${String(i).padStart(4, '0')}`);
  for (let from = 0; from < ids.length; from += 300) {
    await importDbdItems(database.db, ids.slice(from, from + 300).map((id) => dbdItem({ id, title: `Opgave ${id}` })));
  }
  const exported = (await csvOf(t, app, '/udbud.csv')).map((r) => r.id);
  t.equal(exported.length, 1200);
  t.same(exported, ids, 'every tender once, in id order across the batch boundaries');
});

t.test('the list page links to the CSV of the search on screen', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [dbdItem({ id: 'L-1' })]);
  const html = unescaped((await app.inject('/udbud?q=tag&status=published')).body);
  t.match(html, /href="\/udbud\.csv\?q=tag&amp;status=published">CSV</);
});

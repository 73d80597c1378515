import { pipeline, Readable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';
import type { TenderRow } from '../db/types.js';
import { describeProcedure, type ProcedureExplanation, type ThresholdSet } from '../domain/procedure.js';
import { listThresholdSets } from '../rules/repository.js';
import { procedureFor } from '../tenders/detail.js';
import type { TenderFilter } from '../tenders/filter.js';
import { requirementCodesByTender } from '../tenders/repository.js';
import type { Executor } from '../db/database.js';
import { tenderPageAfter } from '../tenders/search.js';
import { contractTypeLabel, statusLabel, workTypeLabel } from '../wording/labels.js';
import { expectedPublicationLabel } from '../wording/period.js';
import { wallClock } from '../domain/period.js';

// /udbud.csv: every tender of a /udbud search, one row each, written for Danish Excel, the tool
// most readers open it with. Danish Excel reads a double-clicked CSV with the Windows list
// separator, which is `;` in Danish (the comma is the decimal sign), takes UTF-8 only when the
// file starts with a BOM (without it "Køge" turns into "KÃ¸ge"), and reads `1540000,5` and
// `2027-01-15 12:00` as a number and a time. So: BOM, `;`, CRLF, decimal comma, no thousands
// separator. A `sep=;` line is left out: Excel then ignores the BOM.
//
// The file is streamed: tenders are read in keyset batches by id (a batch in memory at a time),
// so a whole-country export costs no more memory than a small one. Id order, not the list's sort:
// it is stable while rows change between batches, and a spreadsheet sorts as its reader likes.

export const CSV_BATCH_SIZE = 500;

export const csvHeaders = [
  'id',
  'titel',
  'status',
  'arbejdstype',
  'kontrakttype',
  'ejendom',
  'adresse',
  'postnummer',
  'by',
  'anslået værdi (kr. ekskl. moms)',
  'CPV-koder',
  'forventet offentliggørelse',
  'tilbudsfrist',
  'procedure',
  'krav',
  'link',
  'senest ændret',
];

export interface CsvContext {
  publicUrl: string;
  /** Every threshold set, loaded once per file. */
  sets: readonly ThresholdSet[];
  now: Date;
}

/** Decimal comma and no grouping: a number Danish Excel can sum, not a display string. */
const excelNumber = new Intl.NumberFormat('da-DK', { useGrouping: false, maximumFractionDigits: 2 });

/** "2027-01-15 12:00" in Copenhagen wall-clock time, whatever the server's TZ. */
export function copenhagenDateTime(instant: Date): string {
  const c = wallClock(instant);
  return `${c.year}-${c.month}-${c.day} ${c.hour}:${c.minute}`;
}

/** The procedure as a short cell; the detail page gives the whole explanation. */
function procedureCell(procedure: ProcedureExplanation): string {
  switch (procedure.kind) {
    case 'classified':
      return describeProcedure(procedure.rule);
    case 'unvalued':
      return 'afhænger af værdien';
    case 'no_set':
      return 'intet tærskelsæt registreret';
    case 'no_rule':
      return 'ingen regel for beløbet';
  }
}

/** One tender as its CSV cells (all text: csv-stringify quotes and neutralises them). */
export function tenderCsvRecord(row: TenderRow, requirementCodes: readonly string[], context: CsvContext): string[] {
  return [
    row.id,
    row.title,
    statusLabel(row.status),
    workTypeLabel(row.work_type),
    contractTypeLabel(row.contract_type),
    row.property_name ?? '',
    row.property_address ?? '',
    row.property_postal_code ?? '',
    row.property_city ?? '',
    row.estimated_value_dkk === null ? '' : excelNumber.format(row.estimated_value_dkk),
    row.cpv_codes.join(', '),
    expectedPublicationLabel(row.expected_publication) ?? '',
    row.tender_deadline ? copenhagenDateTime(row.tender_deadline) : '',
    procedureCell(procedureFor(row, context.sets, context.now)),
    requirementCodes.join(', '),
    `${context.publicUrl}/udbud/${encodeURIComponent(row.id)}`,
    copenhagenDateTime(row.updated_at),
  ];
}

/**
 * The CSV writer: RFC 4180 quoting (fields with `;`, `"` or a line break are quoted, quotes
 * doubled) and `escape_formulas`, which puts a `'` before a cell starting with = + - @, tab or CR
 * (and their full-width forms), so a DBD title like `=HYPERLINK(…)` or "-10% rabat" is shown as
 * text instead of being run as a formula. Every cell is passed as a string, so no number is exempt.
 */
export function danishExcelCsv(): Stringifier {
  return stringify({
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    // Given a record delimiter, csv-stringify would stop quoting a lone \n inside a field.
    quote_record_delimiter: true,
    escape_formulas: true,
    header: true,
    columns: csvHeaders,
  });
}

/** The filter's tenders as CSV records, a batch fetched only when the writer wants more. */
async function* tenderRecords(db: Executor, filter: TenderFilter, context: CsvContext, batchSize: number) {
  let afterId: string | null = null;
  for (;;) {
    const rows = await tenderPageAfter(db, filter, afterId, batchSize);
    const codes = await requirementCodesByTender(db, rows.map((r) => r.id));
    for (const row of rows) yield tenderCsvRecord(row, codes.get(row.id) ?? [], context);
    if (rows.length < batchSize) return;
    afterId = rows.at(-1)!.id;
  }
}

/** The tenders of a /udbud filter as a streamed CSV file (bytes, BOM first). */
export async function tenderCsvStream(
  db: Executor,
  filter: TenderFilter,
  options: { publicUrl: string; now?: Date; batchSize?: number },
): Promise<Readable> {
  const context: CsvContext = { publicUrl: options.publicUrl, sets: await listThresholdSets(db), now: options.now ?? new Date() };
  return pipeline(Readable.from(tenderRecords(db, filter, context, options.batchSize ?? CSV_BATCH_SIZE)), danishExcelCsv(), () => {
    // A failed query or a client gone destroys both streams; Fastify, reading the last one, logs
    // the error and cuts the response short, so a broken file never looks complete.
  });
}

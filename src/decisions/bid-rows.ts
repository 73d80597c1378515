import type { z } from 'zod';
import { parseDanishAmount } from '../domain/amount.js';
import { isValidCvr, normalizeCvr } from '../domain/cvr.js';
import { msg } from '../i18n/messages.js';

// The bid rows of the award form: one row per bid received, inputs named `bid<n><Field>`
// ("bid2Cvr", scoped on the page as "award-bid2Cvr"). A row without any text is a spare row and
// is left out. Each error is keyed by the very input it is about, so it shows beside it.

export const bidFields = ['Cvr', 'Name', 'Amount', 'Valid', 'Reason'] as const;
export type BidField = (typeof bidFields)[number];
export type BidRowText = Record<BidField, string>;

/** Enough for any real round; a bound so that a crafted form cannot make us read thousands. */
export const MAX_BID_ROWS = 30;

/** A bid as the service takes it. */
export interface BidInput {
  cvr: string;
  firmName: string;
  amountDkk: number;
  valid: boolean;
  invalidReason: string | null;
}

export const bidFieldName = (row: number, field: BidField) => `bid${row}${field}`;

const textOf = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '');

export const isBlankBidRow = (row: BidRowText) => !row.Cvr && !row.Name && !row.Amount && !row.Reason;

/** The rows as typed (blank ones left out), by row number. */
export function readBidRows(form: Record<string, unknown>): Array<{ row: number; text: BidRowText }> {
  const rows = new Map<number, BidRowText>();
  for (const [key, value] of Object.entries(form)) {
    const m = /^bid(\d{1,2})(Cvr|Name|Amount|Valid|Reason)$/.exec(key);
    if (!m) continue;
    const row = Number(m[1]);
    if (!rows.has(row)) {
      if (rows.size >= MAX_BID_ROWS) continue;
      rows.set(row, { Cvr: '', Name: '', Amount: '', Valid: '', Reason: '' });
    }
    rows.get(row)![m[2] as BidField] = textOf(value);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, text]) => !isBlankBidRow(text))
    .map(([row, text]) => ({ row, text }));
}

type Ctx = Pick<z.RefinementCtx, 'addIssue'>;

/** Checks the typed rows, adding an issue per bad input; the typed bids when all are good. */
export function checkBidRows(rows: ReadonlyArray<{ row: number; text: BidRowText }>, ctx: Ctx): BidInput[] | null {
  const bids: BidInput[] = [];
  const seen = new Set<string>();
  let ok = true;
  const issue = (row: number, field: BidField, key: Parameters<typeof msg>[0]) => {
    ctx.addIssue({ code: 'custom', path: [bidFieldName(row, field)], message: msg(key, { row }) });
    ok = false;
  };
  for (const { row, text } of rows) {
    const cvr = normalizeCvr(text.Cvr);
    if (!text.Cvr) issue(row, 'Cvr', 'invitations.bidErrors.cvrMissing');
    else if (!cvr || !isValidCvr(cvr)) issue(row, 'Cvr', 'invitations.bidErrors.cvrInvalid');
    else if (seen.has(cvr)) issue(row, 'Cvr', 'invitations.bidErrors.duplicate');
    if (cvr) seen.add(cvr);
    if (!text.Name) issue(row, 'Name', 'invitations.bidErrors.nameMissing');
    else if (text.Name.length > 300) issue(row, 'Name', 'invitations.bidErrors.nameTooLong');
    const amount = text.Amount ? parseDanishAmount(text.Amount) : null;
    if (amount === null || amount < 0 || amount > 1e12) issue(row, 'Amount', 'invitations.bidErrors.amount');
    const valid = text.Valid !== 'no';
    if (text.Valid !== '' && text.Valid !== 'yes' && text.Valid !== 'no') issue(row, 'Valid', 'invitations.bidErrors.valid');
    if (!valid && !text.Reason) issue(row, 'Reason', 'invitations.bidErrors.reasonMissing');
    else if (text.Reason.length > 1000) issue(row, 'Reason', 'invitations.bidErrors.reasonTooLong');
    if (ok) bids.push({ cvr: cvr!, firmName: text.Name, amountDkk: amount!, valid, invalidReason: valid ? null : text.Reason });
  }
  return ok ? bids : null;
}

import { bidFieldName, bidFields, MAX_BID_ROWS, type BidField } from '../../decisions/bid-rows.js';
import type { InvitationRow } from '../../db/types.js';
import { t, type Lang } from '../../i18n/index.js';
import type { FieldErrors } from './forms.js';

// The award form's bid rows on the officers' tender page: prefilled from the round's invited firms
// (each a likely bidder) with spare rows after them, or as typed when the form comes back.

const SPARE_ROWS = 2;

type RowValues = Record<BidField, string>;

const emptyRow = (): RowValues => ({ Cvr: '', Name: '', Amount: '', Valid: 'yes', Reason: '' });

/** The rows as typed (by their number), or the invited firms; spare rows after them. */
function rowValues(typed: Record<string, string> | null, invitations: readonly InvitationRow[]): RowValues[] {
  if (typed) {
    const rows: RowValues[] = [];
    for (let n = 1; n <= MAX_BID_ROWS; n++) {
      if (!bidFields.some((field) => typed[bidFieldName(n, field)] !== undefined)) continue;
      const row = emptyRow();
      for (const field of bidFields) row[field] = typed[bidFieldName(n, field)] ?? row[field];
      rows[n - 1] = row;
    }
    const filled = Array.from({ length: rows.length }, (_, i) => rows[i] ?? emptyRow());
    if (filled.length) return filled;
  }
  return [...invitations.map((inv) => ({ ...emptyRow(), Cvr: inv.cvr, Name: inv.firm_name })), ...Array.from({ length: SPARE_ROWS }, emptyRow)];
}

export function bidRowsFor(typed: Record<string, string> | null, invitations: readonly InvitationRow[], errors: FieldErrors, lang: Lang) {
  return rowValues(typed, invitations).map((values, i) => {
    const row = i + 1;
    const field = (name: BidField) => ({ name: `award-${bidFieldName(row, name)}`, value: values[name], error: errors[bidFieldName(row, name)] });
    return {
      legend: t(lang, 'invitations.bids.row', { row }),
      cvr: field('Cvr'),
      name: field('Name'),
      amount: field('Amount'),
      reason: field('Reason'),
      valid: { ...field('Valid'), options: [{ value: 'yes', label: t(lang, 'invitations.bids.yes') }, { value: 'no', label: t(lang, 'invitations.bids.no') }] },
    };
  });
}

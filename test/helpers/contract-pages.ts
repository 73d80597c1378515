import type { Db } from '../../src/db/database.js';
import { contractInDatabase } from './contracts.js';
import { firmInDatabase } from './firms.js';
import { decodeEntities } from './html.js';
import { SCRIPT } from './hostile.js';

// Three contracts for the public contract pages, written straight into the tables:
// - T-CONTRACT (works, 12 mio. kr., CVR 30023757): progress on two targets, a site check with a
//   fine and the supplier's response, a published rating with a reply and a draft, and three
//   changes whose running total crosses §180's 15 % and then falls back under it;
// - T-HOSTILE (another supplier, hostile texts everywhere): completed 9 days late under budget;
// - T-THIRD (the first supplier again): signed, nothing recorded yet.
// The suppliers are also firms in the register, with contact people the pages must never show.

export const SUPPLIER_A = '30023757';
export const SUPPLIER_B = '30071271';
export const CONTACTS = [
  { name: 'Karen Kontaktsen', email: 'karen@byg-anlaeg.test' },
  { name: 'Hostile Hansen', email: 'hostile@firma.test' },
];

export async function contractPagesData(db: Db) {
  await firmInDatabase(db, { cvr: SUPPLIER_A, name: 'Byg & Anlæg Køge A/S', contactName: CONTACTS[0]!.name, email: CONTACTS[0]!.email });
  await firmInDatabase(db, { cvr: SUPPLIER_B, name: 'Fjendtlig ApS', contactName: CONTACTS[1]!.name, email: CONTACTS[1]!.email });

  const first = await contractInDatabase(db);
  const tenderId = first.tenderId;
  const apprentices = first.targets.find((target) => target.measure === 'apprentice_years')!;
  const co2 = first.targets.find((target) => target.measure === 'co2_per_m2_year')!;
  const defects = first.targets.find((target) => target.title !== null)!;
  await db
    .insertInto('contract_progress')
    .values([
      { target_id: apprentices.id, tender_id: tenderId, observed_on: '2026-10-01', value: 1.5 },
      { target_id: apprentices.id, tender_id: tenderId, observed_on: '2027-01-15', value: 2.5 },
      { target_id: co2.id, tender_id: tenderId, observed_on: '2027-02-01', value: 7.1 },
    ])
    .execute();
  await db
    .insertInto('contract_checks')
    .values({
      tender_id: tenderId,
      checked_on: '2026-11-03',
      subject: 'Lærlinge på pladsen',
      requirement_code: 'SOC-APPRENTICE',
      outcome: 'finding',
      sanction: 'fine',
      fine_dkk: 25_000,
      supplier_response: 'Vi har ansat to lærlinge mere',
    })
    .execute();
  const [published] = await db
    .insertInto('contract_ratings')
    .values([
      {
        tender_id: tenderId,
        occasion: 'yearly',
        rated_on: '2026-12-01',
        overall: 'approaching',
        reason: 'Bagud med lærlinge',
        reply_due_on: '2026-12-15',
        reply: 'Vi ansætter to i januar',
        replied_at: new Date('2026-12-05T10:00:00Z'),
        published_at: new Date('2026-12-05T10:00:00Z'),
      },
      { tender_id: tenderId, occasion: 'yearly', rated_on: '2027-06-01', overall: 'inadequate', reason: 'KLADDE-BEGRUNDELSE', reply_due_on: '2027-06-15' },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('contract_rating_items')
    .values([{ rating_id: published!.id, target_id: apprentices.id, rating: 'requires_improvement', reason: 'Halvdelen af lærlingeårene mangler' }])
    .execute();
  await db
    .insertInto('contract_changes')
    .values([
      { tender_id: tenderId, changed_on: '2026-09-01', reason: 'extra_work', value_change_dkk: 600_000 },
      { tender_id: tenderId, changed_on: '2026-12-01', reason: 'unforeseen_conditions', value_change_dkk: 1_440_000, new_end_on: '2027-09-30', legal_basis: 'unforeseen_182' },
      { tender_id: tenderId, changed_on: '2027-01-10', reason: 'other', reason_text: 'Mindre tagareal', value_change_dkk: -500_000 },
    ])
    .execute();

  const hostile = await contractInDatabase(db, {
    tenderId: 'T-HOSTILE',
    title: `Skole ${SCRIPT}`,
    supplierName: `Fjendtlig ${SCRIPT} ApS`,
    supplierCvr: SUPPLIER_B,
    originalValueDkk: 3_000_000,
    signedOn: '2025-03-01',
    plannedHandoverOn: '2026-06-01',
    requirements: ['SOC-APPRENTICE'],
  });
  const hostileApprentices = hostile.targets.find((target) => target.measure === 'apprentice_years')!;
  await db.updateTable('contract_targets').set({ target_value: 2 }).where('id', '=', hostileApprentices.id).execute();
  await db.insertInto('contract_progress').values({ target_id: hostileApprentices.id, tender_id: 'T-HOSTILE', observed_on: '2026-05-20', value: 2 }).execute();
  await db
    .insertInto('contract_checks')
    .values({ tender_id: 'T-HOSTILE', checked_on: '2026-02-03', subject: `Kontrol ${SCRIPT}`, outcome: 'breach', sanction: 'warning', supplier_response: `Svar ${SCRIPT}` })
    .execute();
  await db
    .insertInto('contract_ratings')
    .values({
      tender_id: 'T-HOSTILE',
      occasion: 'handover',
      rated_on: '2026-06-15',
      overall: 'good',
      reason: `Begrundelse ${SCRIPT}`,
      reply_due_on: '2026-06-29',
      reply: `Svar på vurdering ${SCRIPT}`,
      replied_at: new Date('2026-06-20T10:00:00Z'),
      published_at: new Date('2026-06-20T10:00:00Z'),
    })
    .execute();
  await db
    .insertInto('contract_changes')
    .values({ tender_id: 'T-HOSTILE', changed_on: '2025-09-01', reason: 'other', reason_text: `Årsag ${SCRIPT}`, description: `Beskrivelse ${SCRIPT}`, value_change_dkk: -100_000 })
    .execute();
  await db
    .updateTable('contracts')
    .set({ final_value_dkk: 2_900_000, handover_on: '2026-06-10', completed_at: new Date('2026-06-10T12:00:00Z') })
    .where('tender_id', '=', 'T-HOSTILE')
    .execute();

  await contractInDatabase(db, {
    tenderId: 'T-THIRD',
    title: 'Nyt tag på Ølby Hallen',
    originalValueDkk: 2_000_000,
    signedOn: '2026-01-10',
    plannedHandoverOn: '2099-12-31',
    requirements: ['SOC-APPRENTICE'],
  });
  return { tenderId, targets: { apprentices, co2, defects } };
}

/** What a reader sees of a page: its text, tags out, entities decoded, spaces (no-break too) made one. */
export const pageText = (html: string) =>
  decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' '))
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim();

/** The HTML of one element with an id or class attribute, up to its closing tag (sections, tables). */
export function part(html: string, marker: string, closing = '</section>'): string {
  const start = html.indexOf(marker);
  if (start < 0) return '';
  const end = html.indexOf(closing, start);
  return html.slice(start, end < 0 ? undefined : end + closing.length);
}

import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/database.js';
import type { FirmSize, FirmStatus } from '../../src/domain/firm.js';
import { createFirmSession, FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { Browser } from './officer.js';

export interface TestFirm {
  cvr?: string;
  name?: string;
  postalCode?: string;
  city?: string;
  size?: FirmSize;
  status?: FirmStatus;
  publicListing?: boolean;
  wantsInvitations?: boolean;
  trades?: string[];
  contactName?: string;
  email?: string;
}

/** Valid CVR numbers (modulus 11) for test firms, one per call of `firmInDatabase`. */
export const testCvrs = ['30023757', '30071271', '30166299', '30332598', '30419707', '30467221', '30633520', '30673115', '30688953', '30728548'];

/** Where each database is in testCvrs: a test process runs many files, so a count for the process would start anywhere. */
const nextOf = new WeakMap<Db, number>();

/** The next test CVR number this database has no firm with (a test may have given one of them to a firm itself). */
async function unusedCvr(db: Db): Promise<string> {
  const taken = new Set((await db.selectFrom('firms').select('cvr').where('cvr', 'in', testCvrs).execute()).map((row) => row.cvr));
  for (let tries = 0; tries < testCvrs.length; tries++) {
    const next = nextOf.get(db) ?? 0;
    nextOf.set(db, next + 1);
    const cvr = testCvrs[next % testCvrs.length]!;
    if (!taken.has(cvr)) return cvr;
  }
  throw new Error('every test CVR number is taken in this database');
}

/** A firm with one contact person, written straight to the database (not through the sign-up form). */
export async function firmInDatabase(db: Db, firm: TestFirm = {}): Promise<{ firmId: string; contactId: string; cvr: string; email: string }> {
  const cvr = firm.cvr ?? (await unusedCvr(db));
  const { id: firmId } = await db
    .insertInto('firms')
    .values({
      cvr,
      name: firm.name ?? `Testfirma ${cvr} ApS`,
      address: 'Torvet 1',
      postal_code: firm.postalCode ?? '4600',
      city: firm.city ?? 'Køge',
      size: firm.size ?? 'small',
      status: firm.status ?? 'approved',
      public_listing: firm.publicListing ?? true,
      wants_invitations: firm.wantsInvitations ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const trades = firm.trades ?? ['toemrer'];
  if (trades.length) await db.insertInto('firm_trades').values(trades.map((trade_code) => ({ firm_id: firmId, trade_code }))).execute();
  const email = firm.email ?? `kontakt-${cvr}@firma.test`;
  const { id: contactId } = await db
    .insertInto('firm_contacts')
    .values({ firm_id: firmId, name: firm.contactName ?? 'Kim Kontakt', email })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { firmId, contactId, cvr, email };
}

/** A browser stand-in signed in as the firm's contact person (the session made directly). */
export async function signedInFirm(app: FastifyInstance, db: Db, firm: TestFirm = {}) {
  const made = await firmInDatabase(db, firm);
  const browser = new Browser(app);
  browser.cookies.set(FIRM_SESSION_COOKIE, await createFirmSession(db, made.contactId));
  return { ...made, browser };
}

import PgBoss from 'pg-boss';
import type { Executor } from '../db/database.js';
import type { FirmMailKind } from '../db/types.js';
import { queues, within } from '../subscriptions/queue.js';

// A mail to a firm's contact person is a firm_mails row plus a pg-boss job (its id is the row's),
// inserted in the caller's transaction: neither exists without the other. firms/mail-runtime.ts
// delivers them. details: { signinId } for 'signin', { tenderId } for 'invitation', { ratingId } for
// 'rating' (a draft rating of a contract the firm is the supplier on).

export const FIRM_MAIL_QUEUE = queues.firmMail;

// Only inserts jobs through a caller's connection; it never opens one of its own.
const enqueuer = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('jobs are inserted through a transaction')) } });

export interface FirmMailDetails {
  signin: { signinId: string };
  invitation: { tenderId: string };
  rating: { ratingId: number };
}

/** Writes the mail and queues its delivery with the caller's transaction; returns the mail's id. */
export async function queueFirmMail<K extends FirmMailKind>(trx: Executor, contactId: string, kind: K, details: FirmMailDetails[K]): Promise<string> {
  const { id } = await trx
    .insertInto('firm_mails')
    .values({ contact_id: contactId, kind, details: JSON.stringify(details) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueuer.insert([{ id, name: FIRM_MAIL_QUEUE, data: { mailId: id } }], { db: within(trx) });
  return id;
}

import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../audit/audit.js';
import { createUserWithoutPassword, findUserByEmail } from '../auth/users.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { recordDecision } from '../decisions/service.js';
import { isValidCvr } from '../domain/cvr.js';
import { firmSizes } from '../domain/firm.js';
import { copenhagenDate } from '../domain/period.js';
import { atRoot } from '../paths.js';
import { appendEvents } from '../tenders/events.js';
import { findTender, lockTender } from '../tenders/repository.js';
import { sendInvitations } from './invitations.js';

// Sample firms for a new installation that runs on the bundled sample export (no DBD_URL): a
// handful of fictional, approved, publicly listed firms (firms.sample = true; contact "Eksempel
// Kontakt" at example.invalid), and one finished underhåndsbud round on a sample tender: interest,
// three invitations, three bids and the award, so that a new user sees the feature at once. The
// invitations and the award go through their services (events on the spine, audit entries), done
// by a disabled account named for the sample data that nobody can sign in with. Every step checks
// what is already there, so a second start adds nothing.

const SAMPLE_USER_EMAIL = 'eksempeldata@example.invalid';

const cvr = z.string().refine(isValidCvr, 'not a CVR number');
const sampleSchema = z.object({
  firms: z
    .array(
      z.object({
        cvr,
        name: z.string().min(1),
        address: z.string().min(1),
        postalCode: z.string().regex(/^\d{4}$/),
        city: z.string().min(1),
        size: z.enum(firmSizes),
        trades: z.array(z.string()).min(1),
      }),
    )
    .min(1),
  round: z.object({
    tenderId: z.string(),
    interested: z.array(cvr),
    invited: z.array(cvr),
    bids: z.array(z.object({ cvr, amountDkk: z.number().int().positive(), valid: z.boolean(), invalidReason: z.string().optional() })),
    winner: cvr,
    justification: z.string().min(1),
    earlyReason: z.string().min(1),
  }),
});
export type SampleFirms = z.infer<typeof sampleSchema>;

export const readSampleFirms = async (): Promise<SampleFirms> =>
  sampleSchema.parse(JSON.parse(await readFile(atRoot('src/firms/seed', 'sample-firms.json'), 'utf8')));

/** True when the portal runs on the bundled sample export: the only case with sample firms. */
export const usesBundledSample = (config: Pick<Config, 'dbd'>) => config.dbd.source.kind === 'file' && config.dbd.source.path === undefined;

export interface SampleOutcome {
  firms: number;
  round: boolean;
}

/** Adds the sample firms and their round when the portal runs on the bundled sample; else nothing. */
export async function seedSampleFirms(db: Db, config: Pick<Config, 'dbd' | 'extraClosedDays' | 'localPostcodes'>, now = new Date()): Promise<SampleOutcome> {
  if (!usesBundledSample(config)) return { firms: 0, round: false };
  const samples = await readSampleFirms();
  const actor = await sampleActor(db);
  const ids = await insertFirms(db, samples, actor);
  const round = await finishRound(db, samples, ids.byCvr, actor, config, now);
  return { firms: ids.created, round };
}

/** The disabled account named for the sample data (created on first use): sample data of other kinds is done by it too. */
export async function sampleActor(db: Db): Promise<Actor> {
  let user = await findUserByEmail(db, SAMPLE_USER_EMAIL);
  if (!user) {
    try {
      user = await createUserWithoutPassword(db, { email: SAMPLE_USER_EMAIL, name: 'Eksempeldata', role: 'officer' }, null);
      await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    } catch (error) {
      // Two starts at once on one server: the other one created it (and disables it).
      user = await findUserByEmail(db, SAMPLE_USER_EMAIL);
      if (!user) throw error;
    }
  }
  return { id: user.id, email: user.email, role: 'officer' };
}

async function insertFirms(db: Db, samples: SampleFirms, actor: Actor) {
  const byCvr = new Map<string, string>();
  let created = 0;
  for (const [index, firm] of samples.firms.entries()) {
    const existing = await db.selectFrom('firms').select(['id', 'sample']).where('cvr', '=', firm.cvr).executeTakeFirst();
    if (existing) {
      if (existing.sample) byCvr.set(firm.cvr, existing.id);
      continue;
    }
    await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('firms')
        .values({
          cvr: firm.cvr,
          name: firm.name,
          address: firm.address,
          postal_code: firm.postalCode,
          city: firm.city,
          size: firm.size,
          status: 'approved',
          reviewed_at: new Date(),
          reviewed_by: actor.id,
          public_listing: true,
          wants_invitations: true,
          sample: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('firm_trades').values(firm.trades.map((trade_code) => ({ firm_id: id, trade_code }))).execute();
      await trx
        .insertInto('firm_contacts')
        .values({ firm_id: id, name: 'Eksempel Kontakt', email: `kontakt${index + 1}@eksempel-virksomhed.example.invalid` })
        .execute();
      byCvr.set(firm.cvr, id);
      created++;
    });
  }
  return { byCvr, created };
}

async function finishRound(
  db: Db,
  samples: SampleFirms,
  byCvr: ReadonlyMap<string, string>,
  actor: Actor,
  config: Pick<Config, 'extraClosedDays' | 'localPostcodes'>,
  now: Date,
): Promise<boolean> {
  const round = samples.round;
  const stored = await findTender(db, round.tenderId);
  if (!stored || !['published', 'evaluation'].includes(stored.row.status)) return false;
  const firmOf = (cvr: string) => byCvr.get(cvr);
  if (![...round.interested, ...round.invited, ...round.bids.map((b) => b.cvr)].every(firmOf)) return false;

  await recordInterest(db, round.tenderId, round.interested.map((cvr) => firmOf(cvr)!));
  const invited = await db.selectFrom('invitations').select('id').where('tender_id', '=', round.tenderId).executeTakeFirst();
  if (!invited) {
    const firmIds = round.invited.map((cvr) => firmOf(cvr)!);
    await sendInvitations(db, { tenderId: round.tenderId, firmIds, reservedOutside: false, reason: null, local: config.localPostcodes }, actor);
  }

  const tender = (await findTender(db, round.tenderId))!.row;
  const names = new Map(samples.firms.map((firm) => [firm.cvr, firm.name]));
  const winner = round.bids.find((bid) => bid.cvr === round.winner)!;
  const today = copenhagenDate(now);
  const early = tender.tender_deadline !== null && now < tender.tender_deadline;
  await recordDecision(
    db,
    round.tenderId,
    {
      kind: 'award',
      details: {
        winnerName: names.get(round.winner)!,
        winnerCvr: round.winner,
        awardValueDkk: winner.amountDkk,
        bidsReceived: round.bids.length,
        criterion: 'lowest_price',
        weights: null,
        decidedOn: today,
        notifiedOn: today,
        notificationChannel: 'electronic',
        justification: round.justification,
        decisionLetterUrl: null,
        ...(early ? { earlyReason: round.earlyReason } : {}),
        bids: round.bids.map((bid) => ({
          cvr: bid.cvr,
          firmName: names.get(bid.cvr)!,
          amountDkk: bid.amountDkk,
          valid: bid.valid,
          invalidReason: bid.valid ? null : (bid.invalidReason ?? null),
        })),
      },
    },
    tender.officer_version,
    actor,
    { extraClosedDays: config.extraClosedDays, now },
  );
  return true;
}

/**
 * The sample firms' interest in the round's tender. The export has that tender only as published,
 * when the interest service no longer takes interest (it did while the tender was coming work), so
 * the rows and their 'interest' events are written here as the service wrote them then: one event
 * per firm with the count after it.
 */
async function recordInterest(db: Db, tenderId: string, firmIds: readonly string[]) {
  await db.transaction().execute(async (trx) => {
    if (!(await lockTender(trx, tenderId))) return;
    for (const firmId of firmIds) {
      const inserted = await trx
        .insertInto('tender_interests')
        .values({ tender_id: tenderId, firm_id: firmId, note: null })
        .onConflict((oc) => oc.doNothing())
        .returning('firm_id')
        .executeTakeFirst();
      if (!inserted) continue;
      const { n: count } = await trx
        .selectFrom('tender_interests')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('tender_id', '=', tenderId)
        .executeTakeFirstOrThrow();
      await appendEvents(trx, [{ tenderId, kind: 'interest', source: 'firm', revision: null, changes: [], details: { count } }]);
    }
  });
}

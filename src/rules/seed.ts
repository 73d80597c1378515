import { sql } from 'kysely';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { atRoot } from '../paths.js';
import { measureCodes } from '../domain/contract.js';
import { contractTypes, procedures } from '../domain/vocabulary.js';
import { insertRules } from './thresholds.js';

const seedFile = (name: string) => atRoot('src/rules/seed', name);

const thresholdRuleSchema = z.object({
  contractType: z.enum(contractTypes),
  minDkk: z.number().nonnegative(),
  minInclusive: z.boolean(),
  maxDkk: z.number().positive().nullable(),
  procedure: z.enum(procedures),
  minBids: z.number().int().nullable(),
  maxInvited: z.number().int().nullable(),
  announce: z.boolean(),
  standstillDays: z.number().int().nonnegative(),
  legalBasis: z.string().min(1),
  source: z.string().nullable(),
});
const thresholdSeedSchema = z.object({
  sets: z.array(
    z.object({
      name: z.string().min(1),
      effectiveFrom: z.iso.date(),
      effectiveTo: z.iso.date().nullable(),
      rules: z.array(thresholdRuleSchema).min(1),
    }),
  ),
});
const requirementSeedSchema = z.object({
  requirements: z.array(
    z.object({
      code: z.string().min(1),
      category: z.string().min(1),
      title: z.string().min(1),
      summary: z.string().min(1),
      evidence: z.string().nullable().optional(),
      legalBasis: z.string().nullable().optional(),
      source: z.string().nullable().optional(),
      measures: z.array(z.enum(measureCodes)).optional(),
    }),
  ),
});

async function readSeed<T>(name: string, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(JSON.parse(await readFile(seedFile(name), 'utf8')));
}

/**
 * Fills an empty database with the bundled threshold sets and requirement catalogue.
 * Each part is seeded only while its table is empty, so officers' later edits are never overwritten.
 */
export async function seedReferenceData(db: Db): Promise<{ thresholdSets: number; requirements: number }> {
  return db.transaction().execute(async (trx) => {
    // Instances starting together on an empty database take turns, so the sets go in once.
    await sql`select pg_advisory_xact_lock(4600260)`.execute(trx);
    let thresholdSets = 0;
    let requirements = 0;
    const hasSets = await trx.selectFrom('threshold_sets').select('id').limit(1).executeTakeFirst();
    if (!hasSets) {
      const seed = await readSeed('thresholds.json', thresholdSeedSchema);
      for (const set of seed.sets) {
        const { id } = await trx
          .insertInto('threshold_sets')
          .values({ name: set.name, effective_from: set.effectiveFrom, effective_to: set.effectiveTo })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertRules(trx, id, set.rules);
        thresholdSets++;
      }
    }
    const hasRequirements = await trx.selectFrom('requirements').select('code').limit(1).executeTakeFirst();
    if (!hasRequirements) {
      const seed = await readSeed('requirements.json', requirementSeedSchema);
      await trx
        .insertInto('requirements')
        .values(
          seed.requirements.map((r) => ({
            code: r.code,
            category: r.category,
            title: r.title,
            summary: r.summary,
            evidence: r.evidence ?? null,
            legal_basis: r.legalBasis ?? null,
            source: r.source ?? null,
            measures: JSON.stringify(r.measures ?? []),
          })),
        )
        .execute();
      requirements = seed.requirements.length;
    }
    return { thresholdSets, requirements };
  });
}

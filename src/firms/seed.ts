import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Executor } from '../db/database.js';
import { atRoot } from '../paths.js';

// The controlled list of trades a firm may name. It belongs to the code, not to the officers: every
// start brings the table up to the bundled list (new trades arrive, names follow); a trade is never
// deleted, since firms may name it.

const tradeSeedSchema = z.object({
  trades: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9-]{1,40}$/),
        da: z.string().min(1),
        en: z.string().min(1),
        cpv: z.array(z.string().regex(/^\d{2,8}$/)).min(1),
      }),
    )
    .min(1),
});

export async function seedTrades(db: Executor): Promise<number> {
  const seed = tradeSeedSchema.parse(JSON.parse(await readFile(atRoot('src/firms/seed', 'trades.json'), 'utf8')));
  await db
    .insertInto('trades')
    .values(seed.trades.map((trade, position) => ({ code: trade.code, name_da: trade.da, name_en: trade.en, cpv_prefixes: trade.cpv, position })))
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name_da: eb.ref('excluded.name_da'),
        name_en: eb.ref('excluded.name_en'),
        cpv_prefixes: eb.ref('excluded.cpv_prefixes'),
        position: eb.ref('excluded.position'),
      })),
    )
    .execute();
  return seed.trades.length;
}

/** The trades whose CPV prefixes cover one of the codes ('45261000-4' or '45261000'). */
export function tradesForCpv<T extends { cpv_prefixes: string[] }>(trades: readonly T[], cpvCodes: readonly string[]): T[] {
  const digits = cpvCodes.map((code) => code.replace(/-\d$/, ''));
  return trades.filter((trade) => trade.cpv_prefixes.some((prefix) => digits.some((code) => code.startsWith(prefix))));
}

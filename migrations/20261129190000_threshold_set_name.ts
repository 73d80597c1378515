import type { Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// The seeded threshold set of 2026-2027 was published as "… (eksempel)", a word meant for the
// developers, not for contractors reading which limits apply. It is renamed for what it is, in
// databases that still carry the seeded name only: a name an officer chose stays.
const seeded = 'EU-tærskelværdier og tilbudsloven 2026-2027 med kommunale tilbudsgrænser (eksempel)';
const renamed = 'EU-tærskelværdier og tilbudsloven 2026-2027 med kommunale tilbudsgrænser';

export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('threshold_sets').set({ name: renamed }).where('name', '=', seeded).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('threshold_sets').set({ name: seeded }).where('name', '=', renamed).execute();
}

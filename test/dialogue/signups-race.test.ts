import t from 'tap';
import { openDatabase } from '../../src/db/database.js';
import { activityView } from '../../src/dialogue/activity-views.js';
import { signUp } from '../../src/dialogue/signups.js';
import { testDatabase } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { firmInDatabase } from '../helpers/firms.js';
import { anActivity, NOW, talksInput, meetingInput, withPipeline } from '../helpers/dialogue.js';

// Two firms take the last seat at the same moment: exactly one gets it, the other is told it is
// on the waiting list. On PostgreSQL the two sign-ups come from two app instances (two connection
// pools) at once; PGlite is one session, so there they are served one after the other anyway.

t.test(`two firms racing for the last seat: exactly one gets it (${testDatabaseKind})`, async (t) => {
  const database = await testDatabase(t);
  const { officer } = await withPipeline(database.db);
  const id = await anActivity(database.db, officer, meetingInput({ capacity: 3 }));
  const early = await firmInDatabase(database.db);
  t.match(await signUp(database.db, id, early, { attendees: 2, slotId: null }, NOW), { status: 'confirmed' });
  let second = database.db;
  if (database.url) {
    const other = await openDatabase({ databaseUrl: database.url, onIdleConnectionError: () => {} });
    t.teardown(() => other.close());
    second = other.db;
  }
  for (let round = 0; round < 3; round++) {
    const [a, b] = [await firmInDatabase(database.db), await firmInDatabase(database.db)];
    const outcomes = await Promise.all([signUp(database.db, id, a, { attendees: 1, slotId: null }, NOW), signUp(second, id, b, { attendees: 1, slotId: null }, NOW)]);
    t.same(outcomes.map((o) => (o.ok ? o.status : o.reason)).sort(), ['confirmed', 'waiting'], `round ${round}: one seat, one waiting`);
    const view = (await activityView(database.db, id, NOW))!;
    t.equal(view.seatsTaken, 3, 'never more seats taken than there are');
    // Free the seat again for the next round.
    const winner = outcomes.find((o) => o.ok && o.status === 'confirmed') as { signupId: number };
    await database.db.updateTable('dialogue_signups').set({ status: 'cancelled' }).where('status', '=', 'waiting').execute();
    await database.db.updateTable('dialogue_signups').set({ status: 'cancelled' }).where('id', '=', winner.signupId).execute();
  }
});

t.test(`two firms booking the same slot at once: one gets it, the other is told it is taken (${testDatabaseKind})`, async (t) => {
  const database = await testDatabase(t);
  const { officer } = await withPipeline(database.db);
  const id = await anActivity(database.db, officer, talksInput());
  const [slot] = (await activityView(database.db, id, NOW))!.slots;
  let second = database.db;
  if (database.url) {
    const other = await openDatabase({ databaseUrl: database.url, onIdleConnectionError: () => {} });
    t.teardown(() => other.close());
    second = other.db;
  }
  const [a, b] = [await firmInDatabase(database.db), await firmInDatabase(database.db)];
  const outcomes = await Promise.all([signUp(database.db, id, a, { attendees: 1, slotId: slot!.id }, NOW), signUp(second, id, b, { attendees: 1, slotId: slot!.id }, NOW)]);
  t.same(outcomes.map((o) => (o.ok ? o.status : o.reason)).sort(), ['confirmed', 'slot_taken']);
  t.equal((await database.db.selectFrom('dialogue_signups').select('id').where('slot_id', '=', slot!.id).execute()).length, 1, 'one booking written');
});

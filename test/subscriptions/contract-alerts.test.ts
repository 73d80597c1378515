import t from 'tap';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { contractInDatabase } from '../helpers/contracts.js';
import { recordChange, recordProgress, signedEvent } from '../helpers/contract-rows.js';
import { alertSetup, confirmedSubscriber } from '../helpers/subscriptions.js';

// Alert mails for the follow-up of a contract: a follower of the tender gets each 'contract' event
// (signing, progress, a change with its reason and §180 basis) in their own language, with an
// officer's KPI title escaped in HTML; a search the tender does not match gets nothing.

const hostile = 'Mangler <b>ved</b> aflevering & "fejl"';

t.test('followers of a contracted tender get its contract events in their language; escaped in HTML', async (t) => {
  const { database, box } = await alertSetup(t);
  const db = database.db;
  const { tenderId, targets } = await contractInDatabase(db);
  const kpi = targets.find((target) => target.title === 'Mangler ved aflevering')!;
  await db.updateTable('contract_targets').set({ title: hostile }).where('id', '=', kpi.id).execute();
  await matchPendingEvents(db);
  const follower = await confirmedSubscriber(database, 'follower@example.com', { id: tenderId });
  await db.updateTable('subscriptions').set({ lang: 'en' }).where('id', '=', follower).execute();
  await confirmedSubscriber(database, 'kontrakter@example.dk', { status: 'contracted' });
  await confirmedSubscriber(database, 'planlagt@example.dk', { status: 'planned' });

  await signedEvent(db, tenderId);
  await matchPendingEvents(db);
  await box.waitFor(2);
  const to = (address: string) => box.received.filter((m) => m.to && 'text' in m.to && m.to.text === address);
  t.equal(to('follower@example.com')[0]!.subject, 'Contract signed: 3 targets agreed: Renovering af Ølby Skole');
  t.equal(to('kontrakter@example.dk')[0]!.subject, 'Kontrakt underskrevet: 3 mål aftalt: Renovering af Ølby Skole');

  await recordProgress(db, tenderId, kpi.id, 3, '2027-01-15');
  await matchPendingEvents(db);
  await box.waitFor(4);
  const progress = to('kontrakter@example.dk')[1]!;
  t.equal(progress.subject, `Fremdrift på »${hostile}«: 3 af 10 antal: Renovering af Ølby Skole`);
  t.match(String(progress.html), 'Mangler &lt;b&gt;ved&lt;/b&gt; aflevering &amp;', 'the title escaped in HTML');
  t.notMatch(String(progress.html), '<b>ved</b>');

  await recordChange(db, tenderId, { changedOn: '2027-02-01', reason: 'extra_work', valueChangeDkk: 2_000_000, legalBasis: 'additional_181', newEndOn: '2027-09-30' });
  await matchPendingEvents(db);
  await box.waitFor(6);
  const english = to('follower@example.com')[2]!;
  t.equal(String(english.subject).replaceAll('\u00a0', ' '), 'Contract change: +DKK 2,000,000 (+16.7% of the original value in total): Renovering af Ølby Skole');
  t.match(english.text, 'Reason: Extra work');
  t.match(english.text, 'New handover date: 30 September 2027');
  t.match(english.text, /de minimis limit of section 180[^]*Legal basis: Danish Public Procurement Act §181/);
  const danish = to('kontrakter@example.dk')[2]!;
  t.match(danish.text, 'Årsag: Ekstraarbejde');
  t.match(danish.text, /bagatelgrænsen i udbudslovens §180\. Hjemmel: Udbudsloven §181/);
  t.same(to('planlagt@example.dk'), [], 'a search the tender does not match gets nothing');
});

import t from 'tap';
import { eventsOf } from '../../src/tenders/events.js';
import { EU_TENDER, SMALL_TENDER } from '../helpers/decisions.js';
import { officerWithPipeline } from '../helpers/dialogue-admin.js';
import { decodeEntities } from '../helpers/html.js';

// A tender above the EU threshold without market dialogue: the public reason why (the waiver).

t.test('a tender above the EU threshold without dialogue: the public reason why, required, saved, shown and audited', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const page = await officer.get(`/admin/udbud/${EU_TENDER}`);
  t.match(page.body, /Udbuddet er over EU-tærsklen og har ingen markedsdialog/);
  t.notMatch((await officer.get(`/admin/udbud/${SMALL_TENDER}`)).body, /name="waiver-reason"/, 'no waiver form below the threshold');

  const empty = await officer.post(`/admin/udbud/${EU_TENDER}/ingen-dialog`, { 'waiver-reason': ' ' });
  t.equal(empty.statusCode, 400);
  t.match(empty.body, /<a href="#waiver-reason">Skriv, hvorfor der ikke holdes markedsdialog \(begrundelsen er offentlig\)<\/a>/);
  t.equal((await db.selectFrom('dialogue_waivers').selectAll().execute()).length, 0);

  const reason = 'Markedet er velkendt fra udbuddet i 2024 & kravene er uændrede.';
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/ingen-dialog`, { 'waiver-reason': reason });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/admin/udbud/${EU_TENDER}?gemt=ingen-dialog`);
  const saved = await officer.get(res.headers.location as string);
  t.match(saved.body, /Begrundelsen for ingen markedsdialog er gemt og vises offentligt./);
  t.match(decodeEntities(saved.body), /Offentlig begrundelse, gemt [^<]+:<\/p><p>Markedet er velkendt fra udbuddet i 2024 & kravene er uændrede.<\/p>/);
  t.equal((await db.selectFrom('dialogue_waivers').select('reason').executeTakeFirstOrThrow()).reason, reason);
  const events = (await eventsOf(db, EU_TENDER)).filter((e) => e.kind === 'dialogue');
  t.match(events, [{ details: { action: 'waiver', reason } }]);
  t.equal((await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.waiver').execute()).length, 1);

  const refused = await officer.post(`/admin/udbud/${SMALL_TENDER}/ingen-dialog`, { 'waiver-reason': reason });
  t.equal(refused.statusCode, 409, 'a tender under the threshold needs no reason');
  t.match(refused.body, /er ikke et EU-udbud/);
});

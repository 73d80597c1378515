import t from 'tap';
import { EU_TENDER } from '../helpers/decisions.js';
import { createdMeeting, officerWithPipeline, signupOf } from '../helpers/dialogue-admin.js';
import { decodeEntities } from '../helpers/html.js';

// The officers' market-dialogue pages and their refusals in English (?lang=en, then the cookie).

t.test('in English', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer);
  await signupOf(db, id, 'confirmed', { name: 'Tømrer Hansen ApS', email: 'kim@hansen.test' });
  const list = decodeEntities((await officer.get('/admin/dialog?lang=en')).body);
  t.match(list, /<h1>Market dialogue<\/h1>/);
  t.match(list, /Information meeting/);
  t.match(list, /1 of 40/);
  const page = decodeEntities((await officer.get(`/admin/dialog/${id}`)).body);
  t.match(page, /Signed up/);
  t.match(page, /For officers only: contact persons and e-mail addresses are never shown publicly./);
  const empty = await officer.post(`/admin/dialog/${id}/aflys`, { reason: '' });
  t.match(empty.body, /Enter why the activity is cancelled \(the reason is public\)/);
  const waiver = await officer.post(`/admin/udbud/${EU_TENDER}/ingen-dialog`, { 'waiver-reason': '' });
  t.match(waiver.body, /Enter why there is no market dialogue/);
});

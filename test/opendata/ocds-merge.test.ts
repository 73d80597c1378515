import t from 'tap';
import { compileReleases, withoutStaleNulls } from '../../src/opendata/ocds/merge.js';
import type { JsonObject, Release } from '../../src/opendata/ocds/types.js';
import { schemaErrors } from '../fixtures/ocds/validate.js';

// The OCDS merge rules the compiled release follows, and the nulls a release may carry.

/** A release of the process 'ocds-test01-X' with the given fields (only what the merge reads). */
const release = (n: number, fields: JsonObject): Release =>
  ({ ocid: 'ocds-test01-X', id: `ocds-test01-X-${n}`, date: `2026-11-2${n}T10:00:00+01:00`, tag: ['tenderUpdate'], initiationType: 'tender', ...fields }) as unknown as Release;

t.test('the compiled release: newer values win, objects merge field by field, metadata is its own', async (t) => {
  const compiled = compileReleases([
    release(1, { tender: { id: 'X', title: 'Tag', status: 'planning', value: { amount: 1, currency: 'DKK' } } }),
    release(2, { tender: { id: 'X', status: 'active' } }),
  ]);
  t.same(compiled, {
    ocid: 'ocds-test01-X',
    id: 'ocds-test01-X-2026-11-22T10:00:00+01:00',
    date: '2026-11-22T10:00:00+01:00',
    tag: ['compiled'],
    initiationType: 'tender',
    tender: { id: 'X', title: 'Tag', status: 'active', value: { amount: 1, currency: 'DKK' } },
  });
});

t.test('a null removes the field, and an object left empty goes with it', async (t) => {
  const compiled = compileReleases([
    release(1, { tender: { id: 'X', value: { amount: 1, currency: 'DKK' }, tenderPeriod: { endDate: '2026-12-01T12:00:00+01:00' } } }),
    release(2, { tender: { id: 'X', value: { amount: null, currency: null }, tenderPeriod: { endDate: '2026-12-08T12:00:00+01:00' } } }),
  ]);
  t.same(compiled.tender, { id: 'X', tenderPeriod: { endDate: '2026-12-08T12:00:00+01:00' } });
});

t.test('arrays of objects merge by id; other arrays and whole-list arrays are replaced', async (t) => {
  const compiled = compileReleases([
    release(1, {
      parties: [{ id: 'a', name: 'A', roles: ['buyer', 'procuringEntity'] }],
      tender: { id: 'X', items: [{ id: '1', classification: { scheme: 'CPV', id: '45000000' }, additionalClassifications: [{ scheme: 'CPV', id: '45261000' }, { scheme: 'CPV', id: '09331000' }] }] },
    }),
    release(2, {
      parties: [{ id: 'b', name: 'B', roles: ['supplier'] }, { id: 'a', roles: ['buyer'] }],
      tender: { id: 'X', items: [{ id: '1', additionalClassifications: [{ scheme: 'CPV', id: '45262000' }] }] },
    }),
  ]);
  t.same(compiled.parties, [
    { id: 'a', name: 'A', roles: ['buyer'] },
    { id: 'b', name: 'B', roles: ['supplier'] },
  ]);
  t.same((compiled.tender as JsonObject).items, [
    { id: '1', classification: { scheme: 'CPV', id: '45000000' }, additionalClassifications: [{ scheme: 'CPV', id: '45262000' }] },
  ]);
});

t.test('a release keeps only the nulls that clear a value the previous release had', async (t) => {
  const previous = { tender: { title: 'Tag', description: null, value: { amount: 5, currency: 'DKK' }, awards: [{ id: 'a', date: 'x' }] } };
  const next = { tender: { title: 'Tag', description: null, value: { amount: null, currency: null }, tenderPeriod: { startDate: null }, awards: [{ id: 'a', date: null }, { id: 'b', date: null }] } };
  t.same(withoutStaleNulls(next, undefined), { tender: { title: 'Tag', awards: [{ id: 'a' }, { id: 'b' }] } }, 'a first release has no nulls');
  t.same(withoutStaleNulls(next, previous), {
    tender: { title: 'Tag', value: { amount: null, currency: null }, awards: [{ id: 'a', date: null }, { id: 'b' }] },
  });
});

t.test('the schema check is not blind: a wrong tag, a date without offset and a missing ocid fail', async (t) => {
  const bad = { id: 'r1', date: '2026-11-20T10:00:00', tag: ['opened'], initiationType: 'tender' };
  const errors = schemaErrors('release', bad);
  t.match(errors, /ocid/);
  t.match(errors, /date-time/);
  t.match(errors, /allowed values/);
  t.equal(schemaErrors('releasePackage', { uri: 'x', version: '1.1', publishedDate: '2026-11-20T10:00:00Z', publisher: { name: 'K' }, releases: [bad] }) === '', false);
});

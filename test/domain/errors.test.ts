import t from 'tap';
import { PortalError, portalErrorStatus } from '../../src/domain/errors.js';

t.test('a refusal carries its stable code and the status that code always answers with', async (t) => {
  t.same(portalErrorStatus, { invalid: 400, not_found: 404, not_allowed: 409, stale: 409, duplicate: 409, in_force: 409 });
  for (const [code, status] of Object.entries(portalErrorStatus)) {
    const error = new PortalError(code as keyof typeof portalErrorStatus, 'Ændringen blev ikke gemt.');
    t.equal(error.code, code);
    t.equal(error.status, status, code);
    t.equal(error.message, 'Ændringen blev ikke gemt.');
    t.ok(error instanceof Error);
  }
});

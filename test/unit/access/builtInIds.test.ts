// The product's built-in roles against the sandbox's, two readings of the built-in roles page: the same ids for the
// same names, and the same data actions where both list them. A mistyped id in either shows here.
import assert from 'node:assert/strict';
import { BUILT_IN_ROLES } from '../../../src/core/access';
import { BUILT_IN_ROLES as SANDBOX_ROLES } from '../../../sandbox/arm/roles';

describe('access: built-in role ids', () => {
  it('names the same built-in roles by the same ids as the sandbox', () => {
    const sandbox = new Map(SANDBOX_ROLES.map((r) => [r.roleName, r]));
    for (const role of Object.values(BUILT_IN_ROLES)) {
      const other = sandbox.get(role.roleName);
      assert.ok(other, `${role.roleName} is not among the sandbox's built-in roles`);
      assert.equal(role.id, other.name, role.roleName);
      const dataActions = (r: { permissions: readonly { dataActions?: readonly string[] }[] }) =>
        r.permissions.flatMap((p) => p.dataActions ?? []).sort();
      assert.deepEqual(dataActions(role), dataActions(other), `${role.roleName}: data actions`);
    }
  });

  it('gives User Access Administrator its real id (a typo here once made a grant look missing)', () => {
    assert.equal(BUILT_IN_ROLES.userAccessAdministrator.id, '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9');
  });
});

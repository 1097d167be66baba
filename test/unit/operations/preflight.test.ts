import assert from 'node:assert/strict';
import {
  clusterAdminProblem,
  followerPrincipalForm,
  followerRefusal,
  permissionFor,
} from '../../../src/core/operations/preflight';
import type { PrincipalRow } from '../../../src/core/results/principals';

const ME = '0a000001-0000-4000-8000-000000000001';
const row = (role: string): PrincipalRow => ({
  role,
  principalType: 'AAD User',
  displayName: 'me',
  objectId: ME,
  fqn: `aaduser=${ME};t`,
  notes: '',
});

describe('pre-flight: permissions as the docs state them', () => {
  it('altering, merging or deleting the policy needs AllDatabasesAdmin at both scopes', () => {
    for (const text of [
      '.alter database Sales policy managed_identity ```[]```',
      ".alter-merge database ['my db'] policy managed_identity ```[]```",
      '.delete database Sales policy managed_identity',
      '.alter cluster policy managed_identity ```[]```',
      '.delete cluster policy managed_identity',
    ])
      assert.match(permissionFor(text), /^AllDatabasesAdmin on the cluster/, text);
  });

  it('reading the cluster policy needs AllDatabasesMonitor, the database policy User, Viewer or Monitor', () => {
    assert.equal(permissionFor('.show cluster policy managed_identity'), 'AllDatabasesMonitor on the cluster');
    assert.equal(
      permissionFor('.show database Sales policy managed_identity'),
      'Database User, Viewer or Monitor on the database',
    );
    assert.match(permissionFor(".add follower database F viewers ('x')"), /Admin on the follower database/);
  });

  it('.show databases details (and its cluster form) needs AllDatabasesMonitor, as the show-databases page says', () => {
    for (const text of ['.show databases details', '.show cluster databases details'])
      assert.equal(permissionFor(text), 'AllDatabasesMonitor on the cluster', text);
  });

  it('a Database Admin changing a database policy is warned before trying, like at cluster scope', () => {
    assert.match(
      clusterAdminProblem([row('Database Sales Admin')], ME, 'database') ?? '',
      /^Changing a database managed identity policy .*needs AllDatabasesAdmin; .*only as Database Sales Admin/,
    );
    assert.match(clusterAdminProblem([], ME) ?? '', /^Changing the cluster policy needs AllDatabasesAdmin/);
    assert.equal(clusterAdminProblem([row('AllDatabasesAdmin')], ME, 'database'), undefined);
  });
});

describe('pre-flight: follower databases', () => {
  const fqn = "('aadapp=0a000001-0000-4000-8000-000000000001;t')";
  it('principal changes are offered in the follower form; ingestors and other changes are not', () => {
    assert.equal(
      followerPrincipalForm(`.add database F viewers ${fqn} 'n'`),
      `.add follower database F viewers ${fqn} 'n'`,
    );
    assert.equal(
      followerPrincipalForm(`.drop database ['my db'] admins ${fqn}`),
      `.drop follower database ['my db'] admins ${fqn}`,
    );
    assert.equal(followerPrincipalForm(`.add database F ingestors ${fqn}`), undefined);
    assert.equal(followerPrincipalForm('.alter database F policy managed_identity ```[]```'), undefined);
  });

  it('the refusal says what is refused and which form to run instead', () => {
    assert.match(
      followerRefusal('F', 'c', `.add database F users ${fqn}`),
      /Run instead:\n\.add follower database F users/,
    );
    assert.match(
      followerRefusal('F', 'c', '.delete database F policy managed_identity'),
      /policies, schema and data are the leader's/,
    );
  });
});

import assert from 'node:assert/strict';
import { analyzeCommand } from '../../../../src/core/scanner/command';
import { commandAt, fastBlock } from '../../../../src/core/scanner/fast';
import { readPrincipals } from '../../../../src/core/scanner/fast/principals';
import { cleanCorpusCoverage, holdsToGeneral } from '../../../support/fastPath';

const APP = '4c7e82bd-6adb-46c3-b413-fdd44834c69b';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const CLEAN = [
  // The docs' examples (manage-*-security-roles, reference-security-principals, cluster-follower).
  ".add database Samples users ('aaduser=imikeoein@fabrikam.com')",
  `.add database Samples viewers ('aadapp=${APP};fabrikam.com')`,
  ".drop database Samples admins ('aadGroup=SomeGroupEmail@fabrikam.com')",
  ".add database Test users ('aadgroup=SGDisplayName;fabrikam.com') 'Test group @fabrikam.com (AAD)'",
  ".add database Test users ('msauser=abbiatkins@live.com') 'Test user (live.com)'",
  ".add table StormEvents ingestors ('aadapp=4c7e82bd-6adb-46c3-b413-fdd44834c69b;fabrikam.com')",
  ".drop table StormEvents admins ('aadGroup=SomeGroupEmail@fabrikam.com')",
  ".add external table Samples admins ('aaduser=imikeoein@fabrikam.com')",
  ".add materialized-view SampleView admins ('aaduser=imikeoein@fabrikam.com')",
  ".drop function SampleFunction admins ('aadGroup=SomeGroupEmail@fabrikam.com')",
  ".add follower database MyDB viewers ('aadgroup=mygroup@microsoft.com') 'My Group'",
  ".drop follower database MyDatabase admins ('aaduser=jack@contoso.com')",
  // The bench corpus's forms: an application by id and tenant, a database named in ['…'], notes on `.add`.
  `// principal 12: kept in git, reviewed in a pull request before it runs on the cluster\n.add database ['Sales EU'] ingestors ('aadapp=${APP};${TENANT}') 'export job identity'`,
  `.drop database Analytics monitors ('aadapp=${APP};${TENANT}')`,
  // Several principals of each kind, over several lines, CRLF, case, "…" strings and names, every database role.
  `.add database Ops unrestrictedviewers (\n    'aadapp=${APP};${TENANT}',\n    'aaduser=jane.doe@contoso.com',\n    "aadgroup=${TENANT}",\n    'msauser=someone@outlook.com'\n) "Ops readers"`,
  `// grant\r\n.ADD DATABASE [ "x-1" ] Admins ('AADAPP=${APP.toUpperCase()};contoso.onmicrosoft.com')\r\n`,
  `.add async database Sales.v2 monitors ('aadapp=MyService;contoso.com', 'aaduser=${APP}') ''`,
  `.add database $db-1 users('aaduser=a+b@contoso.com'  ,'aadgroup=team_x@contoso.com')'notes'`,
  `.drop async follower database F unrestrictedviewers ('aaduser=${APP};${TENANT}')`,
  `.add table ['My Table'] admins ('aadapp=${APP}')`,
  // Names and addresses that start like an id: one more `-` makes them a broken id (PRN002).
  `.drop materialized-view V admins ('aadgroup=Deadbeef;contoso.com', 'aaduser=cafe1234@contoso.com')`,
];

/** Every clean block read as the general way reads it, by the dispatcher too, and with no finding. */
function assertClean(block: string): void {
  assert.deepEqual(analyzeCommand(block)?.diagnostics, [], `not clean: ${block}`);
}

describe('scanner, fast way: .add / .drop principal commands', () => {
  it('the clean blocks have no finding the general way', () => CLEAN.forEach(assertClean));

  it('reads principal commands as the general reader does, mutations included', () =>
    holdsToGeneral(readPrincipals, CLEAN, 600));

  it('gives the kind and database as the general reader does, through the dispatcher', () => {
    const cases: [string, string, string | undefined][] = [
      [".add database ['Sales EU'] viewers ('aaduser=a@contoso.com')", 'add-principal', 'Sales EU'],
      [".drop database Ops viewers ('aaduser=a@contoso.com')", 'drop-principal', 'Ops'],
      [".add async database Ops viewers ('aaduser=a@contoso.com')", 'other-management', undefined],
      [".add table T admins ('aaduser=a@contoso.com')", 'other-management', undefined],
    ];
    for (const [text, kind, database] of cases) {
      const fast = fastBlock(text, 0);
      assert.ok(fast, text);
      assert.equal(fast.analysis.kind, kind, text);
      assert.equal(fast.analysis.database, database, text);
      assert.deepEqual(fast.analysis, analyzeCommand(text), text);
    }
  });

  it('refuses every block with a finding: roles, principals, tenants, placeholders, redacted ids', () => {
    const refused = [
      // PRN005: cluster roles, a role the object does not have.
      `.add cluster AllDatabasesAdmin ('aadapp=${APP};${TENANT}')`,
      `.add database Sales ingestor ('aadapp=${APP};${TENANT}')`,
      `.add table T viewers ('aadapp=${APP};${TENANT}')`,
      `.add follower database F ingestors ('aadapp=${APP};${TENANT}')`,
      `.add function F users ('aadapp=${APP};${TENANT}')`,
      // PRN001: no kind.
      `.add database Sales viewers ('${APP};${TENANT}')`,
      `.add database Sales viewers ('aadsp=${APP};${TENANT}')`,
      // PRN002: broken ids, an application by name without tenant or by address, a user by name.
      `.add database Sales viewers ('aadapp=${APP.slice(0, 30)};${TENANT}')`,
      `.add database Sales viewers ('aadapp=MyApp')`,
      `.add database Sales viewers ('aadapp=app@contoso.com')`,
      `.add database Sales viewers ('aaduser=jane')`,
      `.add database Sales viewers ('aadgroup=12345;contoso.com')`,
      `.add database Sales viewers ('aaduser=4c7e82bd-6adb@contoso.com')`,
      `.add database Sales viewers ('aadgroup=deadbeef-12;contoso.com')`,
      // PRN003: a tenant that is neither a GUID nor a domain.
      `.add database Sales viewers ('aadapp=${APP};contoso')`,
      // PRN004: the old system form.
      `.add database Sales viewers ('aadapp=system;${TENANT}')`,
      // KQL006: placeholders and redacted ids, in principals, names and notes.
      `.add database <DatabaseName> viewers ('aadapp=<objectId>;<tenantId>')`,
      `.add database Sales viewers ('aadapp=<objectId>;${TENANT}')`,
      `.add database Sales viewers ('aadapp=${APP};{tenantId}')`,
      `.add database Sales viewers ('aaduser=xxxx@contoso.com')`,
      `.add database Sales viewers ('aadapp=${APP};${TENANT}') 'owner: <name>'`,
      `.add database Sales viewers ('aadgroup=Readers;example.com')`,
      `.add database Sales viewers ('aadapp=${APP};${TENANT}') '****'`,
    ];
    for (const text of refused) {
      assert.notDeepEqual(analyzeCommand(text)?.diagnostics, [], `expected a finding: ${text}`);
      assert.equal(readPrincipals(text, 0, commandAt(text, 0)), undefined, text);
      assert.equal(fastBlock(text, 0), undefined, text);
    }
  });

  it('leaves other .add and .drop commands to the general reader', () => {
    for (const text of [
      '.drop table T ifexists',
      ".drop table T extent tags ('a')",
      ".add database Sales viewers ('aaduser=a@contoso.com') // why",
      ".add database Sales viewers ('aaduser=a@contoso.com') 'a' 'b'",
      '.add database Sales viewers ()',
      ".add database Sales viewers ('aaduser=a@contoso.com',)",
    ])
      assert.equal(readPrincipals(text, 0, commandAt(text, 0)), undefined, text);
  });

  it('answers for every clean principal command of the bench corpus', () => {
    const { clean, answered } = cleanCorpusCoverage(/^\.(add|drop) /, 2000, 11);
    assert.ok(clean > 150, `${clean} clean principal commands`);
    assert.equal(answered, clean, `answered ${answered} of ${clean} clean principal commands`);
  });
});

// The sandbox's own command parser: every command form of KUSTO-FACTS parses; malformed text is a positioned syntax error.
import assert from 'node:assert/strict';
import { parseCommand, KustoSyntaxError } from '../../../sandbox/kusto/commands';

describe('sandbox command parser', () => {
  const accepted = [
    '.show cluster policy managed_identity',
    ".show database ['My DB'] policy managed_identity",
    '.alter cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"All"}]```',
    `.alter-merge database DB policy managed_identity '[{"ObjectId":"system","AllowedUsages":"All"}]'`,
    `.alter database DB policy managed_identity @'[{"ObjectId":"system","AllowedUsages":"All"}]'`,
    '.delete database DB policy managed_identity',
    ".add database DB users ('aadapp=0e000001-0000-4000-8000-000000000001;11111111-1111-4111-8111-111111111111') 'notes'",
    ".add database DB monitors ('aadapp=system;t', h'aaduser=a@b.c;t')",
    ".drop database DB ingestors ('aadapp=x;t')",
    '.show database DB principals',
    '.show cluster principals',
    ".create external table T (x:int, s:string) kind=storage dataformat=csv ( h@'https://acct.blob.core.windows.net/container;impersonate' )",
    ".create external table T (x:int, s:string) kind=sql table=SqlTable ( h@'Server=tcp:srv.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;' )",
    '.create-or-alter continuous-export NAME over (T1, T2) to table EXT with (managedIdentity="system", intervalBetweenRuns=1h) <| T1 | where x > 1',
    '.create-or-alter continuous-export MyExport over (MyTable) to table MyExternalTable with (managedIdentity=system) <| MyTable',
    '.show continuous-exports',
    '.show continuous-export NAME',
    '.show continuous-export NAME failures',
    '.show continuous-export NAME exported-artifacts',
    '.enable continuous-export NAME',
    '.disable continuous-export NAME',
    '.drop continuous-export NAME',
    '.show external tables',
    '.show databases',
    '.show databases details',
    '.show cluster databases details',
    '.show tables',
    ".alter database ['DB'] policy streamingingestion enable",
    '.show database DB policy streamingingestion',
    '.create table thermostat (externalAssetId: string, CurrentTemperature: real)',
    '// leading comment\n.show databases // trailing comment',
  ];
  for (const text of accepted)
    it(`parses ${text.split('\n').pop()!.slice(0, 70)}`, () => assert.ok(parseCommand(text).op));

  it('reads the payload and properties as written', () => {
    const c = parseCommand(`.alter database DB policy managed_identity @'[{"A":"it''s"}]'`);
    assert.ok(c.op === 'alterPolicy' && c.payload === `[{"A":"it's"}]` && c.merge === false);
    const e = parseCommand(
      '.create-or-alter continuous-export N to table X with (managedIdentity=system, sizeLimit=100) <| T | take 1',
    );
    assert.ok(e.op === 'createExport');
    assert.deepEqual([e.properties, e.query], [{ managedIdentity: 'system', sizeLimit: '100' }, 'T | take 1']);
  });

  const rejected: [string, string][] = [
    ['.show cluster policy retention_ish', '1:22'],
    ['.alter cluster policy managed_identity', '1:39'],
    [".add database DB owners ('aadapp=x')", '1:18'],
    ['.show databases extra', '1:17'],
    [".add database DB users ('aadapp=x", '1:25'],
    ['.create-or-alter continuous-export N to table X', '1:48'],
    ['show databases', '1:1'],
    ['.show\n  cluster  polcy managed_identity', '2:12'],
  ];
  for (const [text, where] of rejected) {
    it(`rejects ${JSON.stringify(text)} at ${where}`, () => {
      assert.throws(
        () => parseCommand(text),
        (e: unknown) => e instanceof KustoSyntaxError && e.where() === where,
      );
    });
  }
});

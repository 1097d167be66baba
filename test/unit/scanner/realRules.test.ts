// The rules found on real scripts (issue 19): each code, where it points, its fix where certain, and the same finding
// in the editor (its model and quick fixes) as in `lint`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { applyEdits, codeActionsAt } from '../../../src/core/editor/codeActions';
import { clusterIdentitiesOf } from '../../../src/core/editor/live';
import { KustoDocumentModel } from '../../../src/core/editor/model';
import type { Diagnostic } from '../../../src/core/policy/types';
import { checkDocument } from '../../../src/core/scanner';
import { parserDiagnostics } from '../../../src/core/scanner/parserFindings';

const codes = (text: string) => checkDocument(text).map((d) => d.code);
const at = (text: string, d: Diagnostic) => text.slice(d.offset, d.offset + d.length);
function only(text: string, code: string): Diagnostic {
  const found = checkDocument(text).filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code} in ${JSON.stringify(checkDocument(text).map((d) => d.code))}`);
  return found[0];
}
const fixed = (text: string, d: Diagnostic) =>
  applyEdits(text, [{ offset: d.fix!.offset, length: d.fix!.length, newText: d.fix!.newText }]);

describe('rules from real scripts', () => {
  it('KQL005/KQL006 cover every unquoted or invalid managedIdentity value', () => {
    const with_ = (v: string) => `.create-or-alter continuous-export E to table T with (managedIdentity=${v}) <| T`;
    assert.deepEqual(codes(with_('<objectId>')), ['KQL006']);
    assert.deepEqual(codes(with_('myIdentity')), ['KQL005']);
    assert.deepEqual(codes(with_('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx')), ['KQL006']);
    assert.deepEqual(codes(with_('system')), ['KQL001']);
    assert.deepEqual(codes(with_('"system"')), []);
  });

  it('KQL006: one finding per command naming its placeholders, and the policy is still checked', () => {
    const text = ".add database <DatabaseName> viewers ('aadapp=<objectId>;{tenantId}')";
    const d = only(text, 'KQL006');
    assert.equal(at(text, d), '<DatabaseName>');
    assert.match(d.message, /'<DatabaseName>', '<objectId>', '\{tenantId\}'/);
    const policy =
      '.alter-merge database <Database Name> policy managed_identity ```[{"ObjectId": "system_assigned", "AllowedUsages": "AutomatedFlows"}]```';
    assert.deepEqual(codes(policy), ['KQL006', 'MIP009']);
    assert.deepEqual(codes(".list blobs ('https://a.blob.core.windows.net/c?sv=1&sig=xxxxxxxx') MaxFiles=1"), [
      'KQL006',
    ]);
    assert.deepEqual(codes('.list blobs ("https://a/c") PathFormat=("y=" datetime_pattern("{yyyy}/{MM}", d))'), []);
    // In a connection string: a secret elided as `...`, an example key, a credential written as its own name, named
    // in the order they stand in the string, the finding at the first.
    const sql =
      ".create external table S (Id:long) kind=sql table=T ( h@'Server=tcp:s.database.windows.net;User Id=user;Password=AKIAEXAMPLE;...' )";
    const secret = only(sql, 'KQL006');
    assert.equal(at(sql, secret), 'user');
    assert.match(secret.message, /'user', 'AKIAEXAMPLE', ';\.\.\.'/);
    // Comparisons and bodies in code are not placeholders.
    assert.deepEqual(codes('.create-or-alter function F() { T | where a<b and c>d }'), []);
    assert.deepEqual(codes('.create-or-alter function F() {T}'), []);
  });

  it('PRN001-PRN005: principal kinds, ids, tenants and roles', () => {
    assert.deepEqual(codes(".add database db viewers ('app=4c7e82bd-6adb-46c3-b413-fdd44834c69b')"), ['PRN001']);
    assert.deepEqual(codes(".add database db viewers ('aadapp=4c7e82bd-6adb-46c3;fabrikam.com')"), ['PRN002']);
    assert.deepEqual(codes(".add database db viewers ('aaduser=bob')"), ['PRN002']);
    assert.deepEqual(codes(".add database db viewers ('aadapp=MyApp')"), ['PRN002']);
    assert.deepEqual(codes(".add database db viewers ('aadapp=MyApp;fabrikam.com')"), []);
    assert.deepEqual(codes(".add database db viewers ('aadgroup=Team;fabrikam')"), ['PRN003']);
    assert.deepEqual(codes(".add function F ingestors ('aaduser=a@b.com')"), ['PRN005']);
    assert.deepEqual(codes(".add follower database F ingestors ('aaduser=a@b.com')"), ['PRN005']);
    assert.deepEqual(codes(".add cluster alldatabasesadmins ('aaduser=a@b.com')"), ['PRN005']);
    assert.deepEqual(codes(".add table T ingestors ('aadapp=4c7e82bd-6adb-46c3-b413-fdd44834c69b;fabrikam.com')"), []);
  });

  it('PRN004: aadapp=system warns in lint and the editor; the editor fixes it when the target cluster is known', async () => {
    const text = ".add database Sales viewers ('aadapp=system;72f988bf-86f1-41af-91ab-2d7cd011db47')";
    const d = only(text, 'PRN004');
    assert.deepEqual([d.severity, at(text, d), d.fix], ['warning', 'system', undefined]);
    const io = { out: '', stdout: (t: string) => void (io.out += t), stderr: () => undefined };
    const file = join(__dirname, '../../corpus/real/docs-continuous-export-2023.kql');
    await runCli(['lint', file], { ...io, readStdin: async () => '', readFile: async (p) => readFileSync(p, 'utf8') });
    assert.match(io.out, /:15:\d+: warning: 'aadapp=system' is not how the docs name .* \[PRN004\]/);
    const principalId = '0b7c3f9e-1d2a-4e5f-8a9b-c0d1e2f3a4b5';
    const model = new KustoDocumentModel(text, clusterIdentitiesOf({ system: { principalId }, userAssigned: [] }));
    const [action] = codeActionsAt(model, text.indexOf('system'), 0).filter((a) => a.kind === 'quickfix');
    assert.equal(action.diagnostic?.code, 'PRN004');
    const after = applyEdits(text, action.edits);
    assert.equal(after, text.replace('system', principalId));
    assert.deepEqual(codes(after), []);
  });

  it('CEX001/CEX002/KQL007: continuous-export property names, types and quoting', () => {
    const text =
      '.create-or-alter continuous-export E to table T with (intervalInMinutes=5, sizeLimit="big", distributed=yes, distribution=per_node, forcedLatency=10, isDisabld=false) <| T';
    assert.deepEqual(codes(text), ['CEX001', 'CEX002', 'CEX002', 'KQL007', 'CEX002', 'CEX001']);
    const unknown = checkDocument(text).filter((d) => d.code === 'CEX001');
    assert.match(unknown[0].message, /closest known one is 'intervalBetweenRuns'/);
    assert.equal(unknown[0].fix, undefined, 'a suggestion, not a certain fix');
    assert.equal(unknown[1].fix?.newText, 'isDisabled');
    const quoted = only(text, 'KQL007');
    assert.equal(fixed(text, quoted).includes('distribution="per_node"'), true);
    assert.deepEqual(
      codes(
        '.create-or-alter continuous-export E to table T with (intervalBetweenRuns=time(1h), forcedLatency=10m, sizeLimit=104857600, distributed=false, distribution="single") <| T',
      ),
      [],
    );
  });

  it('EXT001-EXT003 and KQL007/KQL008 on external tables', () => {
    const sql = (user: string) =>
      `.create external table S (x:int) kind=sql table=X (h@'Server=tcp:s.database.windows.net,1433;Authentication="Active Directory Managed Identity";User Id=${user};Initial Catalog=D;')`;
    assert.equal(at(sql('123456789'), only(sql('123456789'), 'EXT001')), '123456789');
    assert.deepEqual(codes(sql('4c7e82bd-6adb-46c3-b413-fdd44834c69b')), []);
    assert.deepEqual(codes(sql('<objectId>')), ['KQL006']);
    const storage =
      '.create external table T (x:int, d:datetime) kind=storage partition by (p:int = x, d:datetime = bin(d, 1d)) dataformat=Parquet (h@\'https://a.blob.core.windows.net/c;impersonate\') with (folder=Exports, docstring="d",)';
    assert.deepEqual(codes(storage), ['EXT002', 'EXT003', 'KQL007', 'KQL008']);
    const format = only(storage, 'EXT003');
    assert.equal(format.fix?.newText, 'parquet');
    const comma = only(storage, 'KQL008');
    assert.deepEqual(codes(fixed(fixed(storage, comma), format)), ['EXT002', 'KQL007']);
  });

  it('a string or [name] that reads "," "(" "=" is a value, not punctuation: no trailing comma, no lost with-list', () => {
    const storage = (w: string) =>
      `.create external table T (x:long) kind=storage dataformat=csv (h@'https://a.blob.core.windows.net/c;impersonate') with (${w})`;
    assert.deepEqual(codes(storage('separator=","')), []);
    assert.deepEqual(codes(storage('separator=",", folder=lake')), ['KQL007']);
    assert.deepEqual(codes(storage("separator='(', folder=lake")), ['KQL007']);
    assert.deepEqual(codes(storage('folder="x",')), ['KQL008']);
    const exported = '.create continuous-export E to table T with (managedIdentity=")", sizeLimit=x) <| T';
    assert.deepEqual(codes(exported), ['KQL005', 'CEX002']);
  });

  it('a column or table named `with` does not hide the with-list from its rules', () => {
    const storage = (w: string) =>
      `.create external table T (with:string, x:long) kind=storage dataformat=csv (h@'https://a.blob.core.windows.net/c;impersonate') with (${w})`;
    assert.deepEqual(codes(storage('folder="x"')), []);
    assert.deepEqual(codes(storage('folder="x",')), ['KQL008']);
    assert.deepEqual(codes(storage('folder=lake')), ['KQL007']);
    const exported = (w: string) => `.create continuous-export E over (with) to table T with (${w}) <| T`;
    assert.deepEqual(codes(exported('sizeLimit=100')), []);
    assert.deepEqual(codes(exported('sizeLimit=x')), ['CEX002']);
    assert.deepEqual(codes(exported('managedIdentity=system')), ['KQL001']);
  });

  it("update policies of Db.Table, ['Db'].Table and .alter-merge are checked like any other", () => {
    const policy = '```[{"IsEnabled": true, "Source": "Raw", "Query": "Raw", "ManagedIdentity": "system_assigned"}]```';
    for (const table of [
      'T',
      'Sales.Orders',
      "['Sales EU'].Orders",
      "Sales.['My Orders']",
      "['Sales EU'].['My Orders']",
    ]) {
      for (const verb of ['.alter', '.alter-merge']) {
        const text = `${verb} table ${table} policy update ${policy}`;
        assert.ok(codes(text).length > 0, `nothing found in ${text}`);
        assert.deepEqual(codes(text.replace('system_assigned', 'system')), [], text);
      }
    }
  });

  it('ING001-ING003: identities and impersonation in connection strings', () => {
    assert.deepEqual(codes(".ingest into table T ('https://a.blob.core.windows.net/c/f.csv;managed_identity=myid')"), [
      'ING001',
    ]);
    assert.deepEqual(codes(".list blobs ('https://a.blob.core.windows.net/c;impersonate')"), ['ING002']);
    assert.deepEqual(codes(".ingest into table T ('https://a.blob.core.windows.net/c;impersonate')"), []);
    assert.deepEqual(
      codes(".ingest into table T ('https://https://a.blob.core.windows.net/c/f.csv;managed_identity=system')"),
      ['ING003'],
    );
  });

  it('MIP202: single-quoted policy JSON is one info, and its content is still checked (not eight MIP001s)', () => {
    const text =
      ".alter-merge cluster policy managed_identity \"[{ 'ObjectId' : 'system_assigned', 'AllowedUsages' : 'NativeIngestion' }]\"";
    assert.deepEqual(codes(text), ['MIP202', 'MIP009']);
    const info = only(text, 'MIP202');
    assert.equal(info.severity, 'info');
    const doubled = fixed(text, info);
    assert.match(doubled, /\\"ObjectId\\"/);
    assert.deepEqual(codes(doubled), ['MIP009']);
  });

  it('KUSTO001: a command newer than the bundled parser is one info, not syntax errors', () => {
    const text =
      ".ingest-from-storage-queued into table T EnableTracking=true <| 'https://a.blob.core.windows.net/c/f.csv'";
    const found = parserDiagnostics(text, 10, [
      { start: 7, length: 1, message: 'Expected one of: async, inline, into' },
    ]);
    assert.deepEqual(
      found.map((d) => [d.code, d.severity, d.offset]),
      [['KUSTO001', 'info', 10]],
    );
    assert.match(found[0].message, /not known to the bundled parser/);
    const typo = parserDiagnostics('.show databses', 0, [{ start: 6, length: 8, message: 'Expected: extent' }]);
    assert.deepEqual(
      typo.map((d) => [d.code, d.severity]),
      [['KUSTO', 'error']],
    );
  });

  it('KUSTO001 through lint --official-parser on the docs page of .ingest-from-storage-queued', async function () {
    this.timeout(120_000);
    const parserDir = join(__dirname, '..', '..', '..', 'node_modules', '@kusto', 'language-service-next');
    const file = join(__dirname, '../../corpus/real/docs-ingest-from-storage-queued.kql');
    const io = { out: '', stdout: (t: string) => void (io.out += t), stderr: () => undefined };
    const code = await runCli(['lint', '--official-parser', '--format', 'json', file], {
      ...io,
      parserDir,
      readStdin: async () => '',
      readFile: async (p) => readFileSync(p, 'utf8'),
    });
    const findings = JSON.parse(io.out) as { code: string; severity: string; line: number }[];
    assert.deepEqual(
      findings.filter((f) => f.code.startsWith('KUSTO')).map((f) => [f.code, f.severity, f.line]),
      [
        ['KUSTO001', 'info', 4],
        ['KUSTO001', 'info', 15],
      ],
    );
    assert.equal(code, 1, 'the first command still has its errors (ING003, KQL006)');
  });
});

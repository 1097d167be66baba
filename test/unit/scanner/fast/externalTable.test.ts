import assert from 'node:assert/strict';
import { nextBlock } from '../../../../src/core/scanner/blocks';
import { analyzeCommand } from '../../../../src/core/scanner/command';
import { commandAt, fastBlock } from '../../../../src/core/scanner/fast';
import { readExternalTable } from '../../../../src/core/scanner/fast/externalTable';
import { cleanCorpusCoverage, holdsToGeneral } from '../../../support/fastPath';

const GUID = '9f3c1a2b-4d5e-4f60-8a7b-1c2d3e4f5a6b';
const CLEAN = [
  // The docs' storage forms (a key written as `secretKey`).
  '.create external table ExternalTable (EventName:string, Revenue:double)  \nkind=storage  \npartition by (CustomerName:string, Date:datetime)  \npathformat=("customer=" CustomerName "/date=" datetime_pattern("yyyyMMdd", Date))  \ndataformat=parquet\n( \n   h@\'https://storageaccount.blob.core.windows.net/container1;secretKey\'\n)',
  ".create external table ExternalTable (x:long, s:string)  \nkind=storage \ndataformat=csv \n( \n   h@'https://storageaccount.blob.core.windows.net/container1;secretKey' \n) ",
  ".create external table ExternalTable (Timestamp:datetime, x:long, s:string) \nkind=storage\npartition by (Date:datetime = bin(Timestamp, 1d)) \ndataformat=csv \n( \n   h@'abfss://filesystem@storageaccount.dfs.core.windows.net/path;secretKey'\n)",
  ".create external table ExternalTable (Timestamp:datetime, x:long, s:string) \nkind=storage \npartition by (Month:datetime = startofmonth(Timestamp)) \npathformat=(datetime_pattern(\"'year='yyyy'/month='MM\", Month)) \ndataformat=csv \n( \n   h@'https://storageaccount.blob.core.windows.net/container1;secretKey' \n) ",
  '.create external table ExternalTable (Timestamp:datetime, CustomerName:string) \nkind=storage \npartition by (CustomerNamePart:string = CustomerName, Date:datetime = startofday(Timestamp)) \npathformat=("customer_name=" CustomerNamePart "/" Date)\ndataformat=csv \n(  \n   h@\'https://storageaccount.blob.core.windows.net/container1;secretKey\' \n)',
  '.create external table ExternalTable (Timestamp:datetime, CustomerName:string) \nkind=storage \npartition by (CustomerId:long = hash(CustomerName, 10), Date:datetime = startofday(Timestamp)) \npathformat=("customer_id=" CustomerId "/dt=" datetime_pattern("yyyyMMdd", Date)) \ndataformat=csv \n( \n   h@\'https://storageaccount.blob.core.windows.net/container1;secretKey\'\n)\nwith (fileExtension = ".txt")',
  // Delta, with and without a schema.
  ".create-or-alter external table ExternalTable  \nkind=delta \n( \n   h@'https://storageaccount.blob.core.windows.net/container1;secretKey'\n) ",
  ".create external table ExternalTable (Timestamp:datetime, x:long, s:string) \nkind=delta\n( \n   h@'abfss://filesystem@storageaccount.dfs.core.windows.net/path;impersonate'\n)",
  // SQL: the docs' form with its clean with-list, and the managed identity forms.
  '.create external table MySqlExternalTable (x:long, s:string) \nkind=sql\ntable=MySqlTable\n( \n   h@\'Server=tcp:myserver.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=mydatabase;\'\n)\nwith \n(\n   docstring = "Docs",\n   folder = "ExternalTables", \n   createifnotexists = true,\n   firetriggers=true\n)  ',
  `.create external table SqlEvents3 (Id:long, Name:string) kind=sql table=Events\n( h@'Server=tcp:sql3.database.windows.net,1433;Authentication="Active Directory Managed Identity";User Id=${GUID};Initial Catalog=Db;' )`,
  `.alter external table ['Sql Orders'] (['Order Id']:long, Name:string) kind=sql table=['dbo Orders'] ( h@'Server=tcp:s.database.windows.net,1433;Authentication="Active Directory Managed Identity";Initial Catalog=Db;' )`,
  // The bench's storage forms, then several connection strings in each written form.
  `.create-or-alter external table LakeEvents12 (Timestamp:datetime, DeviceId:string, Value:real)\nkind=storage dataformat=parquet\n(\n    h@'https://lake12.blob.core.windows.net/events;managed_identity=${GUID}'\n)\nwith (folder='lake', docstring='Exported Events')`,
  ".create-or-alter external table LakeDevices7 (Timestamp:datetime, DeviceId:string, Value:real)\nkind=storage dataformat=parquet\n(\n    h@'https://lake7.blob.core.windows.net/devices;impersonate'\n)\nwith (folder='lake', docstring='Exported Devices')",
  ".create external table T (x:int, s:string) kind=storage dataformat=csv ( h@'https://a.blob.core.windows.net/c;managed_identity=system', @'https://b.blob.core.windows.net/c;impersonate', 'https://c.blob.core.windows.net/c;managed_identity=SYSTEM' , h\"https://d.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&sig=Qx9%2Bk2Fz%3D\" )",
  // Comments above, CRLF, upper case keywords, bracketed names, a with-list of several kinds of value.
  '// the lake, partitioned by day\r\n.ALTER EXTERNAL TABLE ["Lake-Events"] (Timestamp:datetime, Body:dynamic)\r\nKind=Storage\r\nPartition By (Day:DateTime = startofday(Timestamp), Source:string)\r\nPathFormat=(Source "/" datetime_pattern(\'yyyy/MM/dd\', Day))\r\nDataFormat=json\r\n(\r\n  h@\'https://lake.blob.core.windows.net/events;managed_identity=system\'\r\n)\r\nWith (folder="Lake/Raw", includeHeaders="All", compressed=true, fileExtension=\'.json.gz\', sizeLimit=104857600)',
  ".create external table Logs (Line:string) kind=storage dataformat=txt (h@'https://logs.blob.core.windows.net/raw;impersonate',h@'https://logs2.blob.core.windows.net/raw;impersonate')",
];

function answered(block: string): boolean {
  const text = `${block}\n\n.show databases\n`;
  return readExternalTable(text, 0, commandAt(text, 0)) !== undefined;
}

describe('scanner, fast way: external tables', () => {
  it('reads the clean forms as the general reader does, and refuses every mutation it cannot be sure of', () =>
    holdsToGeneral(readExternalTable, CLEAN, 600));

  it('answers for the clean forms through the dispatcher', () => {
    for (const block of CLEAN) {
      const text = `${block}\n`;
      const fast = fastBlock(text, 0);
      assert.ok(fast !== undefined, block);
      const b = nextBlock(text, 0)!;
      assert.deepEqual(fast.block, { start: b.start, end: b.end });
      assert.deepEqual(fast.analysis, analyzeCommand(text.slice(b.start, b.end)));
      assert.equal(fast.analysis.kind, 'other-management');
      assert.deepEqual(fast.analysis.diagnostics, []);
    }
  });

  it('refuses each kind of finding the rules give for external tables', () => {
    const storage = (connection: string, rest = '', head = '(x:long, s:string) kind=storage dataformat=csv') =>
      `.create external table T ${head} ( h@'${connection}' )${rest}`;
    const ok = 'https://a.blob.core.windows.net/c;impersonate';
    const findings: Record<string, string> = {
      // connection strings
      ING001: storage('https://a.blob.core.windows.net/c;managed_identity=system_assigned'),
      ING003: storage('https://https://a.blob.core.windows.net/c;impersonate'),
      EXT001: `.create external table T (x:long) kind=sql table=S ( h@'Server=tcp:s.database.windows.net,1433;Authentication="Active Directory Managed Identity";User Id=my-identity;Initial Catalog=Db;' )`,
      // placeholders and secrets left elided or named after themselves
      'KQL006 <…>': storage('https://<account>.blob.core.windows.net/c;impersonate'),
      'KQL006 {…}': storage('https://{account}.blob.core.windows.net/c;impersonate'),
      'KQL006 guid': storage('https://a.blob.core.windows.net/c;managed_identity=<objectId>'),
      'KQL006 xxxx': storage('https://a.blob.core.windows.net/c;managed_identity=xxxxxxxx'),
      'KQL006 word': `.create external table xxxx (x:long) kind=storage dataformat=csv ( h@'${ok}' )`,
      'KQL006 sas': storage('https://a.blob.core.windows.net/c?...'),
      'KQL006 key': storage('https://a.blob.core.windows.net/c;...'),
      'KQL006 elided path': storage('https://a.blob.core.windows.net/c...;managed_identity=system'),
      'KQL006 example account': storage('https://example.blob.core.windows.net/c;managed_identity=system'),
      'ING001 empty': storage('https://a.blob.core.windows.net/c;managed_identity='),
      'KQL006 example': storage('https://a.blob.core.windows.net/c?sig=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY'),
      'KQL006 named': `.create external table T (x:long) kind=sql table=S ( h@'Server=s;Port = 3306;UID = USERNAME;Pwd = PASSWORD;Database = d;' )`,
      'KQL006 docstring': storage(ok, ' with (docstring="see <link>")'),
      // the clauses
      EXT002: storage(ok, '', '(x:long, s:string) kind=storage partition by (P:int = hash(s, 10)) dataformat=csv'),
      EXT003: storage(ok, '', '(x:long) kind=storage dataformat=Parquet'),
      'EXT003 typo': storage(ok, '', '(x:long) kind=storage dataformat=parquett'),
      KQL007: storage(ok, ' with (folder=lake)'),
      'KQL007 sql': `.create external table T (x:long) kind=sql table=S ( h@'Server=s;Initial Catalog=Db;' ) with (primarykey = x)`,
      KQL008: storage(ok, " with (folder='lake', )"),
    };
    for (const [code, block] of Object.entries(findings)) {
      const general = analyzeCommand(block)!;
      assert.ok(general.diagnostics.length > 0, `${code}: the general reader finds nothing in ${block}`);
      assert.equal(answered(block), false, `${code}: answered for ${block}`);
    }
  });

  it('leaves other external-table commands and uncertain forms to the general reader', () => {
    for (const block of [
      '.alter external table T docstring "Docs"',
      ".create external table T (x:long) kind=storage dataformat=csv ( h@'https://a/c;impersonate' ) // note",
      ".create external table T (x:long) kind=storage dataformat=csv ( h@'https://a/c;impersonate', )",
      ".create external table T (x:long) kind=storage dataformat=csv ( @'https://a/c''d' )",
      ".create external table T (x:long) kind=storage dataformat=csv ( 'https://a/c\\'d' )",
      ".create external table T (x:long) kind=storage dataformat=csv ( h@'https://a/c;impersonate' ) <| T",
      ".create external table T (x:long)\n\nkind=storage dataformat=csv ( h@'https://a/c;impersonate' )",
      // Bracketed names whose text is punctuation: the rules compare token texts, so these are not read fast.
      `.create external table T (x:long) kind=storage partition by (P:datetime = bin(['('], 1d)) pathformat=(":" P) dataformat=csv ( h@'https://a/c;impersonate' )`,
      ".create external table T ([')']:long) kind=storage dataformat=csv ( h@'https://a/c;impersonate' )",
    ]) {
      assert.equal(answered(block), false, block);
    }
  });

  it('answers for nearly every clean external table of the bench corpus', () => {
    const { clean, answered } = cleanCorpusCoverage(
      /^\.(?:create|create-or-alter|alter)\s+external\s+table/i,
      2000,
      11,
    );
    assert.ok(clean > 100, `only ${clean} clean external tables in the corpus`);
    assert.ok(answered >= clean * 0.98, `answered for ${answered} of ${clean} clean external tables`);
  });
});

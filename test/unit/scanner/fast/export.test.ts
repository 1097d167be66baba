import assert from 'node:assert/strict';
import { nextBlock } from '../../../../src/core/scanner/blocks';
import { analyzeCommand } from '../../../../src/core/scanner/command';
import { commandAt } from '../../../../src/core/scanner/fast';
import { readExport } from '../../../../src/core/scanner/fast/export';
import { cleanCorpusCoverage, holdsToGeneral } from '../../../support/fastPath';

const ID = '6a1f0c2e-94b3-4d7e-8a51-0c9e2f7b3d14';
const QUERY = 'T\n| where Timestamp > ago(1d)\n| project Timestamp, DeviceId';

const CLEAN = [
  // The docs' example (create-alter-continuous.md), its trailing spaces included.
  '.create-or-alter continuous-export MyExport\nover (T)\nto table ExternalBlob\nwith\n(intervalBetweenRuns=1h, \n forcedLatency=10m, \n sizeLimit=104857600)\n<| T',
  // The managed identity page's system-assigned form.
  '.create-or-alter continuous-export MyExport over (MyTable) to table MyExternalTable with (managedIdentity="system", intervalBetweenRuns=5m) <| MyTable',
  // The bench corpus's form.
  `// export 1: kept in git, reviewed in a pull request before it runs on the cluster\n.create-or-alter continuous-export Export1 over (Events) to table LakeEvents\nwith (managedIdentity="${ID}", intervalBetweenRuns=1h, forcedLatency=10m, sizeLimit=104857600)\n<| Events\n| where Timestamp > ago(1d) and isnotempty(DeviceId)\n| extend Site = tostring(Payload.site), Reading = todouble(Payload.value)\n| project Timestamp, DeviceId, Site, Value = Reading`,
  `.create continuous-export Hourly to table Lake <| ${QUERY}`,
  `.alter continuous-export ['Hourly export'] over (['Raw Events'], Devices) to table ["Lake-1"] with (isDisabled=false) <| ${QUERY}`,
  `.CREATE-OR-ALTER Continuous-Export E2 OVER (T) TO TABLE L WITH (IntervalBetweenRuns=2HOURS, DISTRIBUTED=TRUE) <| T`,
  `.create continuous-export E3 to table L with (forcedLatency=time(00:05:00), intervalBetweenRuns=timespan(1h)) <| T`,
  `.create continuous-export E4 to table L with (distribution="per_shard", distributionKind='uniform', parquetRowGroupSize=100000) <| T | take 10`,
  `.create continuous-export E5 to table L with (distribution='single', distributionKind="default", distributed=false) <| T`,
  `.create-or-alter continuous-export E6 to table L with (managedIdentity='system', intervalBetweenRuns="30min", sizeLimit=1073741824) <|\nT`,
  // CRLF line ends, comments above.
  `// hourly export to the lake\r\n// owner: data platform\r\n.create-or-alter continuous-export E7\r\nover (T1, T2)\r\nto table Lake\r\nwith (\r\n    intervalBetweenRuns = 1h,\r\n    managedIdentity = "${ID.toUpperCase()}"\r\n)\r\n<| T1 | join kind=inner T2 on Id`,
  // A query with literals, a ``` block and a comment after `<|`.
  ".create continuous-export E8 to table L with (isDisabled=true) <| T\n| where Name == 'a''b' or Path has @'C:\\dir\\' // note\n| extend J = ```{\"a\": 1}```",
  '.alter continuous-export E9 over(T)to table L with(sizeLimit=104857600)<|T',
];

/** The block of `text` at 0 is refused by the reader, and the general reader does report a finding for it. */
function refused(text: string, code: string): void {
  const block = nextBlock(text, 0)!;
  const codes = analyzeCommand(text.slice(block.start, block.end))!.diagnostics.map((d) => d.code);
  assert.ok(codes.includes(code), `${code} expected for ${JSON.stringify(text)}, got ${JSON.stringify(codes)}`);
  assert.equal(readExport(text, 0, commandAt(text, 0)), undefined, JSON.stringify(text));
}

describe('scanner, fast way: continuous exports', () => {
  it('reads continuous exports as the general reader does', () => holdsToGeneral(readExport, CLEAN, 600));

  it('refuses every finding the rules give before <|', () => {
    const head = '.create-or-alter continuous-export E over (T) to table L';
    refused(`${head} with (managedIdentity=system) <| T`, 'KQL001');
    refused(`${head} with (managedIdentity=${ID}) <| T`, 'KQL001');
    refused(`${head} with (managedIdentity="System") <| T`, 'KQL005');
    refused(`${head} with (managedIdentity="my-identity") <| T`, 'KQL005');
    refused(`${head} with (managedIdentity=<objectId>, intervalBetweenRuns=5m) <| T`, 'KQL006');
    refused(`.create continuous-export Export-xxxx to table L <| T`, 'KQL006');
    refused(`${head} with (intervalBetweenRuns=1h, ) <| T`, 'KQL008');
    refused(`${head} with (intervalInMinutes=60) <| T`, 'CEX001');
    refused(`${head} with (folder="x") <| T`, 'CEX001');
    refused(`${head} with (intervalBetweenRuns=60) <| T`, 'CEX002');
    refused(`${head} with (forcedLatency="soon") <| T`, 'CEX002');
    // A comment runs to the line end: `time` is then not followed by `(`.
    refused(`${head} with (forcedLatency=time//(00:05:00)\n) <| T`, 'CEX002');
    refused(`${head} with (sizeLimit=100MB) <| T`, 'CEX002');
    refused(`${head} with (distributed=yes) <| T`, 'CEX002');
    refused(`${head} with (distribution="uniform") <| T`, 'CEX002');
    refused(`${head} with (distribution="Single") <| T`, 'CEX002');
    refused(`${head} with (distribution=single) <| T`, 'KQL007');
    refused(`${head} with (distributionKind=uniform) <| T`, 'KQL007');
  });

  it('leaves blocks it cannot be sure of to the general way', () => {
    for (const text of [
      // An unclosed literal in the query, a blank line in the head, no query at all, a name that is not a name.
      ".create continuous-export E to table L <| T | where a == 'open",
      '.create continuous-export E\n\nto table L <| T',
      '.create continuous-export E to table L with (sizeLimit=1)',
      '.create continuous-export E to table cluster("c").database("d").L <| T',
      '.create-or-alter continuous-exports E to table L <| T',
      // A comment inside the head: the general way reads it (the reader's gaps are blanks and one line end only).
      '.create continuous-export E over (T1, T2) // fact tables\nto table L <| T',
    ]) {
      assert.equal(readExport(text, 0, commandAt(text, 0)), undefined, JSON.stringify(text));
    }
  });

  it('answers for nearly every clean export of the bench corpus, through the dispatcher', () => {
    const { clean, answered } = cleanCorpusCoverage(/^\.create-or-alter continuous-export /, 1500, 11);
    assert.ok(clean > 100, `${clean} clean exports in the corpus`);
    assert.ok(answered >= clean * 0.99, `answered for ${answered} of ${clean} clean exports`);
  });
});

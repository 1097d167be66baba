import assert from 'node:assert/strict';
import { nextBlock } from '../../../../src/core/scanner/blocks';
import { analyzeCommand } from '../../../../src/core/scanner/command';
import { fastBlock } from '../../../../src/core/scanner/fast';
import { readUpdatePolicy } from '../../../../src/core/scanner/fast/updatePolicy';
import { answersLikeGeneral, cleanCorpusCoverage, holdsToGeneral } from '../../../support/fastPath';

const GUID = '6a1f3e2b-9c4d-4e5f-8a7b-1c2d3e4f5a6b';
const fence = (json: string) => '```' + json + '```';
const pretty = (entries: unknown[]) => JSON.stringify(entries, null, 4);
const compact = (entries: unknown[]) => JSON.stringify(entries);
const ENTRY = {
  IsEnabled: true,
  Source: 'RawEvents',
  Query: 'ParseEvents()',
  IsTransactional: false,
  PropagateIngestionProperties: false,
  ManagedIdentity: 'system',
};
const DOCS_EXAMPLE =
  '.alter table MyDatabase.MyTable policy update\n```\n[\n    {\n        "IsEnabled": true,\n        "Source": "MyTableX",\n' +
  '        "Query": "MyOtherTable",\n        "IsTransactional": true,\n        "PropagateIngestionProperties": false\n    }\n]\n```';
const DOCS_EXTERNAL =
  '.alter table MyDatabase.MyTargetTable policy update\n```\n[\n    {\n        "IsEnabled": true,\n' +
  '        "Source": "MySourceTable",\n        "Query": "MySourceTable | join kind=leftouter ' +
  "(external_table('MyAcceleratedExternalTable')) on CommonKey | project-away CommonKey1\",\n" +
  '        "IsTransactional": true,\n        "PropagateIngestionProperties": false,\n        "ManagedIdentity": "system"\n    }\n]\n```';

const CLEAN = [
  DOCS_EXAMPLE,
  DOCS_EXTERNAL,
  DOCS_EXAMPLE.replace(/\n/g, '\r\n'),
  `// Parse raw events as they arrive\n// (runs as the cluster's identity)\n.alter table Events policy update ${fence(pretty([ENTRY]))}`,
  `.alter table Sales.Events policy update ${fence(compact([{ ...ENTRY, ManagedIdentity: GUID }]))}`,
  `.alter table ['Sales EU'].Events policy update ${fence(pretty([{ ...ENTRY, IsTransactional: true }]))}`,
  `.alter table ['My Table'] policy update\n${fence(compact([ENTRY]))}`,
  `.alter table [ "T-1" ] policy update ${fence(compact([{ Source: 'S', Query: 'F()' }]))}`,
  `.ALTER TABLE Events POLICY UPDATE ${fence(compact([ENTRY]))}`,
  `.alter table Events policy update '${compact([ENTRY])}'`,
  `.alter table Events policy update @'${compact([ENTRY])}'`,
  `.alter table Device_Telemetry policy update "${compact([ENTRY]).replace(/"/g, '\\"')}"`,
  `.alter table Events policy update '${compact([{ ...ENTRY, Query: "Raw | where Kind == 'a'" }]).replace(/'/g, "\\'")}'`,
  `.alter table Events policy update ${fence(pretty([ENTRY, { ...ENTRY, Source: 'Other', ManagedIdentity: GUID }]))}`,
  `.alter table Events policy update ${fence(compact([{ ...ENTRY, Query: "database('Other').Raw | where Level < 3" }]))}`,
  `.alter table Events policy update ${fence(compact([{ ...ENTRY, Query: 'let n = 3; Raw | take n' }]))}`,
  `.alter table Events\n  policy update ${fence(compact([{ Source: 'Raw', Query: 'Raw | extend s = "x"' }]))}`,
  '.alter table Events policy update ```[]```',
  `.alter table Events policy update ${fence(pretty([ENTRY]).replace('},', '},\n\n'))}`,
  `.alter table Events policy update ${fence(pretty([ENTRY, ENTRY]).replace('},', '},\n\n'))}`,
];

/** The general reader's finding codes for a block, to show each refused case really has a finding. */
function codes(block: string): string[] {
  return (analyzeCommand(block)?.diagnostics ?? []).map((d) => d.code);
}

describe('scanner, fast way: update policies', () => {
  it('reads clean update policy commands as the general reader does, mutations included', () =>
    holdsToGeneral(readUpdatePolicy, CLEAN, 600));

  it('refuses every block with a finding, in the policy or in the command', () => {
    const cases: Array<[string, string]> = [
      ['UPD001', `.alter table T policy update ${fence('[{"Source": "S", "Query": "F()"')}`],
      ['UPD001', `.alter table T policy update ${fence('{"Source": "S", "Query": "F()"}')}`],
      ['UPD002', `.alter table T policy update ${fence(compact([{ Source: 'S' }]))}`],
      ['UPD002', `.alter table T policy update ${fence(compact([{ Source: 'S', Query: ' ' }]))}`],
      ['UPD003', `.alter table T policy update ${fence(compact([{ ...ENTRY, ManagedIdentity: 'system_assigned' }]))}`],
      ['UPD003', `.alter table T policy update '${compact([{ ...ENTRY, ManagedIdentity: null }])}'`],
      ['UPD004', `.alter table T policy update ${fence(compact([{ ...ENTRY, IsEnabled: 'true' }]))}`],
      ['UPD101', `.alter table T policy update ${fence(compact([{ ...ENTRY, IsEnable: true }]))}`],
      [
        'UPD101',
        `.alter table T policy update ${fence('[{"Source": "S", "Query": "F()", "Source": "U"}]'.replace('"Source": "U"', '"Sourse": "U"'))}`,
      ],
      [
        'UPD102',
        `.alter table T policy update ${fence(compact([{ Source: 'S', Query: "database('Other').Raw | take 1" }]))}`,
      ],
      ['KQL004', `.alter table T policy update ${fence(compact([ENTRY]))} extra`],
      ['KQL006', `.alter table T policy update ${fence(pretty([{ ...ENTRY, ManagedIdentity: '<objectId>' }]))}`],
      ['KQL006', `.alter table xxxx policy update ${fence(compact([ENTRY]))}`],
      [
        'KQL006',
        `.alter table T policy update ${fence(compact([{ ...ENTRY, Query: 'Raw | where Id == "{TenantId}"' }]))}`,
      ],
      [
        'ING001',
        `.alter table T policy update ${fence(compact([{ ...ENTRY, Query: "F('https://a.blob.core.windows.net/c;managed_identity=bob')" }]))}`,
      ],
      [
        'ING003',
        `.alter table T policy update ${fence(compact([{ ...ENTRY, Query: "F('https://https://a.blob.core.windows.net/c')" }]))}`,
      ],
    ];
    for (const [code, block] of cases) {
      assert.ok(codes(block).includes(code), `${code} expected from the general reader: ${block}`);
      assert.equal(readUpdatePolicy(block, 0, 0), undefined, `answered for a block with ${code}: ${block}`);
    }
  });

  it('leaves the forms it does not read for certain to the general way, which reads them the same', () => {
    const blocks = [
      `.alter table T policy update h'${compact([ENTRY])}'`,
      `.alter table T policy update @'${compact([{ ...ENTRY, Query: "F(''x'')" }])}'`,
      `.alter table T // why\npolicy update ${fence(compact([ENTRY]))}`,
      `.alter table T policy update ${fence(compact([ENTRY]))}\n| take 1`,
      `.alter table T policy merge ${fence(compact([ENTRY]))}`,
      // A fence left open: the next command's fence must not be read as its end.
      `.alter table T policy update ${fence('[\n')}\n\n.alter table U policy update ${fence(compact([ENTRY]))}`,
      `.alter table T policy update \`\`\`[{"Source": "S", "Query": "F()"}]\n\n.show databases\n\n\`\`\``,
    ];
    for (const block of blocks) {
      const text = `// before\n${block}\n\n.show databases\n`;
      answersLikeGeneral(readUpdatePolicy, text);
      for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) {
        const fast = fastBlock(text, b.start);
        if (fast !== undefined) assert.deepEqual(fast.analysis, analyzeCommand(text.slice(b.start, b.end)), block);
      }
    }
  });

  it('answers for nearly every clean update policy of the bench corpus, through the dispatcher', () => {
    const { clean, answered } = cleanCorpusCoverage(/^\.alter[ \t\r\n]+table[ \t\r\n]/i, 5000, 42);
    assert.ok(clean > 300, `only ${clean} clean update policies in the corpus`);
    assert.ok(answered >= clean * 0.98, `answered for ${answered} of ${clean} clean update policies`);
  });
});

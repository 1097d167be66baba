import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextBlock } from '../../../../src/core/scanner/blocks';
import { analyzeCommand } from '../../../../src/core/scanner/command';
import { fastBlock } from '../../../../src/core/scanner/fast';
import { readPolicy } from '../../../../src/core/scanner/fast/policy';
import { holdsToGeneral } from '../../../support/fastPath';

const A = '6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b';
const head = fc.constantFrom(
  '.alter cluster',
  '.alter-merge cluster',
  '.alter database Sales',
  ".alter database ['My DB']",
  '.alter-merge database [ "x-1" ]',
  '// note\n.alter cluster',
  '// a\n  // b\n.alter database D',
  '.alter cluster\n',
  '.alter\tdatabase\tT',
);
const policy = fc.constantFrom(
  `[{"ObjectId": "system", "AllowedUsages": "AutomatedFlows"}]`,
  `[\n  {\n    "ObjectId": "${A}",\n\n    "AllowedUsages": "SqlRequest, AzureAI"\n  },\n  {"AllowedUsages": "All", "ObjectId": "system"}\n]`,
  `[{"ObjectId": "system", "AllowedUsages": "SandboxArtifacts"}]`,
  `[{"ObjectId": "${A}", "AllowedUsages": "All"}, {"ObjectId": "${A}", "AllowedUsages": "AzureAI"}]`,
  `[{"ObjectId": "system", "AllowedUsages": "All, All"}]`,
  '[]',
  '[ ]  ',
);
const after = fc.constantFrom('', '\n', '\n\n', ' \n \n', '\nT', ' // c', '\r\n\r\n', '\n  \n.show databases');
const block = fc.tuple(head, policy, after).map(([h, p, a]) => `${h} policy managed_identity \`\`\`${p}\`\`\`${a}`);

describe('scanner, fast way: managed identity policies', () => {
  it('reads clean policy commands as the general reader does, mutations included', () =>
    holdsToGeneral(
      readPolicy,
      [
        `.alter cluster policy managed_identity \`\`\`[{"ObjectId": "system", "AllowedUsages": "AutomatedFlows"}]\`\`\``,
        `// why\n.alter-merge database Sales policy managed_identity \`\`\`[\n  {\n    "ObjectId": "${A}",\n    "AllowedUsages": "NativeIngestion, ExternalTable"\n  }\n]\`\`\``,
        `.alter database ['Sales EU'] policy managed_identity \`\`\`[{"AllowedUsages": "All", "ObjectId": "system"}, {"ObjectId": "${A}", "AllowedUsages": "SqlRequest"}]\`\`\``,
        `.alter-merge cluster policy managed_identity \`\`\`[]\`\`\``,
      ],
      600,
    ));

  it('gives the block and analysis the general way gives, whenever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (blocks) => {
        const text = blocks.join('\n\n');
        for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) {
          const quick = fastBlock(text, b.start);
          if (quick === undefined) continue;
          answered++;
          assert.deepEqual(quick.block, b);
          assert.deepEqual(quick.analysis, analyzeCommand(text.slice(b.start, b.end)));
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(answered > 100, `answered only ${answered} times`);
  });
  it('answers for clean policies of both scopes, with several usages', () => {
    for (const target of ['cluster', 'database D', "database ['My DB']"]) {
      const text = `// why\n.alter-merge ${target} policy managed_identity \`\`\`[{"ObjectId": "system", "AllowedUsages": "SqlRequest, AzureAI"}, {"AllowedUsages": "All", "ObjectId": "${A}"}]\`\`\`\n\nT`;
      const quick = fastBlock(text, 0);
      assert.ok(quick, target);
      assert.deepEqual(quick.analysis, analyzeCommand(text.slice(0, quick.block.end)));
    }
  });
  it('leaves policies with findings to the general way', () => {
    for (const p of [
      `[{"ObjectId": "${A}", "AllowedUsages": "All"}, {"ObjectId": "${A}", "AllowedUsages": "AzureAI"}]`,
      '[{"ObjectId": "system", "AllowedUsages": "All, All"}]',
      '[{"ObjectId": "System", "AllowedUsages": "All"}]',
    ]) {
      assert.equal(fastBlock(`.alter cluster policy managed_identity \`\`\`${p}\`\`\``, 0), undefined, p);
    }
    assert.equal(
      fastBlock(
        '.alter database D policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "SandboxArtifacts"}]```',
        0,
      ),
      undefined,
    );
  });
});

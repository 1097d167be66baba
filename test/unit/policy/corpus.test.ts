import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCleanPolicy, validatePolicy, type Diagnostic } from '../../../src/core/policy';
import { hasCleanShape } from '../../../src/core/policy/cleanShape';
import { checkPolicyText } from '../../../src/core/policy/rules';

// Each malformed policy, and a piece of text the first error must cover (or the offset it must start at).
const CORPUS: Array<[name: string, text: string, where: string | number]> = [
  ['truncated after [', '[', 1],
  ['truncated inside a string', '[{"ObjectId": "sys', '"sys'],
  ['truncated after a colon', '[{"ObjectId":', 13],
  ['missing closing brace', '[{"ObjectId": "system", "AllowedUsages": "All"]', ']'],
  ['single quotes', "[{'ObjectId': 'system'}]", "'"],
  ['a bare word', '[system]', 'system'],
  ['a number', '42', '42'],
  ['null', 'null', 'null'],
  ['a string', '"system"', '"system"'],
  ['nested arrays', '[[{"ObjectId": "system", "AllowedUsages": "All"}]]', '[{"ObjectId"'],
  ['nested junk in a field', '[{"ObjectId": {"id": "system"}, "AllowedUsages": "All"}]', '{"id": "system"}'],
  ['huge number as ObjectId', '[{"ObjectId": 1e999999, "AllowedUsages": "All"}]', '1e999999'],
  [
    'huge integer as usage',
    '[{"ObjectId": "system", "AllowedUsages": 123456789012345678901234567890}]',
    '123456789012345678901234567890',
  ],
  ['unicode usage', '[{"ObjectId": "system", "AllowedUsages": "Δutomated😀Flows"}]', 'Δutomated😀Flows'],
  ['unicode ObjectId', '[{"ObjectId": "systém", "AllowedUsages": "All"}]', 'systém'],
  ['empty object', '[{}]', '{}'],
  ['null element', '[null]', 'null'],
  ['control character in a string', '[{"ObjectId": "sys\ttem", "AllowedUsages": "All"}]', '\t'],
  ['text after the array', '[] junk', 'junk'],
  ['BOM-less garbage', '\u0000\u0001', 0],
  ['only a comment', '// nothing', '// nothing'],
  ['empty AllowedUsages of spaces', '[{"ObjectId": "system", "AllowedUsages": "   "}]', '   '],
];

function inside(text: string, d: Diagnostic): void {
  assert.ok(
    d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length,
    `${d.code} ${d.offset}+${d.length} outside ${text.length}`,
  );
  if (d.fix)
    assert.ok(d.fix.offset >= 0 && d.fix.offset + d.fix.length <= text.length, `fix of ${d.code} outside the text`);
}

describe('validatePolicy: malformed corpus', () => {
  for (const [name, text, where] of CORPUS) {
    it(`${name}: reports at the right place`, () => {
      const found = validatePolicy(text, { scope: 'database' });
      assert.ok(found.length > 0, 'no diagnostic');
      found.forEach((d) => inside(text, d));
      const first = found.find((d) => d.severity === 'error') ?? found[0];
      const offset = typeof where === 'number' ? where : text.indexOf(where);
      assert.ok(
        first.offset <= offset && offset < Math.max(first.offset + first.length, first.offset + 1),
        `first finding ${first.code} at ${first.offset}+${first.length}, expected it to cover ${offset}: ${first.message}`,
      );
    });
  }
});

const usage = fc.constantFrom(
  'All',
  'AutomatedFlows',
  'SqlRequest',
  'SandboxArtifacts',
  'automatedflows',
  'AutomatedFlow',
  '',
  ' ',
  'Foo',
);
const objectId = fc.oneof(fc.constantFrom('system', 'System', 'system_assigned', '/subscriptions/x', ''), fc.uuid());
const element = fc.record(
  {
    ObjectId: fc.oneof(objectId, fc.integer()),
    AllowedUsages: fc.oneof(
      fc.array(usage, { maxLength: 4 }).map((u) => u.join(', ')),
      fc.constant(7),
    ),
  },
  { requiredKeys: [] },
);
const policyText = fc
  .tuple(fc.array(element, { maxLength: 4 }), fc.boolean())
  .map(([p, pretty]) => JSON.stringify(p, null, pretty ? 2 : 0));

// Mostly clean policies, so the regex fast path is exercised: repeated ids, repeated usages, All, both key orders.
const POOL = ['system', '6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b', '0f1e2d3c-4b5a-4968-8776-655443322110'];
const validUsage = fc.constantFrom(
  'All',
  'AutomatedFlows',
  'AzureAI',
  'SqlRequest',
  'SandboxArtifacts',
  'ExternalTable',
  'ExportRequest',
);
const nearlyClean = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...POOL), fc.uuid()),
        fc.array(validUsage, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom(',', ', ', ' , '),
      ),
      { maxLength: 4 },
    ),
    fc.constantFrom('', ' ', '\n  ', '\t'),
  )
  .map(
    ([elements, ws]) =>
      `[${ws}${elements
        .map(([id, usages, idFirst, sep]) => {
          const pairs = [`"ObjectId":${ws}"${id}"`, `"AllowedUsages": "${usages.join(sep)}"`];
          return `{${ws}${(idFirst ? pairs : pairs.reverse()).join(`,${ws}`)}${ws}}`;
        })
        .join(`,${ws}`)}${ws}]`,
  );

describe('validatePolicy: properties', () => {
  it('the regex fast path says clean only when the located check finds nothing', () => {
    let clean = 0;
    fc.assert(
      fc.property(
        nearlyClean,
        fc.constantFrom('cluster', 'database') as fc.Arbitrary<'cluster' | 'database'>,
        (text, scope) => {
          if (!hasCleanShape(text, scope)) return;
          clean++;
          assert.deepEqual(checkPolicyText(text, { scope }), []);
        },
      ),
      { numRuns: 800 },
    );
    assert.ok(clean > 100, `only ${clean} texts took the fast path`);
  });
  it('never throws on arbitrary text, and every range stays inside the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })),
        fc.constantFrom('cluster', 'database') as fc.Arbitrary<'cluster' | 'database'>,
        (text, scope) => {
          validatePolicy(text, { scope }).forEach((d) => inside(text, d));
        },
      ),
      { numRuns: 400 },
    );
  });
  it('never throws on JSON-shaped near-policies either', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        validatePolicy(text, { scope: 'database' }).forEach((d) => inside(text, d));
      }),
      { numRuns: 400 },
    );
  });
  it('the fast path says clean only when the located check finds nothing', () => {
    const cluster = { systemAssigned: true, userAssigned: [] };
    fc.assert(
      fc.property(policyText, fc.boolean(), (text, known) => {
        const options = { scope: 'database' as const, cluster: known ? cluster : undefined };
        if (isCleanPolicy(text, options)) assert.deepEqual(checkPolicyText(text, options), []);
      }),
      { numRuns: 600 },
    );
  });
  it('the fast path does accept clean policies (so it is a fast path at all)', () => {
    assert.ok(
      isCleanPolicy('[{"ObjectId":"system","AllowedUsages":"AutomatedFlows, SqlRequest"}]', { scope: 'database' }),
    );
    assert.ok(
      !isCleanPolicy('[{"ObjectId":"system","AllowedUsages":"All","ObjectId":"system"}]', { scope: 'database' }),
    );
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanPolicyPattern, hasCleanShape } from '../../../src/core/policy/cleanShape';
import { USAGES } from '../../../src/core/usages';

const A = '6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b';
const B = '0e000001-0000-4000-8000-000000000001';

/** The plain reading: parse, then look for a repeated ObjectId or a usage listed twice in one string. */
function repeatsByParsing(text: string): boolean {
  const entries = JSON.parse(text) as { ObjectId: string; AllowedUsages: string }[];
  const ids = entries.map((e) => e.ObjectId);
  if (new Set(ids).size !== ids.length) return true;
  return entries.some((e) => {
    const names = e.AllowedUsages.split(',').map((u) => u.trim());
    return new Set(names).size !== names.length;
  });
}

const names = USAGES.map((u) => u.name).filter((n) => n !== 'All');
const usages = fc
  .array(fc.constantFrom(...names), { minLength: 1, maxLength: 5 })
  .chain((us) => fc.constantFrom(', ', ',', ' , ').map((sep) => us.join(sep)));
const entry = fc.record({
  ObjectId: fc.constantFrom('system', A, B),
  AllowedUsages: fc.oneof(usages, fc.constant('All')),
});
const policy = fc
  .tuple(fc.array(entry, { maxLength: 4 }), fc.constantFrom(0, 2, 4), fc.boolean())
  .map(([es, indent, swap]) =>
    JSON.stringify(swap ? es.map((e) => ({ AllowedUsages: e.AllowedUsages, ObjectId: e.ObjectId })) : es, null, indent),
  );

describe('policy: the clean shape', () => {
  it('finds repeated ids and repeated usages exactly as parsing the text does', () => {
    const pattern = new RegExp(`^${cleanPolicyPattern('cluster')}$`);
    let repeats = 0;
    fc.assert(
      fc.property(policy, (text) => {
        assert.ok(pattern.test(text), text);
        const expected = repeatsByParsing(text);
        assert.equal(hasCleanShape(text, 'cluster'), !expected, text);
        if (expected) repeats++;
      }),
      { numRuns: 5000 },
    );
    assert.ok(repeats > 500 && repeats < 4500, `${repeats} of 5000 texts had repeats`);
  });
  it('tells a repeat from a name that only shares a beginning or an end with another', () => {
    const one = (usages: string, id = 'system') => `[{"ObjectId": "${id}", "AllowedUsages": "${usages}"}]`;
    assert.equal(hasCleanShape(one('ExternalTable, ExternalDataRequest, ExportRequest, SqlRequest'), 'cluster'), true);
    assert.equal(hasCleanShape(one('SqlRequest ,ExportRequest,SqlRequest'), 'cluster'), false);
    assert.equal(hasCleanShape(one('AzureAI,AzureAI'), 'cluster'), false);
    const two = `[{"ObjectId": "${A}", "AllowedUsages": "AzureAI"}, {"ObjectId": "${B}", "AllowedUsages": "AzureAI"}]`;
    assert.equal(hasCleanShape(two, 'cluster'), true);
    assert.equal(hasCleanShape(two.replace(B, A), 'cluster'), false);
    assert.equal(hasCleanShape('[ ]', 'cluster'), true);
    assert.equal(hasCleanShape(`[${one('All').slice(1, -1)},]`, 'cluster'), false);
  });
  it('refuses SandboxArtifacts at database scope, All with others, and upper-case GUIDs', () => {
    assert.equal(hasCleanShape('[{"ObjectId": "system", "AllowedUsages": "SandboxArtifacts"}]', 'cluster'), true);
    assert.equal(hasCleanShape('[{"ObjectId": "system", "AllowedUsages": "SandboxArtifacts"}]', 'database'), false);
    assert.equal(hasCleanShape('[{"ObjectId": "system", "AllowedUsages": "All, AzureAI"}]', 'cluster'), false);
    assert.equal(hasCleanShape(`[{"ObjectId": "${A.toUpperCase()}", "AllowedUsages": "AzureAI"}]`, 'cluster'), false);
    assert.equal(
      hasCleanShape(
        `[{"AllowedUsages": "AzureAI , SqlRequest", "ObjectId": "${A}"}, {"ObjectId": "system", "AllowedUsages": "All"}]`,
        'database',
      ),
      true,
    );
  });
});

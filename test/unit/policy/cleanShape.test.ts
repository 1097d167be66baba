import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanPolicyPattern, hasCleanShape, hasRepeats, usageBit } from '../../../src/core/policy/cleanShape';
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
  it('gives every usage its own bit, so a repeat is never confused with two different names', () => {
    const bits = USAGES.map((u) => usageBit(u.name, 0, u.name.length));
    assert.equal(new Set(bits).size, USAGES.length, USAGES.map((u, i) => `${u.name}=${bits[i]}`).join(' '));
  });
  it('finds repeated ids and repeated usages exactly as parsing the text does', () => {
    const pattern = new RegExp(`^${cleanPolicyPattern('cluster')}$`);
    let repeats = 0;
    fc.assert(
      fc.property(policy, (text) => {
        assert.ok(pattern.test(text), text);
        const expected = repeatsByParsing(text);
        assert.equal(hasRepeats(text), expected, text);
        assert.equal(hasCleanShape(text, 'cluster'), !expected, text);
        if (expected) repeats++;
      }),
      { numRuns: 2000 },
    );
    assert.ok(repeats > 200 && repeats < 1800, `${repeats} of 2000 texts had repeats`);
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

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MAX_DEPTH, scannedTrivia, tooDeepAt, triviaDiagnostics } from '../../../src/core/policy/syntax';

describe('comments and trailing commas in a policy', () => {
  // Pieces of JSON and of what people type into it: strings holding commas and brackets, blanks the JSON scanner
  // skips (no-break space, BOM, line separators), comments of both kinds, stray slashes.
  const PIECES = ['[', ']', '{', '}', ',', ':', '"a,]"', '"x"', ' ', '\n', '\t', '\u00a0', '\ufeff', '\u2028', '\v'];
  const MORE = ['// c\n', '/* c */', '/', '"/"', 'true', '1'];
  const text = fc.array(fc.constantFrom(...PIECES, ...MORE), { maxLength: 30 }).map((p) => p.join(''));

  it('the quick refusal finds what the JSON scanner finds (property)', () => {
    fc.assert(
      fc.property(text, (t) => assert.deepEqual(triviaDiagnostics(t), scannedTrivia(t))),
      { numRuns: 3000 },
    );
  });

  it('still reports a trailing comma before line breaks and tabs, and a comment', () => {
    assert.deepEqual(
      triviaDiagnostics('[{"ObjectId": "system"},\n\t] // done').map((d) => d.code),
      ['MIP106', 'MIP105'],
    );
  });
});

describe('policy syntax: nesting depth', () => {
  it('finds the first bracket past the limit, counting brackets in strings as nothing', () => {
    assert.equal(tooDeepAt('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)), -1);
    assert.equal(tooDeepAt('['.repeat(MAX_DEPTH + 1)), MAX_DEPTH);
    assert.equal(tooDeepAt(`["${'['.repeat(MAX_DEPTH + 5)}"]`), -1);
    assert.equal(tooDeepAt(`[{"a": "{{{"}, ${'{'.repeat(MAX_DEPTH)}`), MAX_DEPTH + 14);
    assert.equal(tooDeepAt('[{"ObjectId": "system", "AllowedUsages": "All"}]'), -1);
  });
});

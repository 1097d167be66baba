import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { scannedTrivia, triviaDiagnostics } from '../../../src/core/policy/syntax';

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

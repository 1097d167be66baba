import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closestUsage, editDistance, splitUsages, usageNames } from '../../../src/core/policy';
import { wordAlternation } from '../../../src/core/policy/cleanShape';
import { isGuidQuick } from '../../../src/core/policy/validate';
import { isGuid } from '../../../src/core/guid';

/** The textbook full-table version, to hold the rolling-row one to. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('usage text', () => {
  it('editDistance agrees with the full-table computation, short and long words alike', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 80 }), (a, b) => {
        assert.equal(editDistance(a, b), reference(a, b));
        assert.equal(editDistance(b, a), reference(b, a));
      }),
      { numRuns: 300 },
    );
    assert.equal(editDistance('AzrueAI', 'AzureAI'), 1, 'a swap is one edit');
  });
  it('editDistance with a cap: exact up to the cap, cap + 1 beyond it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), fc.nat({ max: 6 }), (a, b, cap) => {
        const exact = reference(a, b);
        assert.equal(editDistance(a, b, cap), exact <= cap ? exact : cap + 1);
      }),
      { numRuns: 400 },
    );
  });
  it('closestUsage: certain for one clear winner, nothing for a word far from all', () => {
    assert.deepEqual(closestUsage('ExternalTabel')?.usage.name, 'ExternalTable');
    assert.equal(closestUsage('ExternalTabel')?.certain, true);
    assert.equal(closestUsage('Storage'), undefined);
  });
  it('splitUsages keeps offsets of trimmed items and of the commas', () => {
    assert.deepEqual(splitUsages(' All , SqlRequest,'), [
      { text: 'All', offset: 1, commaBefore: -1 },
      { text: 'SqlRequest', offset: 7, commaBefore: 5 },
      { text: '', offset: 18, commaBefore: 17 },
    ]);
    assert.deepEqual(usageNames('sqlrequest, SqlRequest, , Foo'), ['SqlRequest', 'Foo']);
  });
});

describe('word alternation for the clean-policy regex', () => {
  it('matches exactly the words it was built from', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '-'), maxLength: 4 });
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 6 }), word, (words, probe) => {
        const re = new RegExp(`^(?:${wordAlternation(words)})$`);
        for (const w of words) assert.ok(re.test(w), `${w} not matched by ${re}`);
        assert.equal(re.test(probe), words.includes(probe), `${probe} vs ${re}`);
      }),
      { numRuns: 300 },
    );
  });
  it('shares the prefixes of the usage names', () => {
    assert.equal(
      wordAlternation(['ExportRequest', 'ExternalDataRequest', 'ExternalTable']),
      'Ex(?:portRequest|ternal(?:DataRequest|Table))',
    );
  });
});

describe('isGuidQuick', () => {
  it('answers as isGuid does', () => {
    const hexish = fc.string({
      unit: fc.constantFrom('a', 'F', '0', '9', '-', 'g', ' '),
      minLength: 30,
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
          hexish,
          fc.string(),
        ),
        (s) => {
          assert.equal(isGuidQuick(s), isGuid(s), s);
        },
      ),
      { numRuns: 500 },
    );
  });
});

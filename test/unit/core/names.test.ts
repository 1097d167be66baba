import * as assert from 'node:assert/strict';
import {
  KQL_KEYWORDS,
  KqlNameError,
  checkEntityName,
  entityNameProblem,
  isBareName,
  quoteName,
} from '../../../src/core/kql';
import { isAccepted, judge, parserKeywords } from '../../support/kustoJudge';

describe('entity names', function () {
  // The parser loads in seconds and parses a command in ~150 ms, far slower on a busy machine: a wide safety margin.
  this.timeout(180_000);
  before(() => judge('.show databases'));
  it('writes plain identifiers bare', () => {
    assert.equal(quoteName('Sales'), 'Sales');
    assert.equal(quoteName('_raw2'), '_raw2');
  });

  it('brackets names with spaces, dots, dashes, a leading digit, unicode or a keyword', () => {
    assert.equal(quoteName('my db'), "['my db']");
    assert.equal(quoteName('a.b'), "['a.b']");
    assert.equal(quoteName('x-1'), "['x-1']");
    assert.equal(quoteName('2024'), "['2024']");
    assert.equal(quoteName('Ümlaut'), "['Ümlaut']");
    assert.equal(quoteName('where'), "['where']");
    assert.equal(quoteName('Table'), "['Table']");
  });

  it('accepts exactly 1024 characters and refuses 1025', () => {
    assert.equal(quoteName('a'.repeat(1024)), 'a'.repeat(1024));
    assert.throws(() => quoteName('a'.repeat(1025)), /1025 characters long; the limit is 1024/);
  });

  const refused: [string, RegExp][] = [
    ['', /must not be empty/],
    ['   ', /must not be only spaces/],
    [' lead', /must not start or end with a space/],
    ['trail ', /must not start or end with a space/],
    ['a\nb', /a line break \(U\+000A\) at position 1/],
    ['a\tb', /a control character \(U\+0009\)/],
    ["it's", /''' \(U\+0027\) at position 2/],
    ['a]b', /']' \(U\+005D\)/],
    ['a\\b', /'\\' \(U\+005C\)/],
    ['a"b', /'"' \(U\+0022\)/],
    ['a\u00a0b', /whitespace character other than space \(U\+00A0\)/],
    ['emoji😀', /'😀' \(U\+1F600\)/],
  ];
  for (const [name, why] of refused) {
    it(`refuses ${JSON.stringify(name)} with a KqlNameError saying why`, () => {
      assert.throws(
        () => quoteName(name, 'table', 'name'),
        (e: unknown) => e instanceof KqlNameError && why.test(e.message) && e.field === 'name',
      );
      assert.notEqual(entityNameProblem(name), undefined);
    });
  }

  it('refuses non-strings', () => {
    assert.throws(() => checkEntityName(42, 'database'), /database 42 must be a string/);
  });

  it('keeps a keyword list that covers every keyword the official parser knows', () => {
    const missing = parserKeywords().filter((k) => !KQL_KEYWORDS.has(k));
    assert.deepEqual(missing, []);
    assert.equal(isBareName('database'), false);
    assert.equal(isBareName('Database'), false);
  });

  it('bare names are read back by the parser as the same name', () => {
    for (const name of ['Sales', '_x', 'abc123', 'SalesTable_2']) {
      const r = judge(`.show database ${quoteName(name)} principals`);
      assert.ok(isAccepted(r));
      assert.deepEqual(r.names, [name]);
    }
  });

  it('keywords (every 13th of the list) as database names round-trip in brackets', () => {
    const words = [...KQL_KEYWORDS].filter((_, i) => i % 13 === 0);
    const text = words.map((w) => `.show database ${quoteName(w)} principals`);
    for (const [i, t] of text.entries()) {
      const r = judge(t);
      assert.ok(isAccepted(r), t);
      assert.deepEqual(r.names, [words[i]]);
    }
  });
});

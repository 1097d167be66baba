import * as assert from 'node:assert/strict';
import { KqlInputError, multilineLiteral, obfuscatedStringLiteral, stringLiteral } from '../../../src/core/kql';
import { isAccepted, judge } from '../../support/kustoJudge';

const NOTES = ".add database db users ('aadapp=system;72f988bf-86f1-41af-91ab-2d7cd011db47') ";

describe('string literals', function () {
  // The parser loads in seconds and parses a command in ~150 ms, far slower on a busy machine: a wide safety margin.
  this.timeout(180_000);
  before(() => judge('.show databases'));
  const exact: [string, string][] = [
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['say "hi"', '\'say "hi"\''],
    ['two\nlines\r\n', "'two\\nlines\\r\\n'"],
    ['tab\there', "'tab\\there'"],
    ['nul\u0000bell\u0007', "'nul\\u0000bell\\u0007'"],
    ['sep\u2028\u2029', "'sep\\u2028\\u2029'"],
    ['lone \ud800 surrogate', "'lone \\ud800 surrogate'"],
    ['emoji 😀 é', "'emoji 😀 é'"],
    ['a | b <| c ``` d', "'a | b <| c ``` d'"],
  ];
  for (const [text, literal] of exact) {
    it(`writes ${JSON.stringify(text)} as ${literal} and the parser reads it back`, () => {
      assert.equal(stringLiteral(text), literal);
      const r = judge(NOTES + literal);
      assert.ok(isAccepted(r), JSON.stringify(r));
      assert.equal(r.strings[1], text);
    });
  }
});

describe('obfuscated (connection string) literals', function () {
  // The parser loads in seconds and parses a command in ~150 ms, far slower on a busy machine: a wide safety margin.
  this.timeout(180_000);
  before(() => judge('.show databases'));
  const exact: [string, string][] = [
    ['https://a.blob.core.windows.net/c;impersonate', "h@'https://a.blob.core.windows.net/c;impersonate'"],
    ["Server=x;Password=it's", "h@'Server=x;Password=it''s'"],
    ['C:\\path\\', "h@'C:\\path\\'"],
    ["line\nbreak's", "h'line\\nbreak\\'s'"],
  ];
  for (const [text, literal] of exact) {
    it(`writes ${JSON.stringify(text)} as ${literal} and the parser reads it back`, () => {
      assert.equal(obfuscatedStringLiteral(text), literal);
      const r = judge(`.create external table T (x:int) kind=sql table=T (${literal})`);
      assert.ok(isAccepted(r), JSON.stringify(r));
      assert.deepEqual(r.strings, [text]);
    });
  }
});

describe('multi-line literals', () => {
  it('wraps JSON in triple backticks', () => {
    assert.equal(multilineLiteral('[{"a":1}]'), '```[{"a":1}]```');
  });
  it('refuses text containing ``` or ending in a backtick', () => {
    assert.throws(() => multilineLiteral('a```b'), KqlInputError);
    assert.throws(() => multilineLiteral('a`'), KqlInputError);
  });
});

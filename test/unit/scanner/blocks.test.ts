import assert from 'node:assert/strict';
import { allBlocks, scanDocument } from '../../../src/core/scanner';

const texts = (text: string) => allBlocks(text).map((b) => text.slice(b.start, b.end));

describe('scanner: command blocks', () => {
  it('a blank line ends a command; lines of spaces count as blank', () => {
    assert.deepEqual(texts('.show databases\n\nT | take 1\n  \t\n.show tables\n'), [
      '.show databases',
      'T | take 1',
      '.show tables',
    ]);
  });
  it('consecutive lines without a blank line are one command', () => {
    assert.deepEqual(texts('T\n| where x > 1\n| take 10'), ['T\n| where x > 1\n| take 10']);
  });
  it('comment lines belong to the command below them', () => {
    const text = '// first\n// still first\n.show databases\n\n// second\nT';
    assert.deepEqual(texts(text), ['// first\n// still first\n.show databases', '// second\nT']);
    const [first] = scanDocument(text);
    assert.equal(first.commandStart, text.indexOf('.show'));
    assert.equal(first.start, 0);
  });
  it('blank lines inside a ``` block do not split the command', () => {
    const text =
      '.alter cluster policy managed_identity ```[\n\n  {"ObjectId": "system",\n\n   "AllowedUsages": "All"}\n\n]```\n\n.show cluster policy managed_identity';
    const blocks = texts(text);
    assert.equal(blocks.length, 2);
    assert.ok(blocks[0].endsWith(']```'));
  });
  it('blank lines inside string literals do not split the command', () => {
    assert.equal(allBlocks("print s = 'a\n\nb'\n\nT").length, 2);
    assert.equal(allBlocks('print s = "a\n\n\\"b"\n\nT').length, 2);
    assert.equal(allBlocks("print s = @'a\\\n\n''b'\n\nT").length, 2);
  });
  it('quotes inside comments open nothing', () => {
    assert.deepEqual(texts("// don't split me\nT\n\nU"), ["// don't split me\nT", 'U']);
  });
  it('a block of comments only is not a command', () => {
    assert.deepEqual(
      scanDocument('// notes\n\n.show databases').map((c) => c.kind),
      ['other-management'],
    );
  });
  it('an unclosed string swallows the rest and is marked', () => {
    const text = "print 'oops\n\nT\n\nU";
    const blocks = allBlocks(text);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0].unterminatedAt, text.indexOf("'"));
  });
  it('handles an empty text, only blanks, and CRLF line ends', () => {
    assert.deepEqual(allBlocks(''), []);
    assert.deepEqual(allBlocks(' \n\t\n'), []);
    assert.deepEqual(texts('.show databases\r\n\r\nT\r\n'), ['.show databases', 'T']);
  });
});

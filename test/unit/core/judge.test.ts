// The official parser judges what the builders write: every catalog command accepted, known-bad text rejected.
import * as assert from 'node:assert/strict';
import { describeJudgement, isAccepted, judge } from '../../support/kustoJudge';
import { catalog } from './catalog';

describe('official parser: every builder output is accepted', function () {
  // The parser loads in seconds and parses a command in ~150 ms, far slower on a busy machine: a wide safety margin.
  this.timeout(180_000);
  before(() => judge('.show databases'));
  for (const entry of catalog()) {
    it(entry.label, () => {
      const result = judge(entry.command.text);
      assert.ok(isAccepted(result), describeJudgement(entry.command.text, result));
      assert.equal(result.commands.length, 1, `one management command: ${JSON.stringify(result.commands)}`);
      if (entry.names) assert.deepEqual(result.names.slice(0, entry.names.length), entry.names);
      if (entry.strings) assert.deepEqual(result.strings.slice(0, entry.strings.length), entry.strings);
    });
  }
});

describe('official parser: known-bad commands are rejected', function () {
  // The parser loads in seconds and parses a command in ~150 ms, far slower on a busy machine: a wide safety margin.
  this.timeout(180_000);
  before(() => judge('.show databases'));
  const bad: [string, string][] = [
    [
      'unquoted managedIdentity=system (as the docs print it)',
      '.create-or-alter continuous-export MyExport over (MyTable) to table MyExternalTable with (managedIdentity=system) <| MyTable',
    ],
    ['unbalanced bracket', ".show database ['a b' policy managed_identity"],
    ['stray closing bracket', '.show database a b] policy managed_identity'],
    ['unterminated literal', ".add database db users ('aadapp=x;y) 'n'"],
    ['unescaped quote in a literal', ".add database db users ('aadapp=x;y') 'it's'"],
    ['newline in a verbatim literal', ".add database db users ('aadapp=x;y') @'a\nb'"],
    ['trailing junk', '.show database db principals ]'],
    [
      'bare hh:mm:ss property value',
      '.create-or-alter continuous-export E to table X with (intervalBetweenRuns=00:05:00) <| T',
    ],
    ['dotted bare SQL table', ".create external table T (x:int) kind=sql table=dbo.Orders (h@'x')"],
    ['keyword as a bare name', '.show database where principals'],
    ['dash in a bare name', '.show database a-b principals'],
    ['digit-first bare name', '.show database 2024 principals'],
    ['space in a bare name', '.show database my db principals'],
    ['unterminated policy block', '.alter cluster policy managed_identity ```[{"ObjectId":"system"}]'],
    ['unknown role', ".drop database db owners ('aadapp=x;y')"],
    ['misspelled command', '.shwo databases'],
  ];
  for (const [label, text] of bad) {
    it(label, () => assert.equal(isAccepted(judge(text)), false, text));
  }
});

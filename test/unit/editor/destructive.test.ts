// What Shift+Enter / the Run lens must confirm first, and which database a command changes (followers refuse it).
import { strict as assert } from 'node:assert';
import { runEffect } from '../../../src/core/editor/destructive';
import { describeJudgement, isAccepted, judge } from '../../support/kustoJudge';

describe('run effect of an editor command', () => {
  it('changes nothing for .show commands and queries', () => {
    assert.equal(runEffect('.show database Analytics principals').changes, false);
    assert.equal(runEffect('Events | take 10').changes, false);
  });

  it('confirms every destructive kind, saying what is lost', () => {
    const cases: [string, RegExp][] = [
      ['.drop table Events', /table\(s\) Events with all their data/],
      ['.drop table Events ifexists', /table\(s\) Events with all their data/],
      ['.drop column Events.Name', /column Events\.Name and every value/],
      ['.drop continuous-export EventsToLake', /continuous export EventsToLake and its cursor/],
      ['.drop external table ExportedEvents', /external table ExportedEvents \(the files stay/],
      ['.delete table Events records <| Events | where Name == "x"', /records of Events its predicate selects/],
      ['.purge table Events records in database Analytics <| where Name == "x"', /permanently/],
      ['.detach database Analytics', /Analytics is no longer served/],
      ['.set-or-replace Events <| OtherEvents', /every row now in Events/],
      ['.set-or-replace async Events <| OtherEvents', /every row now in Events/],
      ['.clear table Events data', /every row of Events/],
      ['.alter table Events (Name:string)', /columns of Events not listed/],
      ['.alter table Events policy update ```[]```', /update policy of table Events: \.alter replaces it whole/],
      ['.delete database Analytics policy retention', /the retention policy of database Analytics/],
      ['.alter database Analytics policy managed_identity ```[]```', /managed_identity policy/],
    ];
    for (const [text, lost] of cases) {
      const e = runEffect(text);
      assert.ok(e.changes, text);
      assert.match(e.loses ?? '', lost, text);
    }
  });

  it('does not confirm what loses nothing', () => {
    for (const text of [
      '.alter-merge database Analytics policy managed_identity ```[]```',
      '.create table T (a:string)',
      ".add database Analytics viewers ('aadapp=system;t')",
      '.enable continuous-export E',
    ])
      assert.equal(runEffect(text).loses, undefined, text);
  });

  it('re-reads live what it can: the policy, the principals, the export', () => {
    assert.deepEqual(runEffect('.delete database Analytics policy managed_identity').live, {
      kind: 'policy',
      show: '.show database Analytics policy managed_identity',
    });
    const drop = runEffect(".drop database Analytics viewers ('aadapp=abc;t')");
    assert.equal(drop.live?.kind, 'principals');
    assert.match(drop.loses ?? '', /aadapp=abc;t loses viewers on Analytics/);
    assert.equal(runEffect('.drop continuous-export E').live?.kind, 'export');
  });

  it('names the database it changes; cluster commands change none; principals offer the follower form', () => {
    assert.deepEqual(
      [runEffect('.alter cluster policy managed_identity ```[]```').scope, runEffect('.drop table T').database],
      ['cluster', undefined],
    );
    assert.equal(
      runEffect(".add database ['Telemetry Follower'] viewers ('aadapp=x;t')").database,
      'Telemetry Follower',
    );
    assert.equal(
      runEffect(".drop database TelemetryFollower viewers ('aadapp=x;t')").followerForm,
      ".drop follower database TelemetryFollower viewers ('aadapp=x;t')",
    );
    assert.equal(runEffect(".add follower database F viewers ('aadapp=x;t')").scope, 'cluster');
  });

  it('offers follower forms the official parser accepts', function () {
    this.timeout(60_000);
    for (const text of [
      ".drop database TelemetryFollower viewers ('aadapp=0e000001-0000-4000-8000-000000000001;72f988bf-86f1-41af-91ab-2d7cd011db47')",
      ".add database TelemetryFollower admins ('aadapp=system;72f988bf-86f1-41af-91ab-2d7cd011db47') 'notes'",
    ]) {
      const form = runEffect(text).followerForm ?? '';
      const verdict = judge(form);
      assert.ok(isAccepted(verdict) && verdict.commands.length === 1, describeJudgement(form, verdict));
    }
  });
});

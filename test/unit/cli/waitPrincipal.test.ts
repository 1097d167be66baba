import assert from 'node:assert/strict';
import {
  buildShowPrincipalRolesCommand,
  parseDuration,
  principalToWaitFor,
  waitSchedule,
} from '../../../src/core/operations/waitPrincipal';
import { isAccepted, judge } from '../../support/kustoJudge';

const ID = '0e000001-0000-4000-8000-000000000001';
const TENANT = '11111111-1111-4111-8111-111111111111';

describe('wait-principal: the probe and its schedule', function () {
  // The official parser judges the generated commands: its first load takes seconds, more on a busy machine.
  this.timeout(180_000);
  it('builds aadapp=<id>;<tenant> (or takes a full FQN) and the read-only probe the official parser accepts', () => {
    assert.equal(principalToWaitFor(ID, 'app', TENANT), `aadapp=${ID};${TENANT}`);
    assert.equal(principalToWaitFor(ID, 'group', TENANT), `aadgroup=${ID};${TENANT}`);
    assert.equal(principalToWaitFor(`aadapp=${ID};${TENANT}`), `aadapp=${ID};${TENANT}`);
    assert.throws(() => principalToWaitFor(ID), /--tenant/);
    assert.throws(() => principalToWaitFor('my-identity', 'app', TENANT), /--principal/);
    const cmd = buildShowPrincipalRolesCommand(`aadapp=${ID};${TENANT}`);
    assert.deepEqual(cmd, {
      text: `.show principal 'aadapp=${ID};${TENANT}' roles`,
      scope: 'cluster',
      destructive: false,
    });
    const judged = judge(cmd.text);
    assert.ok(isAccepted(judged));
    assert.deepEqual([judged.commands, judged.strings], [['ShowPrincipalRoles'], [`aadapp=${ID};${TENANT}`]]);
    const hostile = buildShowPrincipalRolesCommand("aaduser=o'brien@contoso.com");
    assert.deepEqual(judge(hostile.text).strings, ["aaduser=o'brien@contoso.com"]);
  });

  it('waits double up to a cap and never run past the deadline', () => {
    assert.deepEqual(waitSchedule(10_000, 1_000), [1_000, 2_000, 4_000, 3_000]);
    assert.deepEqual(waitSchedule(300_000, 5_000).slice(-3), [60_000, 60_000, 45_000]);
    assert.equal(
      waitSchedule(300_000, 5_000).reduce((a, b) => a + b, 0),
      300_000,
    );
    assert.deepEqual(waitSchedule(0, 1_000), []);
  });

  it('reads durations with units', () => {
    assert.deepEqual(['300', '90s', '500ms', '5m', '0.5s', 'soon'].map(parseDuration), [
      300_000,
      90_000,
      500,
      300_000,
      500,
      undefined,
    ]);
  });
});

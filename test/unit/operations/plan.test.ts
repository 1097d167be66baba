// The plan runner, backoff, redaction, column lists: pure logic, no network.
import assert from 'node:assert/strict';
import { databaseCommand } from '../../../src/core/commands';
import {
  CancelledError,
  columnListProblem,
  formatPlanReport,
  isPrincipalNotFound,
  parseColumnList,
  redact,
  remainingSteps,
  runPlan,
  stepsScript,
  withBackoff,
  type Step,
} from '../../../src/core/operations';

const step = (n: number): Step => ({
  title: `step ${n}`,
  command: databaseCommand(`.create table T${n} (x:int)`, 'Db'),
});

describe('operations: plan runner', () => {
  it('runs every step in order when all succeed', async () => {
    const seen: string[] = [];
    const r = await runPlan([step(1), step(2)], async (s) => {
      seen.push(s.title);
      return s.title;
    });
    assert.deepEqual(seen, ['step 1', 'step 2']);
    assert.equal(r.failed, undefined);
    assert.deepEqual(r.notRun, []);
  });

  it('stops at the first failure: ran, failed with the message, not run', async () => {
    const r = await runPlan([step(1), step(2), step(3)], async (s) => {
      if (s.title === 'step 2') throw new Error('denied');
    });
    assert.deepEqual(
      r.ran.map((o) => o.step.title),
      ['step 1'],
    );
    assert.equal(r.failed?.message, 'denied');
    assert.deepEqual(
      r.notRun.map((s) => s.title),
      ['step 3'],
    );
    assert.deepEqual(formatPlanReport(r), ['✓ step 1', '✗ step 2: denied', '· not run: step 3']);
    assert.deepEqual(
      remainingSteps(r).map((s) => s.title),
      ['step 2', 'step 3'],
    );
  });

  it('a cancellation before a step leaves the rest not run', async () => {
    const controller = new AbortController();
    const r = await runPlan(
      [step(1), step(2)],
      async () => {
        controller.abort();
      },
      { signal: controller.signal },
    );
    assert.equal(r.cancelled, true);
    assert.deepEqual(
      r.notRun.map((s) => s.title),
      ['step 2'],
    );
  });

  it('writes ARM steps as comments and names the database for commands that do not', () => {
    const text = stepsScript([{ title: 'On', arm: { kind: 'enableSystemIdentity' } }, step(1)]);
    assert.match(text, /^\/\/ On: turn on the cluster's system-assigned identity \(ARM\)/);
    assert.match(text, /\/\/ run in database Db\n\.create table T1/);
  });
});

describe('operations: backoff on principal not found', () => {
  it('retries only "not found in AAD" and gives up after the last delay', async () => {
    let calls = 0;
    const waits: number[] = [];
    const value = await withBackoff(
      async () => {
        if (++calls < 3) throw new Error("Principal 'aadapp=x;t' was not found in AAD tenant t");
        return 'ok';
      },
      { delaysMs: [1, 1, 1], onRetry: (_n, w) => waits.push(w) },
    );
    assert.equal(value, 'ok');
    assert.equal(waits.length, 2);
    await assert.rejects(
      withBackoff(
        async () => {
          throw new Error('Forbidden (403)');
        },
        { delaysMs: [1] },
      ),
      /Forbidden/,
    );
    await assert.rejects(
      withBackoff(
        async () => {
          throw new Error('was not found in AAD tenant');
        },
        { delaysMs: [1] },
      ),
      /not found/,
    );
  });

  it('a cancelled wait throws CancelledError', async () => {
    const c = new AbortController();
    c.abort();
    await assert.rejects(
      withBackoff(
        async () => {
          throw new Error('not found in AAD tenant');
        },
        { delaysMs: [10_000], signal: c.signal },
      ),
      CancelledError,
    );
    assert.equal(isPrincipalNotFound(new Error('The principal was not found in Microsoft Entra tenant')), true);
  });
});

describe('operations: redaction and inputs', () => {
  it('hides obfuscated strings, bearer tokens, JWTs, SAS signatures and keys', () => {
    const text =
      ".create external table T (x:int) kind=sql table=S (h@'Server=tcp:s;Password=hunter2') // Bearer abc.def https://a/b?sv=1&sig=XYZ eyJa.eyJb.c AccountKey=k1==";
    const out = redact(text);
    for (const secret of ['hunter2', 'abc.def', 'XYZ', 'eyJa', 'k1=='])
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    assert.match(out, /h@'\*\*\*'/);
  });

  it('parses and checks a column list as typed', () => {
    assert.deepEqual(parseColumnList('Id:long, Name : string'), [
      { name: 'Id', type: 'long' },
      { name: 'Name', type: 'string' },
    ]);
    assert.match(columnListProblem('Id') ?? '', /name:type/);
    assert.ok(columnListProblem('Id:notatype'));
    assert.equal(columnListProblem('Id:int'), undefined);
  });
});

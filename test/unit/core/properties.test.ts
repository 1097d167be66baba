// Property-based check (fast-check) of hostile names and text through the official parser: a short run here,
// the long one is `npm run fuzz -- --runs N`.
import * as assert from 'node:assert/strict';
import { PROPERTIES } from '../../fuzz/properties';

// ~20 cases per weight unit: about 200 cases, most of them parsed (~150 ms each on a quiet machine).
const RUNS_PER_WEIGHT = 20;

describe('properties: hostile input is refused or round-trips through the official parser', function () {
  this.timeout(300_000);
  for (const p of PROPERTIES) {
    it(`${p.name} (${p.weight * RUNS_PER_WEIGHT} cases)`, () => {
      const run = p.run(p.weight * RUNS_PER_WEIGHT, Date.now() % 2 ** 31);
      assert.ok(!run.failed, `seed ${run.seed}: counterexample ${run.counterexample}\n${run.error}`);
      assert.equal(run.numRuns, p.weight * RUNS_PER_WEIGHT);
    });
  }
});

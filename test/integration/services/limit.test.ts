// The concurrency bound the tree loads under: never exceeded, always filled, order kept.
import assert from 'node:assert/strict';
import { createLimiter, mapBounded } from '../../../src/services/limit';

describe('services: concurrency limiter', () => {
  it('never runs more than the bound at once, and fills it', async () => {
    const limit = createLimiter(4);
    let running = 0;
    let peak = 0;
    const task = (i: number) =>
      limit(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        running--;
        return i;
      });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => task(i)));
    assert.deepEqual(
      results,
      Array.from({ length: 40 }, (_, i) => i),
    );
    assert.equal(peak, 4);
  });

  it('releases the slot when a task fails', async () => {
    const limit = createLimiter(1);
    await assert.rejects(
      limit(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await limit(async () => 7), 7);
  });

  it('mapBounded keeps order', async () => {
    assert.deepEqual(await mapBounded([3, 1, 2], 2, async (n) => n * 2), [6, 2, 4]);
  });
});

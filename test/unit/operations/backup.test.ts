// Backups survive two windows saving at once: each window writes its own key, never the whole list from its stale copy.
import assert from 'node:assert/strict';
import { SavedStates, type StateStore } from '../../../src/core/operations';

/** One shared storage and a window's view of it: reads come from the window's copy, refreshed only when asked. */
class Window implements StateStore {
  private copy = new Map<string, unknown>();
  constructor(private readonly shared: Map<string, unknown>) {
    this.sync();
  }
  sync(): void {
    this.copy = new Map(this.shared);
  }
  get<T>(key: string): T | undefined {
    return this.copy.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    for (const m of [this.copy, this.shared]) {
      if (value === undefined) m.delete(key);
      else m.set(key, value);
    }
  }
  keys(): readonly string[] {
    return [...this.copy.keys()];
  }
}

const cluster = { uri: 'https://adxfull.westeurope.kusto.windows.net', name: 'adxfull' };
const state = (reason: string) =>
  ({
    kind: 'policy',
    cluster: 'adxfull',
    clusterUri: cluster.uri,
    target: { scope: 'cluster' },
    entries: [],
    reason,
  }) as const;

describe('saved states (backups)', () => {
  it('two windows saving at once drop nothing', async () => {
    const shared = new Map<string, unknown>();
    const one = new Window(shared);
    const two = new Window(shared);
    // Both windows read the (empty) storage, then each saves before seeing the other's save.
    await new SavedStates(one).save(state('window one'), new Date('2026-01-01T10:00:00Z'));
    await new SavedStates(two).save(state('window two'), new Date('2026-01-01T10:00:01Z'));
    const later = new Window(shared);
    assert.deepEqual(
      new SavedStates(later).list(cluster).map((s) => s.reason),
      ['window two', 'window one'],
    );
  });

  it('keys backups by cluster URI: two clusters named alike do not share a list', async () => {
    const store = new Window(new Map());
    const saved = new SavedStates(store);
    await saved.save(state('west'));
    const north = { uri: 'https://adxfull.northeurope.kusto.windows.net', name: 'adxfull' };
    await saved.save({ ...state('north'), clusterUri: north.uri });
    assert.deepEqual(
      saved.list(north).map((s) => s.reason),
      ['north'],
    );
    assert.deepEqual(
      saved.list(cluster).map((s) => s.reason),
      ['west'],
    );
  });
});

// Live facts of a target cluster: its managed identity policies (per scope) and its identities, read once and cached
// until a run or a refresh invalidates them. Readers get a state at once ('loading') and an event when it settles.
import * as vscode from 'vscode';
import type { Target } from '../../core/commands';
import { targetKey, type KnownIdentities, type LivePolicy } from '../../core/editor/live';
import { policyFromShow } from '../../core/operations';
import type { ClusterRef } from '../../services/catalog';
import type { Operations } from '../../services/operations/operations';
import type { TreeApi } from '../tree/register';
import { resolveCluster, type StoredTarget } from './targets';

export class LiveFacts implements vscode.Disposable {
  private readonly policies = new Map<string, LivePolicy>();
  private readonly refs = new Map<string, Promise<{ ref: ClusterRef; clusterId: string }>>();
  private readonly identities = new Map<string, KnownIdentities | undefined>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a fact finished loading or was invalidated. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly tree: TreeApi,
    private readonly ops: Operations,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The tree's cluster for a target, resolved once per cluster until a refresh. */
  cluster(t: StoredTarget): Promise<{ ref: ClusterRef; clusterId: string }> {
    let found = this.refs.get(t.clusterNodeId);
    if (!found) {
      found = resolveCluster(this.tree, t);
      this.refs.set(t.clusterNodeId, found);
      found.catch(() => this.refs.delete(t.clusterNodeId));
    }
    return found;
  }

  /** The live policy of one scope of the target's cluster; starts reading it if unknown. */
  policy(t: StoredTarget, scope: Target): LivePolicy {
    const key = `${t.clusterNodeId}|${targetKey(scope)}`;
    const known = this.policies.get(key);
    if (known) return known;
    const loading: LivePolicy = { state: 'loading' };
    this.policies.set(key, loading);
    void this.readPolicy(t, scope)
      .then(
        (entries): LivePolicy => ({ state: 'loaded', entries }),
        (e: unknown): LivePolicy => {
          this.log.warn(
            `live facts: could not read the ${targetKey(scope)} policy of ${t.cluster}: ${e instanceof Error ? e.message : String(e)}`,
          );
          return { state: 'failed', message: e instanceof Error ? e.message : String(e) };
        },
      )
      .then((settled) => {
        // Invalidated while reading: this answer may be stale, drop it.
        if (this.policies.get(key) !== loading) return;
        this.policies.set(key, settled);
        this.changed.fire();
      });
    return loading;
  }

  /** A fresh read, not the cache: what a replacing command is confirmed against. */
  async readPolicy(t: StoredTarget, scope: Target): Promise<ReturnType<typeof policyFromShow>> {
    const { ref } = await this.cluster(t);
    return this.ops.readPolicy(ref, scope);
  }

  /** The identities ARM lists for the target's cluster (undefined for clusters added by URL, and until known). */
  identitiesOf(t: StoredTarget): KnownIdentities | undefined {
    return this.identities.get(t.clusterNodeId);
  }

  /** Resolves the cluster (and, after a refresh, re-reads its identities from ARM); fires when they are known. */
  async loadIdentities(t: StoredTarget, fresh = false): Promise<KnownIdentities | undefined> {
    if (this.identities.has(t.clusterNodeId) && !fresh) return this.identities.get(t.clusterNodeId);
    let { ref } = await this.cluster(t);
    if (ref.cluster.source !== 'arm') return undefined;
    if (fresh) ref = await this.ops.run.reload(ref);
    const known = ref.cluster.identities
      ? { system: ref.cluster.identities.system, userAssigned: ref.cluster.identities.userAssigned }
      : undefined;
    this.identities.set(t.clusterNodeId, known);
    this.changed.fire();
    return known;
  }

  /** Forgets how clusters are reached (accounts or connections changed); read again on next use, no redraw now. */
  forgetClusters(): void {
    this.refs.clear();
  }

  /** Forgets the policies of one cluster (after a run on it), or everything (refresh: clusters and identities too). */
  invalidate(clusterNodeId?: string): void {
    for (const key of [...this.policies.keys()])
      if (clusterNodeId === undefined || key.startsWith(`${clusterNodeId}|`)) this.policies.delete(key);
    if (clusterNodeId === undefined) {
      this.refs.clear();
      this.identities.clear();
    }
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

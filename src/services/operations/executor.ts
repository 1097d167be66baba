// Sends one step to a cluster through the one client factory: Kusto commands and ARM identity changes, logged with secrets redacted.
import type { Identity } from '@azure/arm-kusto';
import type { ManagementCommand } from '../../core/commands';
import {
  CancelledError,
  describeArm,
  redact,
  runPlan,
  type ArmAction,
  type PlanReport,
  type RunOptions,
  type Step,
} from '../../core/operations';
import {
  followerRefusal,
  isFollowerPrincipalCommand,
  permissionFor,
  RefusedError,
} from '../../core/operations/preflight';
import { toClusterInfo } from '../arm';
import type { Catalog, ClusterRef } from '../catalog';
import { toServiceError } from '../errors';
import type { ClusterInfo, ResultTable } from '../model';

/** Where requests and responses are written (VS Code's LogOutputChannel fits). */
export interface OperationLog {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLog: OperationLog = { info: () => undefined, warn: () => undefined };

export class Executor {
  readonly log: OperationLog;
  /** Poll interval of ARM long-running operations; small in tests. */
  private readonly armPollMs: number;

  constructor(
    readonly catalog: Catalog,
    options: { log?: OperationLog; armPollMs?: number } = {},
  ) {
    this.log = options.log ?? silentLog;
    this.armPollMs = options.armPollMs ?? 2000;
  }

  /** Refuses before sending anything when the database is a follower (read-only), offering the follower form for principals. */
  async assertWritable(ref: ClusterRef, database: string | undefined, commandText?: string): Promise<void> {
    if (!database || (commandText !== undefined && isFollowerPrincipalCommand(commandText))) return;
    if (await this.isFollower(ref, database))
      throw new RefusedError(followerRefusal(database, ref.cluster.name, commandText));
  }

  /** Whether the database follows another cluster's (ARM kind ReadOnlyFollowing, or a read-only access mode). */
  async isFollower(ref: ClusterRef, database: string): Promise<boolean> {
    const dbs = await this.catalog.databases(ref);
    return !!dbs.find((d) => d.name.toLowerCase() === database.toLowerCase())?.readOnly;
  }

  /** Runs one command; changes are checked against followers first. Request and response go to the log, redacted. */
  async command(ref: ClusterRef, command: ManagementCommand, signal?: AbortSignal): Promise<ResultTable> {
    if (signal?.aborted) throw new CancelledError();
    const isShow = /^\.show\s/i.test(command.text.trimStart());
    // A cluster-level command is not refused for the database it is sent with; principals on followers are allowed.
    if (!isShow && command.scope !== 'cluster') await this.assertWritable(ref, command.database, command.text);
    const where = `${ref.cluster.name}${command.database ? `/${command.database}` : ''}`;
    this.log.info(`→ ${where}: ${redact(command.text)}`);
    try {
      const table = await this.catalog.kusto.run(
        this.catalog.target(ref),
        command,
        {
          action: `run ${command.text.trimStart().split(/\s+/).slice(0, 3).join(' ')} on ${where}`,
          permission: permissionFor(command.text),
        },
        signal,
      );
      this.log.info(`← ${where}: ${table.rows.length} row(s) [${table.columns.map((c) => c.name).join(', ')}]`);
      return table;
    } catch (e) {
      this.log.warn(`← ${where}: ${redact(e instanceof Error ? e.message : String(e))}`);
      throw e;
    }
  }

  /** The cluster as ARM shows it now (identities change under long-running operations). */
  async reload(ref: ClusterRef): Promise<ClusterRef> {
    const { account, subscription, cluster } = armParts(ref);
    const client = await this.catalog.factory.arm(account, subscription);
    const fresh = await client.clusters.get(cluster.resourceGroup ?? '', cluster.name);
    return { ...ref, cluster: toClusterInfo(fresh, subscription) };
  }

  /** PATCHes the cluster's identity and waits for the long-running operation; returns the cluster as it is afterwards. */
  async arm(ref: ClusterRef, action: ArmAction, signal?: AbortSignal): Promise<ClusterInfo> {
    const { account, subscription, cluster } = armParts(ref);
    const current = (await this.reload(ref)).cluster;
    const identity = identityPatch(current, action);
    this.log.info(`→ ARM PATCH ${cluster.resourceId}: ${describeArm(action)} ${JSON.stringify(identity)}`);
    try {
      const client = await this.catalog.factory.arm(account, subscription);
      const result = await client.clusters.beginUpdateAndWait(
        cluster.resourceGroup ?? '',
        cluster.name,
        { identity },
        { updateIntervalInMs: this.armPollMs, abortSignal: signal },
      );
      const info = toClusterInfo(result, subscription);
      this.log.info(`← ARM: identity ${result.identity?.type ?? 'None'}`);
      return info;
    } catch (e) {
      const err = toServiceError(e, {
        action: `${describeArm(action)} on ${cluster.name}`,
        permission: 'Contributor on the cluster (Microsoft.Kusto/clusters/write)',
      });
      this.log.warn(`← ARM: ${err.message}`);
      throw err;
    }
  }

  /** Runs a plan step by step against the cluster (ARM steps reload the cluster for the steps after them). */
  async runPlan(
    ref: ClusterRef,
    steps: readonly Step[],
    options: RunOptions & { retryAdd?: <T>(work: () => Promise<T>, signal?: AbortSignal) => Promise<T> } = {},
  ): Promise<PlanReport & { ref: ClusterRef }> {
    let current = ref;
    const report = await runPlan(
      steps,
      async (step, signal) => {
        if (step.arm) {
          current = { ...current, cluster: await this.arm(current, step.arm, signal) };
          return undefined;
        }
        const command = step.afterArm ? step.afterArm(current.cluster.identities?.system?.principalId) : step.command;
        const send = (): Promise<ResultTable> => this.command(current, command, signal);
        // A principal added right after its identity was attached may not be visible yet: retried, not failed.
        return options.retryAdd && /^\.add\s/i.test(command.text.trimStart()) ? options.retryAdd(send, signal) : send();
      },
      options,
    );
    return { ...report, ref: current };
  }
}

function armParts(ref: ClusterRef): Required<ClusterRef> {
  if (ref.cluster.source !== 'arm' || !ref.account || !ref.subscription) {
    throw new RefusedError(
      `${ref.cluster.name} was added by URL: its identities are managed in Azure (ARM), which is not known for it.`,
    );
  }
  return ref as Required<ClusterRef>;
}

/** The identity body of the PATCH: the type keeps what stays, `{}` attaches and `null` detaches a user-assigned identity. */
export function identityPatch(c: ClusterInfo, action: ArmAction): Identity {
  const system = !!c.identities?.system;
  const users = c.identities?.userAssigned.map((u) => u.resourceId.toLowerCase()) ?? [];
  const typeOf = (s: boolean, u: boolean): Identity['type'] =>
    s && u ? 'SystemAssigned, UserAssigned' : s ? 'SystemAssigned' : u ? 'UserAssigned' : 'None';
  switch (action.kind) {
    case 'enableSystemIdentity':
      return { type: typeOf(true, users.length > 0) };
    case 'disableSystemIdentity':
      return { type: typeOf(false, users.length > 0) };
    case 'attachUserIdentity':
      return { type: typeOf(system, true), userAssignedIdentities: { [action.resourceId]: {} } };
    case 'detachUserIdentity': {
      const left = users.filter((u) => u !== action.resourceId.toLowerCase());
      return {
        type: typeOf(system, left.length > 0),
        userAssignedIdentities: { [action.resourceId]: null as unknown as object },
      };
    }
  }
}

// Safe changes against a live cluster: previews re-read just before running, saved previous state, retries, impact lists.
import {
  buildDisableContinuousExportCommand,
  buildDropContinuousExportCommand,
  buildDropPrincipalCommand,
  buildEnableContinuousExportCommand,
  buildShowContinuousExportCommand,
  buildShowExportedArtifactsCommand,
  buildShowExportFailuresCommand,
  buildShowPolicyCommand,
  buildAddPrincipalCommand,
  buildAddFollowerPrincipalCommand,
  buildDropFollowerPrincipalCommand,
  buildShowDatabasePrincipalsCommand,
  databaseCommand,
  type ManagementCommand,
  type DatabaseRole,
  type PrincipalInput,
  type Target,
} from '../../core/commands';
import {
  callerObjectIdOf,
  clusterAdminProblem,
  impactOfLosses,
  policyChangedSince,
  policyFromShow,
  previewPolicyEdit,
  restoreSteps,
  SavedStates,
  usesOfIdentity,
  withBackoff,
  PRINCIPAL_BACKOFF_MS,
  planContinuousExport,
  databaseScript,
  formatSnapshotScript,
  type ExportPlan,
  type ExportPlanInput,
  type IdentityRef,
  type IdentityUse,
  type PlanReport,
  type PolicyEdit,
  type PolicyPreview,
  type SavedState,
  type Step,
} from '../../core/operations';
import { isGuid } from '../../core/guid';
import { RefusedError, unattachedProblem } from '../../core/operations/preflight';
import type { PolicyEntry } from '../../core/policy';
import { parsePolicyRows } from '../../core/results';
import { databasesReadBy } from '../../core/workflows/continuousExport';
import { parseTableNames } from '../../core/workflows/results';
import type { ClusterFacts } from '../../core/workflows/types';
import type { Catalog, ClusterRef } from '../catalog';
import type { ResultTable } from '../model';
import { gatherFacts } from '../workflows/gather';
import { gatherCluster, IDENTITY_USE_NEEDS, snapshotCluster } from '../workflows/cluster';
import { Executor, type OperationLog } from './executor';
import { proposeRestore, type RestoreProposal } from './restore';

export type { RestoreProposal };

/** A policy preview with what relies on the entries it removes, and a pre-flight warning when there is one. */
export interface PolicyProposal {
  readonly preview: PolicyPreview;
  /** Exports, external tables and data connections that lose the usage they rely on. */
  readonly impact: readonly IdentityUse[];
  /** e.g. "Changing the cluster policy needs AllDatabasesAdmin; …" */
  readonly warning?: string;
}

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly saved?: SavedState; readonly result: ResultTable }
  /** The live policy changed after the preview: here is the new one to show and ask again. */
  | { readonly status: 'changed'; readonly proposal: PolicyProposal };

export interface RetryNotice {
  (attempt: number, waitMs: number, message: string): void;
}

/** How the operations run: where they log, and the waits tests shorten. */
export interface OperationsOptions {
  readonly log?: OperationLog;
  /** Waits between retries while a new principal is not visible yet. */
  readonly principalBackoffMs?: readonly number[];
  /** Poll interval of ARM long-running operations. */
  readonly armPollMs?: number;
}

export class Operations {
  readonly run: Executor;
  private readonly principalBackoffMs: readonly number[];

  constructor(
    readonly catalog: Catalog,
    readonly saved: SavedStates,
    options: OperationsOptions = {},
  ) {
    this.run = new Executor(catalog, { log: options.log, armPollMs: options.armPollMs });
    this.principalBackoffMs = options.principalBackoffMs ?? PRINCIPAL_BACKOFF_MS;
  }

  async readPolicy(ref: ClusterRef, target: Target, signal?: AbortSignal): Promise<PolicyEntry[]> {
    const table = await this.run.command(ref, buildShowPolicyCommand(target), signal);
    return policyFromShow(parsePolicyRows(table).flatMap((r) => r.entries));
  }

  /** Reads the live policy and computes the change, what it loses and what relies on it. */
  async proposePolicy(
    ref: ClusterRef,
    target: Target,
    edit: PolicyEdit,
    signal?: AbortSignal,
  ): Promise<PolicyProposal> {
    if (target.scope === 'database') await this.run.assertWritable(ref, target.database);
    const before = await this.readPolicy(ref, target, signal);
    const preview = previewPolicyEdit(target, before, edit);
    await this.assertAttached(
      ref,
      preview.changes.filter((c) => c.addedUsages.length > 0).map((c) => c.objectId),
    );
    const impact = preview.losses.length
      ? impactOfLosses(await this.facts(ref, target), target, preview.losses, preview.after)
      : [];
    // The docs require AllDatabasesAdmin for the database-level policy as well.
    const warning = await this.clusterAdminWarning(ref, target.scope);
    return { preview, impact, ...(warning ? { warning } : {}) };
  }

  /**
   * Re-reads the policy; if it changed since the preview, returns the new proposal instead of running. Otherwise saves the
   * previous policy (when the change replaces or deletes) and runs the command (or its `.alter-merge` equivalent).
   */
  async applyPolicy(
    ref: ClusterRef,
    proposal: PolicyProposal,
    options: { useMerge?: boolean; signal?: AbortSignal } = {},
  ): Promise<ApplyOutcome> {
    const { preview } = proposal;
    const live = await this.readPolicy(ref, preview.target, options.signal);
    if (policyChangedSince(preview, live))
      return {
        status: 'changed',
        proposal: await this.proposePolicy(ref, preview.target, preview.edit, options.signal),
      };
    const command = options.useMerge && preview.mergeInstead ? preview.mergeInstead : preview.command;
    const saved = command.destructive
      ? await this.savePolicy(ref, preview.target, live, command.text.split(/\s+/)[0])
      : undefined;
    const result = await this.run.command(ref, command, options.signal);
    return { status: 'applied', result, ...(saved ? { saved } : {}) };
  }

  /** Saves a policy as it is now, before a change replaces or deletes it ("Restore Previous Policy / Principals"). */
  savePolicy(ref: ClusterRef, target: Target, entries: readonly PolicyEntry[], reason: string): Promise<SavedState> {
    return this.saved.save({
      kind: 'policy',
      cluster: ref.cluster.name,
      clusterUri: ref.cluster.uri,
      target,
      entries,
      reason,
    });
  }

  /** What putting a saved state back would do, against the live state read now (see restore.ts). */
  proposeRestore(ref: ClusterRef, saved: SavedState, signal?: AbortSignal): Promise<RestoreProposal> {
    return proposeRestore(this, ref, saved, signal);
  }

  /** Puts a saved policy or saved principals back; a policy as it is now is saved first (a restore replaces it). */
  async restore(
    ref: ClusterRef,
    saved: SavedState,
    signal?: AbortSignal,
  ): Promise<PlanReport & { ref: ClusterRef; savedFirst?: SavedState }> {
    const savedFirst =
      saved.kind === 'policy'
        ? await this.savePolicy(ref, saved.target, await this.readPolicy(ref, saved.target, signal), 'restore')
        : undefined;
    const report = await this.run.runPlan(ref, restoreSteps(saved), { signal });
    return { ...report, ...(savedFirst ? { savedFirst } : {}) };
  }

  /** Refuses, before sending, a policy that names an identity the cluster does not have (ARM clusters only). */
  async assertAttached(ref: ClusterRef, objectIds: readonly string[]): Promise<void> {
    if (ref.cluster.source !== 'arm' || !objectIds.length) return;
    const c = (await this.run.reload(ref)).cluster;
    const problem = unattachedProblem(
      { systemPrincipalId: c.identities?.system?.principalId, user: c.identities?.userAssigned ?? [] },
      objectIds,
      c.name,
    );
    if (problem) throw new RefusedError(problem);
  }

  /** The caller's cluster roles against AllDatabasesAdmin, when `.show cluster principals` can be read. */
  async clusterAdminWarning(ref: ClusterRef, scope: 'cluster' | 'database' = 'cluster'): Promise<string | undefined> {
    try {
      const target = this.catalog.target(ref);
      const token = target.auth.kind === 'token' ? await target.auth.getToken() : undefined;
      return clusterAdminProblem(await this.catalog.clusterPrincipals(ref), callerObjectIdOf(token), scope);
    } catch {
      return undefined;
    }
  }

  /** The object id of the cluster's system identity: ARM's principalId, else the ObjectId the policy fills in (IsSystem). */
  async systemObjectId(ref: ClusterRef, signal?: AbortSignal): Promise<string | undefined> {
    const arm = ref.cluster.identities?.system?.principalId;
    if (arm) return arm;
    try {
      const rows = parsePolicyRows(await this.run.command(ref, buildShowPolicyCommand({ scope: 'cluster' }), signal));
      return rows.flatMap((r) => r.entries).find((e) => e.isSystem === true && isGuid(e.objectId))?.objectId;
    } catch {
      return undefined;
    }
  }

  /** `.add|.drop database …`, or on a follower database the `.add|.drop follower database …` form it accepts. */
  async principalCommand(
    ref: ClusterRef,
    database: string,
    verb: 'add' | 'drop',
    role: DatabaseRole,
    principal: PrincipalInput,
    notes?: string,
  ): Promise<ManagementCommand> {
    const follower = await this.run.isFollower(ref, database);
    if (verb === 'add')
      return follower
        ? buildAddFollowerPrincipalCommand(database, role, principal, notes)
        : buildAddPrincipalCommand(database, role, principal, notes);
    return follower
      ? buildDropFollowerPrincipalCommand(database, role, principal)
      : buildDropPrincipalCommand(database, role, principal);
  }

  /** Adds a principal to a role, retrying with backoff while the service does not see the new identity yet. */
  async grant(
    ref: ClusterRef,
    database: string,
    role: DatabaseRole,
    principal: PrincipalInput,
    options: { notes?: string; signal?: AbortSignal; onRetry?: RetryNotice } = {},
  ): Promise<ResultTable> {
    const command = await this.principalCommand(ref, database, 'add', role, principal, options.notes);
    return withBackoff(() => this.run.command(ref, command, options.signal), {
      delaysMs: this.principalBackoffMs,
      signal: options.signal,
      onRetry: (attempt, wait, e) => options.onRetry?.(attempt, wait, e instanceof Error ? e.message : String(e)),
    });
  }

  /** Saves the principal, then drops it from the role (the follower form on a follower database). */
  async revoke(
    ref: ClusterRef,
    database: string,
    role: DatabaseRole,
    principal: PrincipalInput,
    label: string,
    signal?: AbortSignal,
  ): Promise<{ saved: SavedState; result: ResultTable }> {
    const command = await this.principalCommand(ref, database, 'drop', role, principal);
    const saved = await this.saved.save({
      kind: 'principals',
      cluster: ref.cluster.name,
      clusterUri: ref.cluster.uri,
      database,
      principals: [{ role, principal, label }],
      reason: '.drop principal',
    });
    const result = await this.run.command(ref, command, signal);
    return { saved, result };
  }

  /** Table names of a database: the wizard offers them as the export's query, so no KQL needs typing. */
  async tables(ref: ClusterRef, database: string): Promise<string[]> {
    return parseTableNames(await this.run.command(ref, databaseCommand('.show tables', database)));
  }

  principals(ref: ClusterRef, database: string, signal?: AbortSignal): Promise<ResultTable> {
    return this.run.command(ref, buildShowDatabasePrincipalsCommand(database), signal);
  }

  exportDetails(ref: ClusterRef, db: string, name: string): Promise<ResultTable> {
    return this.run.command(ref, buildShowContinuousExportCommand(db, name));
  }
  exportFailures(ref: ClusterRef, db: string, name: string): Promise<ResultTable> {
    return this.run.command(ref, buildShowExportFailuresCommand(db, name));
  }
  exportArtifacts(ref: ClusterRef, db: string, name: string): Promise<ResultTable> {
    return this.run.command(ref, buildShowExportedArtifactsCommand(db, name));
  }
  enableExport(ref: ClusterRef, db: string, name: string): Promise<ResultTable> {
    return this.run.command(ref, buildEnableContinuousExportCommand(db, name));
  }
  disableExport(ref: ClusterRef, db: string, name: string): Promise<ResultTable> {
    return this.run.command(ref, buildDisableContinuousExportCommand(db, name));
  }
  dropExport(ref: ClusterRef, db: string, name: string): Promise<ResultTable> {
    return this.run.command(ref, buildDropContinuousExportCommand(db, name));
  }

  /** The user-assigned identities of the cluster's subscription a user can attach (Microsoft.ManagedIdentity). */
  async userAssignedIdentities(
    ref: ClusterRef,
  ): Promise<{ name: string; resourceId: string; principalId: string; clientId: string }[]> {
    if (!ref.account || !ref.subscription) return [];
    const msi = await this.catalog.factory.msi(ref.account, ref.subscription);
    const out: { name: string; resourceId: string; principalId: string; clientId: string }[] = [];
    for await (const i of msi.userAssignedIdentities.listBySubscription()) {
      out.push({
        name: i.name ?? '',
        resourceId: i.id ?? '',
        principalId: i.principalId ?? '',
        clientId: i.clientId ?? '',
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Everything on the cluster that uses the identity: shown before disabling or detaching it. */
  async usesOf(ref: ClusterRef, who: IdentityRef): Promise<IdentityUse[]> {
    return usesOfIdentity(await gatherCluster(this.catalog, ref), who);
  }

  /** The wizard's checks and the plan that closes each gap and creates the export. */
  async planExport(ref: ClusterRef, input: ExportPlanInput): Promise<ExportPlan> {
    const fresh = ref.cluster.source === 'arm' ? await this.run.reload(ref) : ref;
    const facts = await gatherFacts(this.catalog, fresh, {
      databases: databasesReadBy(input.export.query, input.export.database),
      externalTables: true,
      exports: false,
      exportFailures: [],
      tables: false,
      streamingIngestion: false,
      dataConnections: false,
    });
    return planContinuousExport(facts, input);
  }

  /** Runs a plan; `.add` principal steps retry with backoff while the service does not see a new identity yet. */
  runSteps(
    ref: ClusterRef,
    steps: readonly Step[],
    options: { signal?: AbortSignal; onStep?: (s: Step, i: number, n: number) => void; onRetry?: RetryNotice } = {},
  ): Promise<PlanReport & { ref: ClusterRef }> {
    return this.run.runPlan(ref, steps, {
      ...options,
      retryAdd: (work, signal) =>
        withBackoff(work, {
          delaysMs: this.principalBackoffMs,
          signal,
          onRetry: (attempt, wait, e) => options.onRetry?.(attempt, wait, e instanceof Error ? e.message : String(e)),
        }),
    });
  }

  /** Copy as script: the cluster's (or one database's) identity configuration as an idempotent script. */
  async script(ref: ClusterRef, database?: string): Promise<string> {
    const { snapshot } = await snapshotCluster(this.catalog, ref);
    return database ? databaseScript(snapshot, database) : formatSnapshotScript(snapshot);
  }

  private async facts(ref: ClusterRef, target: Target): Promise<ClusterFacts> {
    if (target.scope === 'cluster') return gatherCluster(this.catalog, ref);
    return gatherFacts(this.catalog, ref, { ...IDENTITY_USE_NEEDS, databases: [target.database] });
  }
}

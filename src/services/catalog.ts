// Everything the tree reads, per branch: ARM for Azure facts, Kusto for policies and principals, behind one object.
import { ArmService } from './arm';
import type { ClientFactory } from './factory';
import { KustoService, type KustoTarget } from './kusto';
import type { CloudAccount, ClusterInfo, DataConnectionInfo, DatabaseInfo, SubscriptionRef } from './model';
import type {
  ContinuousExportRow,
  DatabaseDetailsRow,
  ExportFailureRow,
  ExternalTableRow,
  ExternalTableSchemaRow,
  ManagedIdentityPolicyEntry as PolicyRow,
  PrincipalRow,
  UpdatePolicyRow,
  FunctionRow,
} from '../core/results';
import { queries, type Query } from './queries';

/** A cluster and how it was reached. */
export interface ClusterRef {
  readonly account?: CloudAccount;
  readonly subscription?: SubscriptionRef;
  readonly cluster: ClusterInfo;
}

export class Catalog {
  readonly kusto: KustoService;
  private readonly arms = new Map<CloudAccount, ArmService>();

  constructor(readonly factory: ClientFactory) {
    this.kusto = new KustoService(factory);
  }

  arm(account: CloudAccount): ArmService {
    let arm = this.arms.get(account);
    if (!arm) this.arms.set(account, (arm = new ArmService(this.factory, account)));
    return arm;
  }

  listSubscriptions(account: CloudAccount): Promise<SubscriptionRef[]> {
    return account.listSubscriptions();
  }

  listClusters(account: CloudAccount, subscription: SubscriptionRef): Promise<ClusterInfo[]> {
    return this.arm(account).listClusters(subscription);
  }

  /** A Kusto-audience token for the cluster's tenant, or no Authorization at all for `auth: none` (the emulator). */
  target(ref: ClusterRef): KustoTarget {
    const { cluster, account } = ref;
    if (cluster.auth === 'none' || !account) return { uri: cluster.uri, auth: { kind: 'none' } };
    const tenantId = cluster.tenantId ?? ref.subscription?.tenantId ?? '';
    return {
      uri: cluster.uri,
      auth: { kind: 'token', getToken: () => account.kustoToken(tenantId, cluster.uri) },
      cacheKey: `${account.kind}|${tenantId}`,
    };
  }

  private run<T>(ref: ClusterRef, q: Query<T>): Promise<T[]> {
    return this.kusto.run(this.target(ref), q.command, { action: q.action, permission: q.permission }).then(q.read);
  }

  clusterPolicy(ref: ClusterRef): Promise<PolicyRow[]> {
    return this.run(ref, queries.clusterPolicy());
  }
  clusterPrincipals(ref: ClusterRef): Promise<PrincipalRow[]> {
    return this.run(ref, queries.clusterPrincipals());
  }

  /** ARM lists databases with their kind (followers are read-only); a direct connection asks the cluster. */
  async databases(ref: ClusterRef): Promise<DatabaseInfo[]> {
    if (ref.cluster.source === 'arm' && ref.account && ref.subscription)
      return this.arm(ref.account).listDatabases(ref.subscription, ref.cluster);
    const rows = await this.run(ref, queries.databases());
    return rows
      .map((r) => ({ name: r.name, readOnly: /read\s*only/i.test(r.accessMode ?? ''), kind: r.accessMode }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** `.show databases details` (AllDatabasesMonitor): each database's table and external table counts. */
  databaseDetails(ref: ClusterRef): Promise<DatabaseDetailsRow[]> {
    return this.run(ref, queries.databaseDetails());
  }
  databasePrincipals(ref: ClusterRef, db: string): Promise<PrincipalRow[]> {
    return this.run(ref, queries.databasePrincipals(db));
  }
  databasePolicy(ref: ClusterRef, db: string): Promise<PolicyRow[]> {
    return this.run(ref, queries.databasePolicy(db));
  }
  externalTables(ref: ClusterRef, db: string): Promise<ExternalTableRow[]> {
    return this.run(ref, queries.externalTables(db));
  }
  async externalTableColumns(ref: ClusterRef, db: string, name: string): Promise<ExternalTableSchemaRow['columns']> {
    return (await this.run(ref, queries.externalTableSchema(db, name)))[0].columns;
  }
  functions(ref: ClusterRef, db: string): Promise<FunctionRow[]> {
    return this.run(ref, queries.functions(db));
  }
  updatePolicies(ref: ClusterRef, db: string): Promise<UpdatePolicyRow[]> {
    return this.run(ref, queries.updatePolicies(db));
  }
  continuousExports(ref: ClusterRef, db: string): Promise<ContinuousExportRow[]> {
    return this.run(ref, queries.continuousExports(db));
  }
  exportFailures(ref: ClusterRef, db: string, name: string): Promise<ExportFailureRow[]> {
    return this.run(ref, queries.exportFailures(db, name));
  }

  dataConnections(ref: ClusterRef, db: string): Promise<DataConnectionInfo[]> {
    if (!ref.account || !ref.subscription) return Promise.resolve([]);
    return this.arm(ref.account).listDataConnections(ref.subscription, ref.cluster, db);
  }
}

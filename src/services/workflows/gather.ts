// Reads the facts a flow needs from ARM (through the cluster info and data connections) and Kusto, through the one factory.
import { databaseCommand, buildShowStreamingIngestionPolicyCommand, type ManagementCommand } from '../../core/commands';
import { parseStreamingIngestionEnabled, parseTableNames } from '../../core/workflows/results';
import type { FactNeeds } from '../../core/workflows/flows';
import { wantsColumns } from '../../core/workflows/snapshot';
import type { ClusterFacts, DatabaseFacts } from '../../core/workflows/types';
import type { Catalog, ClusterRef } from '../catalog';
import type { ResultTable } from '../model';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs `work`; on failure records why under `key` and yields undefined, so one unreadable fact becomes one `unknown`. */
async function attempt<T>(errors: Record<string, string>, key: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    errors[key] = message(e);
    return undefined;
  }
}

function run(catalog: Catalog, ref: ClusterRef, command: ManagementCommand, action: string): Promise<ResultTable> {
  return catalog.kusto.run(catalog.target(ref), command, {
    action,
    permission: `Database Viewer (or higher) on ${command.database ?? 'the database'}`,
  });
}

export async function gatherDatabase(
  catalog: Catalog,
  ref: ClusterRef,
  name: string,
  needs: Omit<FactNeeds, 'databases'>,
): Promise<DatabaseFacts> {
  const errors: Record<string, string> = {};
  const arm = ref.cluster.source === 'arm' && !!ref.account && !!ref.subscription;
  const [
    policy,
    principals,
    tables,
    streamingIngestion,
    externalTables,
    exports,
    dataConnections,
    updatePolicies,
    functions,
  ] = await Promise.all([
    attempt(errors, 'policy', () => catalog.databasePolicy(ref, name)),
    attempt(errors, 'principals', () => catalog.databasePrincipals(ref, name)),
    needs.tables
      ? attempt(errors, 'tables', async () =>
          parseTableNames(await run(catalog, ref, databaseCommand('.show tables', name), `show the tables of ${name}`)),
        )
      : undefined,
    needs.streamingIngestion
      ? attempt(errors, 'streamingIngestion', async () =>
          parseStreamingIngestionEnabled(
            await run(
              catalog,
              ref,
              buildShowStreamingIngestionPolicyCommand(name),
              `show the streaming ingestion policy of ${name}`,
            ),
          ),
        )
      : undefined,
    needs.externalTables ? attempt(errors, 'externalTables', () => catalog.externalTables(ref, name)) : undefined,
    needs.exports ? attempt(errors, 'exports', () => catalog.continuousExports(ref, name)) : undefined,
    needs.dataConnections && arm
      ? attempt(errors, 'dataConnections', () => catalog.dataConnections(ref, name))
      : undefined,
    needs.updatePolicies ? attempt(errors, 'updatePolicies', () => catalog.updatePolicies(ref, name)) : undefined,
    needs.functions ? attempt(errors, 'functions', () => catalog.functions(ref, name)) : undefined,
  ]);
  const columns: Record<string, Awaited<ReturnType<Catalog['externalTableColumns']>>> = {};
  if (needs.externalTableColumns && externalTables) {
    await Promise.all(
      externalTables.filter(wantsColumns).map(async (t) => {
        const read = await attempt(errors, `columns:${t.name}`, () => catalog.externalTableColumns(ref, name, t.name));
        if (read) columns[t.name] = read;
      }),
    );
  }
  const wanted = needs.exportFailures.filter((n) => exports?.some((e) => e.name.toLowerCase() === n.toLowerCase()));
  const failures = await readExportFailures(catalog, ref, name, exports ?? [], wanted, errors);
  return {
    name,
    errors,
    ...(policy ? { policy } : {}),
    ...(principals ? { principals } : {}),
    ...(tables ? { tables } : {}),
    ...(streamingIngestion !== undefined ? { streamingIngestion } : {}),
    ...(externalTables ? { externalTables } : {}),
    ...(Object.keys(columns).length ? { externalTableColumns: columns } : {}),
    ...(exports ? { exports } : {}),
    ...(updatePolicies ? { updatePolicies } : {}),
    ...(functions ? { functions } : {}),
    ...(wanted.length ? { exportFailures: failures } : {}),
    ...(dataConnections
      ? {
          dataConnections: dataConnections.map((d) => ({
            name: d.name,
            kind: d.kind,
            ...(d.identityResourceId ? { identityResourceId: d.identityResourceId } : {}),
            ...(d.sourceResourceId ? { sourceResourceId: d.sourceResourceId } : {}),
            ...(d.cosmosDatabase ? { cosmosDatabase: d.cosmosDatabase } : {}),
            ...(d.cosmosContainer ? { cosmosContainer: d.cosmosContainer } : {}),
          })),
        }
      : {}),
  };
}

type FailureRows = Awaited<ReturnType<Catalog['exportFailures']>>;

/** The recorded failures of the exports named (found among `exports` without regard to case), by exact name. */
async function readExportFailures(
  catalog: Catalog,
  ref: ClusterRef,
  database: string,
  exports: readonly { readonly name: string }[],
  wanted: readonly string[],
  errors: Record<string, string>,
): Promise<Record<string, FailureRows>> {
  const failures: Record<string, FailureRows> = {};
  await Promise.all(
    wanted.map(async (n) => {
      const exact = exports.find((e) => e.name.toLowerCase() === n.toLowerCase())?.name;
      if (!exact) return;
      const rows = await attempt(errors, `failures:${exact}`, () => catalog.exportFailures(ref, database, exact));
      if (rows) failures[exact] = rows;
    }),
  );
  return failures;
}

/**
 * The failures of the exports `names` in a database gathered without them: what `gatherDatabase` would have added with
 * `exportFailures: names`, read after the fact so a caller can read other things beside it.
 */
export async function withExportFailures(
  catalog: Catalog,
  ref: ClusterRef,
  db: DatabaseFacts,
  names: readonly string[],
): Promise<DatabaseFacts> {
  const wanted = names.filter((n) => db.exports?.some((e) => e.name.toLowerCase() === n.toLowerCase()));
  if (!wanted.length) return db;
  const errors = { ...db.errors };
  const exportFailures = await readExportFailures(catalog, ref, db.name, db.exports ?? [], wanted, errors);
  return { ...db, errors, exportFailures };
}

/**
 * The cluster-level facts plus each database asked for; a database that cannot be listed is recorded, not thrown.
 * `listed`: the cluster's databases when the caller has just read them (not read a second time).
 */
export async function gatherFacts(
  catalog: Catalog,
  ref: ClusterRef,
  needs: FactNeeds,
  listed?: Awaited<ReturnType<Catalog['databases']>>,
): Promise<ClusterFacts> {
  const errors: Record<string, string> = {};
  const c = ref.cluster;
  const arm = c.source === 'arm';
  const [clusterPolicy, clusterPrincipals, known] = await Promise.all([
    attempt(errors, 'clusterPolicy', () => catalog.clusterPolicy(ref)),
    attempt(errors, 'clusterPrincipals', () => catalog.clusterPrincipals(ref)),
    listed ?? attempt(errors, 'databases', () => catalog.databases(ref)),
  ]);
  // Unlisted databases are still tried; a listed cluster without the name means it does not exist.
  const names = needs.databases.map(
    (n) => known?.find((d) => d.name.toLowerCase() === n.toLowerCase())?.name ?? (known ? undefined : n),
  );
  const present = names.filter((n): n is string => !!n);
  const databases = await Promise.all(
    present.map(async (name) => ({
      ...(await gatherDatabase(catalog, ref, name, needs)),
      ...(known?.find((d) => d.name === name)?.readOnly ? { readOnly: true } : {}),
    })),
  );
  return {
    name: c.name,
    uri: c.uri,
    arm,
    errors,
    databases,
    ...(c.resourceId ? { resourceId: c.resourceId } : {}),
    ...(c.tenantId ? { tenantId: c.tenantId } : {}),
    ...(arm && c.identities
      ? {
          identities: {
            system: c.identities.system ? { principalId: c.identities.system.principalId } : undefined,
            userAssigned: c.identities.userAssigned,
          },
        }
      : {}),
    ...(arm && c.streamingIngest !== undefined ? { streamingIngestEnabled: c.streamingIngest } : {}),
    ...(clusterPolicy ? { clusterPolicy } : {}),
    ...(clusterPrincipals ? { clusterPrincipals } : {}),
  };
}

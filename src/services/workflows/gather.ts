// Reads the facts a flow needs from ARM (through the cluster info and data connections) and Kusto, through the one factory.
import { databaseCommand, buildShowStreamingIngestionPolicyCommand, type ManagementCommand } from '../../core/commands';
import { parseStreamingIngestionEnabled, parseTableNames } from '../../core/workflows/results';
import type { DatabaseDetailsRow } from '../../core/results';
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

/** What `.show databases details` said of one database; undefined when it was not read or did not name it. */
export type DatabaseCounts = Promise<DatabaseDetailsRow | undefined>;

/**
 * One database's facts. With `counts`, the reads whose answer the counts already give are not sent: no external table
 * means `.show external tables` lists none, no table means no table has an update policy (and `.show tables` is empty);
 * those facts are then the same empty lists the reads would have returned. Reads that need no count go out at once.
 */
export async function gatherDatabase(
  catalog: Catalog,
  ref: ClusterRef,
  name: string,
  needs: Omit<FactNeeds, 'databases'>,
  counts?: DatabaseCounts,
): Promise<DatabaseFacts> {
  const errors: Record<string, string> = {};
  const arm = ref.cluster.source === 'arm' && !!ref.account && !!ref.subscription;
  const none = async (count: 'tables' | 'externalTables'): Promise<boolean> => (await counts)?.[count] === 0;
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
          (await none('tables'))
            ? []
            : parseTableNames(
                await run(catalog, ref, databaseCommand('.show tables', name), `show the tables of ${name}`),
              ),
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
    needs.externalTables
      ? attempt(errors, 'externalTables', async () =>
          (await none('externalTables')) ? [] : catalog.externalTables(ref, name),
        )
      : undefined,
    needs.exports ? attempt(errors, 'exports', () => catalog.continuousExports(ref, name)) : undefined,
    needs.dataConnections && arm
      ? attempt(errors, 'dataConnections', () => catalog.dataConnections(ref, name))
      : undefined,
    needs.updatePolicies
      ? attempt(errors, 'updatePolicies', async () => ((await none('tables')) ? [] : catalog.updatePolicies(ref, name)))
      : undefined,
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

/** Which databases to read, and how. */
interface Which {
  /** These names (an unlisted one is still tried), or every database the cluster lists (an unreadable list throws). */
  readonly databases: readonly string[] | 'all';
  /** The cluster's databases when the caller has just read them (not read a second time). */
  readonly listed?: Awaited<ReturnType<Catalog['databases']>>;
  /** Also read `.show databases details` in the first wave, and skip the reads its counts answer (see gatherDatabase). */
  readonly details?: boolean;
}

/**
 * The cluster-level facts plus each database asked for; a database that cannot be listed is recorded, not thrown.
 * `listed`: the cluster's databases when the caller has just read them (not read a second time).
 */
export function gatherFacts(
  catalog: Catalog,
  ref: ClusterRef,
  needs: FactNeeds,
  listed?: Awaited<ReturnType<Catalog['databases']>>,
): Promise<ClusterFacts> {
  return gather(catalog, ref, needs, { databases: needs.databases, ...(listed ? { listed } : {}) });
}

/**
 * Every database of the cluster, for whole-cluster reads (the report, snapshots, drift). Nothing waits for an answer it
 * does not need: the cluster's policy, principals, database list and `.show databases details` go out together, and
 * each database's reads as soon as the list names it. When the details cannot be read (it needs AllDatabasesMonitor)
 * or do not name a database, that database is read in full: the facts are the same either way.
 */
export function gatherAllDatabases(
  catalog: Catalog,
  ref: ClusterRef,
  needs: Omit<FactNeeds, 'databases'>,
): Promise<ClusterFacts> {
  const wanted = needs.externalTables || needs.updatePolicies || needs.tables;
  return gather(catalog, ref, needs, { databases: 'all', details: wanted });
}

/** The details by database name, or undefined when they cannot be read (then every database is read in full). */
async function databaseDetails(
  catalog: Catalog,
  ref: ClusterRef,
): Promise<ReadonlyMap<string, DatabaseDetailsRow> | undefined> {
  try {
    return new Map((await catalog.databaseDetails(ref)).map((d) => [d.name, d]));
  } catch {
    return undefined;
  }
}

async function gather(
  catalog: Catalog,
  ref: ClusterRef,
  needs: Omit<FactNeeds, 'databases'>,
  which: Which,
): Promise<ClusterFacts> {
  const errors: Record<string, string> = {};
  const c = ref.cluster;
  const arm = c.source === 'arm';
  const cluster = Promise.all([
    attempt(errors, 'clusterPolicy', () => catalog.clusterPolicy(ref)),
    attempt(errors, 'clusterPrincipals', () => catalog.clusterPrincipals(ref)),
  ]);
  const details = which.details ? databaseDetails(catalog, ref) : undefined;
  const known =
    which.listed ??
    (which.databases === 'all'
      ? await catalog.databases(ref)
      : await attempt(errors, 'databases', () => catalog.databases(ref)));
  // Unlisted databases are still tried; a listed cluster without the name means it does not exist.
  const names =
    which.databases === 'all'
      ? (known ?? []).map((d) => d.name)
      : which.databases.map(
          (n) => known?.find((d) => d.name.toLowerCase() === n.toLowerCase())?.name ?? (known ? undefined : n),
        );
  const present = names.filter((n): n is string => !!n);
  const databases = await Promise.all(
    present.map(async (name) => ({
      ...(await gatherDatabase(
        catalog,
        ref,
        name,
        needs,
        details?.then((d) => d?.get(name)),
      )),
      ...(known?.find((d) => d.name === name)?.readOnly ? { readOnly: true } : {}),
    })),
  );
  const [clusterPolicy, clusterPrincipals] = await cluster;
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

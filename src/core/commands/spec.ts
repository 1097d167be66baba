// A command described as JSON (the CLI's `generate` input, reusable by the extension) mapped onto the builders.
import type { PolicyScope } from '../scope';
import { KqlInputError } from '../kql/errors';
import type { ManagementCommand, Target } from './command';
import * as ce from './continuousExport';
import * as db from './database';
import * as ext from './externalTables';
import * as policy from './policy';
import * as principals from './principals';

/** An app by object id, or the system identity by its object id (`system: true` only labels it). */
export type PrincipalSpec =
  | { readonly app: string; readonly tenant: string }
  | { readonly system: true; readonly objectId: string; readonly tenant: string };

interface ScopeSpec {
  readonly scope: PolicyScope;
  readonly database?: string;
}
interface InDatabase {
  readonly database: string;
}
interface Named extends InDatabase {
  readonly name: string;
}

export type GenerateSpec =
  | ({ readonly kind: 'show-policy' } & ScopeSpec)
  | ({
      readonly kind: 'alter-policy';
      readonly entries: readonly policy.PolicyEntryInput[];
      readonly merge?: boolean;
    } & ScopeSpec)
  | ({ readonly kind: 'delete-policy' } & ScopeSpec)
  | ({
      readonly kind: 'add-principal';
      readonly role: principals.DatabaseRole;
      readonly principal: PrincipalSpec;
      readonly notes?: string;
    } & InDatabase)
  | ({
      readonly kind: 'drop-principal';
      readonly role: principals.DatabaseRole;
      readonly principal: PrincipalSpec;
    } & InDatabase)
  | ({ readonly kind: 'show-principals' } & InDatabase)
  | ({ readonly kind: 'create-storage-external-table' } & ext.StorageExternalTableInput)
  | ({ readonly kind: 'create-sql-external-table' } & ext.SqlExternalTableInput)
  | ({ readonly kind: 'create-continuous-export' } & ce.ContinuousExportInput)
  | ({ readonly kind: 'show-continuous-exports' } & InDatabase)
  | ({ readonly kind: 'show-continuous-export' | 'show-export-failures' | 'show-exported-artifacts' } & Named)
  | ({ readonly kind: 'enable-continuous-export' | 'disable-continuous-export' | 'drop-continuous-export' } & Named)
  | ({ readonly kind: 'enable-streaming-ingestion' | 'disable-streaming-ingestion' } & InDatabase)
  | ({
      readonly kind: 'create-table';
      readonly name: string;
      readonly columns: readonly ext.ColumnInput[];
    } & InDatabase);

export type GenerateSpecKind = GenerateSpec['kind'];

export const GENERATE_SPEC_KINDS: readonly GenerateSpecKind[] = [
  'show-policy',
  'alter-policy',
  'delete-policy',
  'add-principal',
  'drop-principal',
  'show-principals',
  'create-storage-external-table',
  'create-sql-external-table',
  'create-continuous-export',
  'show-continuous-exports',
  'show-continuous-export',
  'show-export-failures',
  'show-exported-artifacts',
  'enable-continuous-export',
  'disable-continuous-export',
  'drop-continuous-export',
  'enable-streaming-ingestion',
  'disable-streaming-ingestion',
  'create-table',
];

/** Builds the command a spec describes; throws KqlInputError naming the bad field. */
export function buildCommandFromSpec(spec: GenerateSpec): ManagementCommand {
  switch (spec.kind) {
    case 'show-policy':
      return policy.buildShowPolicyCommand(targetOf(spec));
    case 'alter-policy':
      return policy.buildAlterPolicyCommand(targetOf(spec), spec.entries, { merge: spec.merge === true });
    case 'delete-policy':
      return policy.buildDeletePolicyCommand(targetOf(spec));
    case 'add-principal':
      return principals.buildAddPrincipalCommand(
        spec.database,
        principals.checkRole(spec.role),
        principalOf(spec),
        spec.notes,
      );
    case 'drop-principal':
      return principals.buildDropPrincipalCommand(spec.database, principals.checkRole(spec.role), principalOf(spec));
    case 'show-principals':
      return principals.buildShowDatabasePrincipalsCommand(spec.database);
    case 'create-storage-external-table':
      return ext.buildCreateStorageExternalTableCommand(spec);
    case 'create-sql-external-table':
      return ext.buildCreateSqlExternalTableCommand(spec);
    case 'create-continuous-export':
      return ce.buildCreateOrAlterContinuousExportCommand(spec);
    case 'show-continuous-exports':
      return ce.buildShowContinuousExportsCommand(spec.database);
    case 'show-continuous-export':
      return ce.buildShowContinuousExportCommand(spec.database, spec.name);
    case 'show-export-failures':
      return ce.buildShowExportFailuresCommand(spec.database, spec.name);
    case 'show-exported-artifacts':
      return ce.buildShowExportedArtifactsCommand(spec.database, spec.name);
    case 'enable-continuous-export':
      return ce.buildEnableContinuousExportCommand(spec.database, spec.name);
    case 'disable-continuous-export':
      return ce.buildDisableContinuousExportCommand(spec.database, spec.name);
    case 'drop-continuous-export':
      return ce.buildDropContinuousExportCommand(spec.database, spec.name);
    case 'enable-streaming-ingestion':
      return db.buildEnableStreamingIngestionCommand(spec.database);
    case 'disable-streaming-ingestion':
      return db.buildDisableStreamingIngestionCommand(spec.database);
    case 'create-table':
      return db.buildCreateTableCommand(spec.database, spec.name, spec.columns);
    default:
      throw new KqlInputError(`unknown kind ${JSON.stringify((spec as { kind?: unknown }).kind)}`, 'kind');
  }
}

function targetOf(spec: ScopeSpec): Target {
  if (spec.scope === 'cluster') {
    if (spec.database !== undefined) throw new KqlInputError('must not be given when scope is "cluster"', 'database');
    return { scope: 'cluster' };
  }
  if (spec.scope !== 'database') throw new KqlInputError('must be "cluster" or "database"', 'scope');
  if (spec.database === undefined) throw new KqlInputError('is required when scope is "database"', 'database');
  return { scope: 'database', database: spec.database };
}

function principalOf(spec: { readonly principal: PrincipalSpec }): principals.PrincipalInput {
  const problem = systemPrincipalProblem(spec);
  if (problem) throw new KqlInputError(problem, 'principal.objectId');
  const p = spec.principal;
  if (typeof p === 'object' && p !== null) {
    if ('system' in p && p.system === true) return { kind: 'system', objectId: p.objectId, tenant: p.tenant };
    if ('app' in p) return { kind: 'app', objectId: p.app, tenant: p.tenant };
  }
  throw new KqlInputError(
    'must be {"app": <objectId>, "tenant": …} or {"system": true, "objectId": <objectId>, "tenant": …}',
    'principal',
  );
}

/**
 * Why a principal spec naming the system identity cannot be written: it lacks the identity's object id (the form
 * `aadapp=system;<tenant>` was in the docs for one week in 2023). Undefined when the spec is fine or not about it.
 */
export function systemPrincipalProblem(spec: unknown): string | undefined {
  const p = (spec as { principal?: unknown } | null)?.principal;
  const system = p === 'system' || (typeof p === 'object' && p !== null && (p as { system?: unknown }).system === true);
  if (!system) return undefined;
  const objectId = typeof p === 'object' ? (p as { objectId?: unknown }).objectId : undefined;
  if (typeof objectId === 'string' && objectId !== '' && objectId.toLowerCase() !== 'system') return undefined;
  return `the system identity needs its object id: pass {"system": true, "objectId": <objectId>, "tenant": …}, because ${principals.SYSTEM_OBJECT_ID_WHY}`;
}

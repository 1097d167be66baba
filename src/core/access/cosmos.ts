// Cosmos DB data-plane roles: sqlRoleAssignments and sqlRoleDefinitions of Microsoft.DocumentDB (not Microsoft.Authorization).
import { COSMOS_BUILT_IN } from './builtInRoles';
import { COSMOS_NEED } from './needs';
import { actionMatches } from './rbac';

export interface CosmosRoleDefinitionFacts {
  /** The definition's name (a guid; the built-ins are 00000000-…-000000000001 and …0002). */
  readonly id: string;
  readonly roleName: string;
  readonly permissions: readonly {
    readonly dataActions: readonly string[];
    readonly notDataActions?: readonly string[];
  }[];
}

export interface CosmosRoleAssignmentFacts {
  readonly id: string;
  /** `{account id}/sqlRoleDefinitions/{guid}`. */
  readonly roleDefinitionId: string;
  /** The account id, or `{account id}/dbs/{db}[/colls/{container}]`. */
  readonly scope: string;
  readonly principalId: string;
}

const ITEMS = 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers';
/** The two built-in definitions, as `az cosmosdb sql role definition list` prints them. */
export const COSMOS_BUILT_IN_DEFINITIONS: readonly CosmosRoleDefinitionFacts[] = [
  {
    ...COSMOS_BUILT_IN.dataReader,
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata',
          `${ITEMS}/executeQuery`,
          `${ITEMS}/readChangeFeed`,
          `${ITEMS}/items/read`,
        ],
      },
    ],
  },
  {
    ...COSMOS_BUILT_IN.dataContributor,
    permissions: [
      {
        dataActions: ['Microsoft.DocumentDB/databaseAccounts/readMetadata', `${ITEMS}/*`, `${ITEMS}/items/*`],
      },
    ],
  },
];

export interface CosmosEvaluation {
  readonly verdict: 'passed' | 'failed' | 'unknown';
  readonly reason: string;
}

const guidOf = (id: string): string => (id.split('/').pop() ?? id).toLowerCase();

/** Whether the principal holds a Cosmos DB data role covering what a data connection reads, at `target` (account, db or container). */
export function evaluateCosmosRole(input: {
  readonly principalId: string;
  readonly accountId: string;
  /** `{account id}/dbs/{db}/colls/{container}` when the connection names them, else the account id. */
  readonly target: string;
  readonly assignments: readonly CosmosRoleAssignmentFacts[];
  readonly definitions: readonly CosmosRoleDefinitionFacts[];
}): CosmosEvaluation {
  const defs = [...input.definitions, ...COSMOS_BUILT_IN_DEFINITIONS];
  const target = input.target.toLowerCase();
  const mine = input.assignments.filter((a) => {
    const scope = a.scope.replace(/\/+$/, '').toLowerCase();
    return (
      a.principalId.toLowerCase() === input.principalId.toLowerCase() &&
      (scope === target || target.startsWith(`${scope}/`))
    );
  });
  const named = mine.map((a) => ({ a, def: defs.find((d) => d.id.toLowerCase() === guidOf(a.roleDefinitionId)) }));
  const granting = named.filter(
    ({ def }) =>
      def &&
      COSMOS_NEED.dataActions.every((x) =>
        def.permissions.some(
          (p) =>
            p.dataActions.some((d) => actionMatches(d, x)) &&
            !(p.notDataActions ?? []).some((d) => actionMatches(d, x)),
        ),
      ),
  );
  if (granting.length)
    return { verdict: 'passed', reason: `it holds ${granting[0].def!.roleName} at ${granting[0].a.scope}` };
  const unread = named.find((n) => !n.def);
  if (unread)
    return {
      verdict: 'unknown',
      reason: `sqlRoleDefinition ${guidOf(unread.a.roleDefinitionId)} assigned at ${unread.a.scope} could not be read`,
    };
  return {
    verdict: 'failed',
    reason: `${mine.length ? `it holds only ${named.map((n) => n.def!.roleName).join(', ')}` : 'it holds no Cosmos DB data role (sqlRoleAssignments) on the account'}; ${COSMOS_NEED.title} needs ${COSMOS_BUILT_IN.dataReader.roleName}. Azure roles (Microsoft.Authorization) do not grant Cosmos DB data access`,
  };
}

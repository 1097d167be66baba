// Rows of `.show database X principals` / `.show cluster principals` as typed principals.
import { readAnswer, requiredColumns, SHAPES } from './shapes';
import type { ResultTable } from './table';

export interface PrincipalRow {
  /** e.g. `Database MyDb Admin`, `AllDatabasesAdmin`. */
  readonly role: string;
  /** e.g. `AAD Application`, `AAD User`, `AAD Group`. */
  readonly principalType: string;
  readonly displayName: string;
  /** Recognise the cluster's identities by this, never by display name. */
  readonly objectId: string;
  /** e.g. `aadapp=<id>;<tenant>`. */
  readonly fqn: string;
  readonly notes: string;
  /** Newer services add it; undefined otherwise. */
  readonly roleAssignmentIdentifier?: string;
}

export const PRINCIPAL_COLUMNS: readonly string[] = requiredColumns(SHAPES.principals.layouts[0]);

export function parsePrincipalRows(table: ResultTable): PrincipalRow[] {
  return readAnswer(table, SHAPES.principals, (row) => {
    const assignment = row.optionalString('RoleAssignmentIdentifier');
    return {
      role: row.string('Role'),
      principalType: row.string('PrincipalType'),
      displayName: row.string('PrincipalDisplayName'),
      objectId: row.string('PrincipalObjectId'),
      fqn: row.string('PrincipalFQN'),
      notes: row.string('Notes'),
      ...(assignment ? { roleAssignmentIdentifier: assignment } : {}),
    };
  });
}

// A generated management command is data before it is text in an editor or a request on the wire.
import type { PolicyScope } from '../scope';
import { checkSingleCommand } from './oneCommand';

export interface ManagementCommand {
  /** The command text, starting with a dot. */
  readonly text: string;
  /** Whether it acts on the whole cluster or on one database. */
  readonly scope: PolicyScope;
  /** The database the request must be sent to; set whenever the scope is a database. */
  readonly database?: string;
  /** True when running it replaces or removes something (alter-replace, delete, drop). */
  readonly destructive: boolean;
}

/** Where a cluster- or database-level command applies. */
export type Target = { readonly scope: 'cluster' } | { readonly scope: 'database'; readonly database: string };

export function clusterCommand(text: string, destructive = false): ManagementCommand {
  return { text: checkSingleCommand(text), scope: 'cluster', destructive };
}

export function databaseCommand(text: string, database: string, destructive = false): ManagementCommand {
  return { text: checkSingleCommand(text), scope: 'database', database, destructive };
}

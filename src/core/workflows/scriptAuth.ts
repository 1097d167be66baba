// Auth modes the service masks in `.show external tables`, read back from the `.kql` script that created the table.
import { describeConnection, type ExternalConnection, type ExternalTableRow } from '../results/externalTables';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The connection strings of `.create|.create-or-alter|.alter external table NAME … ( '…', … )` in the script. */
export function scriptConnections(script: string, table: string): ExternalConnection[] | undefined {
  const name = `(?:${escape(table)}|\\[\\s*['"]${escape(table)}['"]\\s*\\])`;
  const head = new RegExp(`^\\s*\\.(?:create-or-alter|create|alter)\\s+external\\s+table\\s+${name}\\s*\\(`, 'im');
  const at = script.search(head);
  if (at < 0) return undefined;
  // The command runs to the next line that starts another command (or a blank line, the script separator).
  const rest = script.slice(at);
  const end = rest.slice(1).search(/\n\s*(?:\.|\n)/);
  const text = end < 0 ? rest : rest.slice(0, end + 1);
  const literals = [...text.matchAll(/[hH]?@?'((?:[^'\\]|\\.)*)'|[hH]?@?"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => m[1] ?? m[2],
  );
  const strings = literals.filter((s) => /:\/\/|\b(server|data source|address)\s*=/i.test(s));
  return strings.length ? strings.map(describeConnection) : undefined;
}

/** The table with masked connections replaced by the script's, when the script defines it; `fromScript` says so. */
export function revealHidden(
  t: ExternalTableRow,
  script: string | undefined,
): { readonly table: ExternalTableRow; readonly fromScript: boolean } {
  if (script === undefined || !t.connections.some((c) => c.auth.mode === 'hidden'))
    return { table: t, fromScript: false };
  const read = scriptConnections(script, t.name);
  return read ? { table: { ...t, connections: read }, fromScript: true } : { table: t, fromScript: false };
}

// What a destructive command typed in the editor would take away, read from the cluster just before asking.
import { databaseCommand, clusterCommand } from '../../core/commands';
import type { LiveRead } from '../../core/editor/destructive';
import { cellText } from '../results/format';
import { parseContinuousExportRows, parsePrincipalRows } from '../../core/results';
import type { ClusterRef } from '../../services/catalog';
import type { Operations } from '../../services/operations/operations';

const MAX = 1200;

/** Lines saying what is there now; undefined when nothing can be read (the modal still says what is lost). */
export async function liveLoss(
  ops: Operations,
  ref: ClusterRef,
  read: LiveRead | undefined,
  database: string | undefined,
): Promise<string | undefined> {
  if (!read) return undefined;
  const command = database ? databaseCommand(read.show, database) : clusterCommand(read.show);
  try {
    const table = await ops.run.command(ref, command);
    if (read.kind === 'principals') {
      const role = read.role.replace(/s$/, '').toLowerCase();
      const rows = parsePrincipalRows(table).filter(
        (r) =>
          r.role.toLowerCase().replace(/\s+/g, '').endsWith(role) &&
          (!read.fqns.length || read.fqns.some((f) => f.toLowerCase() === r.fqn.toLowerCase())),
      );
      return rows.length
        ? `Now (just read):\n${rows.map((r) => `− ${r.role}: ${r.displayName || r.fqn} (${r.fqn})`).join('\n')}`
        : 'Now (just read): no such principal in that role, so nothing would be removed.';
    }
    if (read.kind === 'export') {
      const [e] = parseContinuousExportRows(table);
      return e
        ? `Now (just read): ${e.name} → ${e.externalTableName}, ${e.isDisabled ? 'disabled' : 'enabled'}, exported to ${e.exportedTo?.toISOString() ?? 'nothing yet'}\nQuery: ${e.query}`
        : undefined;
    }
    const policy = table.columns.findIndex((c) => c.name === 'Policy');
    const text = policy < 0 ? '' : table.rows.map((r) => cellText(r[policy])).join('\n');
    return text && text !== 'null'
      ? `The policy now (just read):\n${text.length > MAX ? `${text.slice(0, MAX)}…` : text}`
      : 'There is no such policy now.';
  } catch (e) {
    return `(Could not read it now: ${e instanceof Error ? e.message : String(e)})`;
  }
}

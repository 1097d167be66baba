// Copy as script for one database: its policy, principals of the cluster's identities, identity external tables and
// exports, from a cluster snapshot.
import {
  exportCommands,
  externalTableCommands,
  externalTableNotes,
  formatSnapshotScript,
  policyCommand,
  principalCommand,
  updatePolicyCommand,
  type ClusterSnapshot,
} from '../workflows/snapshot';

export { formatSnapshotScript };

/** The idempotent script of one database of the snapshot (the cluster policy is left out: it is not this database's). */
export function databaseScript(s: ClusterSnapshot, database: string): string {
  const d = s.databases.find((x) => x.name.toLowerCase() === database.toLowerCase());
  if (!d) throw new Error(`${database} is not in the snapshot (follower databases are read-only and left out)`);
  const commands = [
    policyCommand({ scope: 'database', database: d.name }, d.policy),
    ...d.principals.map((p) => principalCommand(d.name, p, s.systemObjectId)),
    ...externalTableCommands(d.name, d.externalTables),
    ...(d.updatePolicies ?? []).map((u) => updatePolicyCommand(d.name, u)),
    ...d.exports.flatMap((e) => exportCommands(d.name, e)),
  ];
  const out = [
    `// Identity configuration of database ${d.name} on ${s.cluster}, taken ${s.takenAt} by adx-identity. Running it again changes nothing.`,
    '',
  ];
  for (const c of commands) {
    if (!/^\.(alter|add|delete|drop) database /.test(c.text)) out.push(`// run in database ${d.name}`);
    out.push(c.text, '');
  }
  out.push(...externalTableNotes(undefined, d.externalTables));
  return `${out.join('\n').trimEnd()}\n`;
}

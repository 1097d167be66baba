// "What can this identity do here, and what breaks without it": one identity's access on a cluster, from gathered facts.
import { formatUses, usesOfIdentity, type IdentityUse } from '../operations/impact';
import { redact } from '../operations/redact';
import { buildClusterReport } from '../workflows/report';
import { entryMatches, resolveIdentity, roleName, type ResolvedIdentity } from '../workflows/identity';
import type { ClusterFacts } from '../workflows/types';

export interface ScopedUsages {
  /** `cluster`, or a database name. */
  readonly scope: string;
  readonly usages: readonly string[];
}

export interface DatabaseRoles {
  /** `cluster` for the cluster-wide roles (AllDatabasesAdmin…), else a database name. */
  readonly scope: string;
  readonly roles: readonly string[];
}

export interface IdentityExplanation {
  readonly cluster: string;
  readonly identity: ResolvedIdentity;
  /** The usages the managed identity policies allow it, by scope. */
  readonly usages: readonly ScopedUsages[];
  readonly roles: readonly DatabaseRoles[];
  /** Continuous exports, update policies, external tables and data connections that run as it. */
  readonly flows: readonly IdentityUse[];
  /** What stops working, or is left behind, if the identity is removed from the cluster. */
  readonly ifRemoved: readonly string[];
  /** What could not be read: an empty list above is not "none" there. */
  readonly gaps: readonly string[];
}

const FLOW_KINDS: readonly IdentityUse['kind'][] = ['export', 'updatePolicy', 'externalTable', 'dataConnection'];

const BREAKS: Record<string, string> = {
  export: 'stops exporting: each run fails to authenticate to the storage',
  updatePolicy: 'stops: ingestion into the source table fails or skips the update',
  externalTable: 'queries fail: the storage or SQL connection cannot authenticate',
  dataConnection: 'stops ingesting: the connection cannot authenticate to its source',
};

export function explainIdentity(facts: ClusterFacts, ref: string): IdentityExplanation {
  const identity = resolveIdentity(facts, ref);
  const usages: ScopedUsages[] = [];
  const at = (scope: string, entries: ClusterFacts['clusterPolicy']) => {
    const found = [...new Set((entries ?? []).filter((e) => entryMatches(e, identity)).flatMap((e) => e.usages))];
    if (found.length) usages.push({ scope, usages: found });
  };
  at('cluster', facts.clusterPolicy);
  for (const d of facts.databases) at(d.name, d.policy);

  const roles: DatabaseRoles[] = [];
  const rolesIn = (scope: string, rows: ClusterFacts['clusterPrincipals']) => {
    const mine = (rows ?? []).filter(
      (p) =>
        (!!identity.objectId && p.objectId?.toLowerCase() === identity.objectId.toLowerCase()) ||
        (identity.system && /^aadapp=system;/i.test(p.fqn)),
    );
    if (mine.length) roles.push({ scope, roles: [...new Set(mine.map((p) => roleName(p.role)))] });
  };
  rolesIn('cluster', facts.clusterPrincipals);
  for (const d of facts.databases) rolesIn(d.name, d.principals);

  const who = { system: identity.system, objectId: identity.objectId, resourceId: identity.resourceId };
  const flows = usesOfIdentity(facts, who).filter((u) => FLOW_KINDS.includes(u.kind));
  const ifRemoved = [
    ...flows.map((u) => `${formatUses([u])[0]} — ${BREAKS[u.kind]}`),
    ...usages.map(
      (u) =>
        `The ${u.scope === 'cluster' ? 'cluster' : `${u.scope} database`} managed identity policy keeps an entry for it (${u.usages.join(', ')}): remove it, or it allows an identity the cluster no longer has`,
    ),
    ...roles.map(
      (r) =>
        `Its ${r.roles.join(', ')} role${r.roles.length === 1 ? '' : 's'} on ${r.scope === 'cluster' ? 'the cluster' : r.scope} stay${r.roles.length === 1 ? 's' : ''} assigned to an object id nobody can sign in as`,
    ),
  ];
  if (!ifRemoved.length) ifRemoved.push('Nothing that was read uses it or grants it anything.');
  return {
    cluster: facts.name,
    identity,
    usages,
    roles,
    flows,
    ifRemoved,
    gaps: buildClusterReport(facts).gaps,
  };
}

export function formatExplanationMarkdown(x: IdentityExplanation): string {
  const i = x.identity;
  const out = [
    `# ${i.label} on ${x.cluster}`,
    '',
    `- Object id: ${i.objectId ?? 'unknown'}; client id: ${i.clientId ?? 'unknown'}${i.resourceId ? `; resource id: ${i.resourceId}` : ''}`,
    `- Assigned to the cluster: ${i.attached === undefined ? 'unknown' : i.attached ? 'yes' : 'no'} (${i.attachedReason})`,
    '',
    '## Usages the managed identity policies allow',
    '',
    ...(x.usages.length
      ? x.usages.map(
          (u) => `- ${u.scope === 'cluster' ? 'cluster policy' : `database ${u.scope}`}: ${u.usages.join(', ')}`,
        )
      : ['- none']),
    '',
    '## Roles',
    '',
    ...(x.roles.length
      ? x.roles.map((r) => `- ${r.scope === 'cluster' ? 'cluster' : `database ${r.scope}`}: ${r.roles.join(', ')}`)
      : ['- none']),
    '',
    '## Flows that run as it',
    '',
    ...(x.flows.length ? formatUses(x.flows).map((l) => `- ${l}`) : ['- none']),
    '',
    '## If it were removed from the cluster',
    '',
    ...x.ifRemoved.map((l) => `- ${l}`),
  ];
  if (x.gaps.length) out.push('', '## Not read', '', ...x.gaps.map((g) => `- ${g}`));
  return redact(`${out.join('\n')}\n`);
}

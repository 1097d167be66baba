// The cluster report: every identity × every database — usages allowed, roles held, and what uses it — as data and Markdown.
import { redact } from '../operations/redact';
import { entryMatches, identityOfResource, resolveIdentity, rolesOf, type ResolvedIdentity } from './identity';
import type { ClusterFacts, DatabaseFacts } from './types';

export interface IdentityCell {
  readonly database: string;
  /** `Usage (database)` or `Usage (cluster)`. */
  readonly usages: readonly string[];
  readonly roles: readonly string[];
  readonly exports: readonly string[];
  /** Update policies running as the identity: `Target ← Source`. */
  readonly updatePolicies: readonly string[];
  readonly externalTables: readonly string[];
  readonly dataConnections: readonly string[];
}

export interface IdentityReport {
  readonly identity: ResolvedIdentity;
  readonly cells: readonly IdentityCell[];
}

export interface ClusterReport {
  readonly cluster: string;
  readonly identities: readonly IdentityReport[];
  /** What could not be read, so an empty cell is not mistaken for "none". */
  readonly gaps: readonly string[];
}

/** The cluster's identities: ARM's, else those the policies and the exports / external tables name. */
export function clusterIdentities(facts: ClusterFacts): ResolvedIdentity[] {
  const refs: string[] = [];
  if (facts.identities) {
    if (facts.identities.system) refs.push('system');
    refs.push(...facts.identities.userAssigned.map((u) => u.principalId));
  }
  for (const e of [...(facts.clusterPolicy ?? []), ...facts.databases.flatMap((d) => d.policy ?? [])])
    refs.push(e.isSystem ? 'system' : e.objectId);
  for (const d of facts.databases) {
    for (const e of d.exports ?? []) if (e.managedIdentity) refs.push(e.managedIdentity);
    for (const u of d.updatePolicies ?? []) if (u.managedIdentity) refs.push(u.managedIdentity);
    for (const t of d.externalTables ?? [])
      for (const c of t.connections)
        if (c.auth.mode === 'managedIdentity' && c.auth.identity !== 'unknown') refs.push(c.auth.identity);
  }
  const out: ResolvedIdentity[] = [];
  for (const ref of refs) {
    const id = resolveIdentity(facts, ref);
    if (!out.some((x) => sameIdentity(x, id))) out.push(id);
  }
  return out;
}

export function sameIdentity(a: ResolvedIdentity, b: ResolvedIdentity): boolean {
  if (a.system || b.system) return a.system && b.system;
  return !!a.objectId && !!b.objectId && a.objectId.toLowerCase() === b.objectId.toLowerCase();
}

function usesIdentity(facts: ClusterFacts, id: ResolvedIdentity, ref: string): boolean {
  return sameIdentity(id, resolveIdentity(facts, ref));
}

function cell(facts: ClusterFacts, db: DatabaseFacts, id: ResolvedIdentity): IdentityCell {
  const usages = [
    ...(db.policy ?? []).filter((e) => entryMatches(e, id)).flatMap((e) => e.usages.map((u) => `${u} (database)`)),
    ...(facts.clusterPolicy ?? [])
      .filter((e) => entryMatches(e, id))
      .flatMap((e) => e.usages.map((u) => `${u} (cluster)`)),
  ];
  return {
    database: db.name,
    usages: [...new Set(usages)],
    roles: id.objectId ? rolesOf(id.objectId, db, facts) : [],
    exports: (db.exports ?? [])
      .filter((e) => e.managedIdentity && usesIdentity(facts, id, e.managedIdentity))
      .map((e) => e.name),
    updatePolicies: (db.updatePolicies ?? [])
      .filter((u) => u.managedIdentity && usesIdentity(facts, id, u.managedIdentity))
      .map((u) => `${u.table} ← ${u.source}`),
    externalTables: (db.externalTables ?? [])
      .filter((t) =>
        t.connections.some((c) => c.auth.mode === 'managedIdentity' && usesIdentity(facts, id, c.auth.identity)),
      )
      .map((t) => t.name),
    dataConnections: (db.dataConnections ?? [])
      .filter((d) => d.identityResourceId && sameIdentity(id, identityOfResource(facts, d.identityResourceId)))
      .map((d) => d.name),
  };
}

export function buildClusterReport(facts: ClusterFacts): ClusterReport {
  const gaps = [
    ...Object.entries(facts.errors).map(([k, v]) => `${k}: ${v}`),
    ...facts.databases.flatMap((d) => Object.entries(d.errors).map(([k, v]) => `${d.name} ${k}: ${v}`)),
    ...(facts.arm
      ? []
      : ['no ARM: identities come from the policies and what uses them; data connections are not visible']),
    // A masked connection string hides which identity a table uses: said, so an empty cell is not read as "none".
    ...facts.databases.flatMap((d) => {
      const hidden = (d.externalTables ?? []).filter((t) => t.connections.some((c) => c.auth.mode === 'hidden'));
      return hidden.length
        ? [
            `${d.name} external tables ${hidden.map((t) => t.name).join(', ')}: the service masks their connection strings, so the identity they use is hidden (see the .kql script that created them, or the portal)`,
          ]
        : [];
    }),
  ];
  return {
    cluster: facts.name,
    identities: clusterIdentities(facts).map((identity) => ({
      identity,
      cells: facts.databases.map((db) => cell(facts, db, identity)),
    })),
    gaps,
  };
}

const md = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
const list = (items: readonly string[]): string => (items.length ? items.map(md).join(', ') : '—');

export function formatClusterReportMarkdown(report: ClusterReport): string {
  const out = [`# Managed identities of ${md(report.cluster)}`, ''];
  out.push('| Identity | Object id | Client id | Assigned to the cluster |', '|---|---|---|---|');
  for (const { identity: i } of report.identities) {
    out.push(
      `| ${md(i.label)} | ${i.objectId ?? '?'} | ${i.clientId ?? '?'} | ${i.attached === undefined ? 'unknown' : i.attached ? 'yes' : 'no'} |`,
    );
  }
  if (!report.identities.length) out.push('| (none) | | | |');
  for (const { identity, cells } of report.identities) {
    out.push(
      '',
      `## ${md(identity.label)}`,
      '',
      '| Database | Usages allowed | Roles | Continuous exports | Update policies | External tables | Data connections |',
      '|---|---|---|---|---|---|---|',
    );
    for (const c of cells) {
      out.push(
        `| ${md(c.database)} | ${list(c.usages)} | ${list(c.roles)} | ${list(c.exports)} | ${list(c.updatePolicies)} | ${list(c.externalTables)} | ${list(c.dataConnections)} |`,
      );
    }
  }
  if (report.gaps.length) out.push('', '## Not read', '', ...report.gaps.map((g) => `- ${md(g)}`));
  return redact(`${out.join('\n')}\n`);
}

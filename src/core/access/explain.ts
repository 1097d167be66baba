// Failure explainer: an export failure, an ingestion failure or a data connection error mapped to the broken link of
// the chain (identity attached → policy usage → database role → role on the target → network path), with its fix.
import type { CheckResult, FlowReport } from '../workflows/types';
import type { ArmFix } from './fixes';
import type { ArmFixOffer } from './judge';

export type BrokenLink = 'attach' | 'policy' | 'databaseRole' | 'targetRole' | 'network' | 'credentials';

export interface FailureExplanation {
  readonly link: BrokenLink | 'unrecognised';
  /** The error code or phrase recognised in the text. */
  readonly matched?: string;
  readonly explanation: string;
  /** The report's checks of that link (with their fixes), when a report was given. */
  readonly checks: readonly CheckResult[];
}

interface Pattern {
  readonly link: BrokenLink;
  readonly re: RegExp;
  readonly code: string;
  readonly explanation: string;
}

// Order matters: the storage RBAC text starts like the firewall text, so the longer code comes first.
const PATTERNS: readonly Pattern[] = [
  {
    link: 'targetRole',
    code: 'AuthorizationPermissionMismatch',
    re: /AuthorizationPermissionMismatch|not authorized to perform this operation using this permission/i,
    explanation:
      'The storage service authenticated the identity but no role it holds covers the blob operation: grant Storage Blob Data Contributor (export) or Reader (read) on the account or container.',
  },
  {
    link: 'network',
    code: 'AuthorizationFailure',
    re: /AuthorizationFailure|This request is not authorized to perform this operation\.?(?! using)/i,
    explanation:
      'The storage firewall dropped the request before any role was checked: let the cluster through (resource instance rule, trusted services, or a managed private endpoint).',
  },
  {
    link: 'network',
    code: 'outbound restricted',
    re: /restrictOutboundNetworkAccess|outbound (network )?access .*(restricted|denied|not allowed)|not in the allowed ?fqdn/i,
    explanation:
      "The cluster's outbound network restriction blocked the call: add the host to allowedFqdnList or use a managed private endpoint.",
  },
  {
    link: 'network',
    code: 'Cosmos DB firewall',
    re: /blocked by your Cosmos DB account firewall|Request originated from (IP|client IP)/i,
    explanation:
      "The Cosmos DB account's firewall blocked the cluster: allow it (trusted services, IP rules) or use a private endpoint.",
  },
  {
    link: 'network',
    code: 'Event Hubs firewall',
    re: /Ip has been prevented to connect to the endpoint|IpFilter|not authorized to access this (namespace|resource) from this network/i,
    explanation:
      "The Event Hubs namespace's network rules blocked the cluster: let trusted Microsoft services through (Azure Data Explorer is one) or reach it through a managed private endpoint.",
  },
  {
    link: 'attach',
    code: 'BadRequest_InvalidManagedIdentity',
    re: /InvalidManagedIdentity|managed identity .*(is not|isn't|not) (assigned|attached|found|configured).*cluster|identity .* was not found on the cluster|cluster does not have (a|the) (system|user)[- ]assigned/i,
    explanation:
      'The identity is not assigned to the cluster (or the name/object id does not match one that is): assign it on the cluster, or name one that is.',
  },
  {
    link: 'policy',
    code: 'managed identity policy',
    re: /not allowed by (the )?managed ?identity policy|ManagedIdentity policy|usage[^.]*(is not|isn't|not) (allowed|permitted)|policy usage/i,
    explanation:
      'The managed identity policy does not allow this usage for the identity: merge the usage into the database (or cluster) policy.',
  },
  {
    link: 'databaseRole',
    code: 'not authorized to access database',
    re: /not authorized to (access|read|write to|ingest into) (the )?database|Forbidden \(403-Forbidden\)|Principal .* is not authorized/i,
    explanation:
      'The identity holds no role on the Kusto database that this step needs: add it as Viewer (read) or Ingestor (ingest).',
  },
  {
    link: 'targetRole',
    code: 'Event Hubs Listen',
    re: /'Listen' claim\(s\) are required|Unauthorized access.*Listen|does not have.*receive/i,
    explanation:
      'The Event Hub refused to let the identity receive: grant Azure Event Hubs Data Receiver on the namespace or Event Hub.',
  },
  {
    link: 'targetRole',
    code: 'Cosmos DB RBAC',
    re: /does not have required RBAC permissions to perform action|Request blocked by Auth/i,
    explanation:
      'Cosmos DB data access is granted by its own data-plane roles (sqlRoleAssignments), not Azure roles: assign Cosmos DB Built-in Data Reader.',
  },
  {
    link: 'targetRole',
    code: 'OpenAI PermissionDenied',
    re: /PermissionDenied.*(OpenAI|CognitiveServices)|lacks the required data action|principal does not have access to API\/Operation/i,
    explanation: 'The Azure OpenAI account refused the identity: grant Cognitive Services OpenAI User on the account.',
  },
  {
    link: 'credentials',
    code: 'AuthenticationFailed',
    re: /AuthenticationFailed|KeyBasedAuthenticationNotPermitted|Server failed to authenticate the request/i,
    explanation:
      'The store rejected the credentials themselves (an expired SAS, shared keys turned off, a token for another tenant): recreate the connection with a managed identity or a valid secret.',
  },
];

const CHECKS_OF: Record<BrokenLink, (c: CheckResult) => boolean> = {
  attach: (c) => c.id === 'identity-attached',
  policy: (c) => c.id === 'policy-allows',
  databaseRole: (c) => /^role-/.test(c.id),
  targetRole: (c) => c.id === 'target-role',
  network: (c) => c.id === 'target-network' || c.id === 'cluster-outbound',
  credentials: (c) => c.id === 'connection-auth' || c.id === 'external-table-auth',
};

/** Which link of the chain a failure text points at; with the flow's report, the checks (and fixes) of that link. */
export function explainFailure(text: string, report?: FlowReport): FailureExplanation {
  const p = PATTERNS.find((x) => x.re.test(text));
  if (!p)
    return {
      link: 'unrecognised',
      explanation:
        'This failure does not name a permission or network problem known here; the readiness checks above still list every link of the chain.',
      checks: report ? report.checks.filter((c) => c.verdict !== 'passed') : [],
    };
  const checks = report ? report.checks.filter(CHECKS_OF[p.link]) : [];
  const failing = checks.filter((c) => c.verdict !== 'passed');
  return { link: p.link, matched: p.code, explanation: p.explanation, checks: failing.length ? failing : checks };
}

export const LINK_TITLES: Record<FailureExplanation['link'], string> = {
  attach: 'identity attached to the cluster',
  policy: 'managed identity policy usage',
  databaseRole: 'Kusto database role',
  targetRole: 'role on the target resource',
  network: 'network path',
  credentials: 'connection credentials',
  unrecognised: 'not recognised',
};

/** The failure a report records (a continuous export's last run or its recent failures), explained; else undefined. */
export function explainReport(report: FlowReport): (FailureExplanation & { readonly failure: string }) | undefined {
  if (report.flow !== 'continuous-export') return undefined;
  const failed = ['last-run', 'failures-7d']
    .map((id) => report.checks.find((c) => c.id === id && c.verdict === 'failed'))
    .find((c) => c !== undefined);
  if (!failed) return undefined;
  return { ...explainFailure(failed.reason, report), failure: failed.reason };
}

/** What an ARM fix changes, in words: the role, the scope and the identity (or the rule and the resource). */
export function armFixSummary(fix: ArmFix): string {
  switch (fix.kind) {
    case 'roleAssignment':
      return `${fix.request.method} a role assignment: role ${fix.roleName}, scope ${fix.scope}, identity ${fix.identityLabel} (object id ${fix.principalId}, ServicePrincipal)`;
    case 'cosmosSqlRoleAssignment':
      return `${fix.request.method} a Cosmos DB SQL role assignment: role ${fix.roleName}, scope ${fix.scope}, identity ${fix.identityLabel} (object id ${fix.principalId})`;
    case 'storageResourceAccessRule':
      return `${fix.request.method} the storage account ${fix.accountId}: add a resource instance rule for ${fix.rule.resourceId} (tenant ${fix.rule.tenantId})`;
    case 'eventHubTrustedServices':
      return `${fix.request.method} the network rules of ${fix.namespaceId}: trustedServiceAccessEnabled true (defaultAction ${fix.ruleSet.defaultAction}, ${fix.ruleSet.ipRules.length} IP and ${fix.ruleSet.virtualNetworkRules.length} virtual network rule(s) kept)`;
    case 'clusterAllowedFqdn':
      return `${fix.request.method} the cluster ${fix.clusterId}: add ${fix.fqdn} to allowedFqdnList`;
  }
}

/** Whether the caller may apply an offered fix, in words. */
export function armFixPermission(offer: ArmFixOffer): string {
  if (offer.canApply === 'yes') return 'you may apply it';
  if (offer.canApply === 'no') return `you may not apply it: ${offer.whyNot ?? 'copy the az command or the Bicep'}`;
  return `whether you may apply it is unknown${offer.whyNot ? ` (${offer.whyNot})` : ''}`;
}

/** An offered ARM fix as indented text lines: what the request does, whether the caller may, the az and Bicep text. */
export function armFixLines(offer: ArmFixOffer, indent = ''): string[] {
  return [
    `${indent}ARM fix: ${offer.fix.title}`,
    `${indent}  ${armFixSummary(offer.fix)}`,
    `${indent}  ${armFixPermission(offer)}`,
    `${indent}  az: ${offer.fix.az}`,
    `${indent}  bicep:`,
    ...offer.fix.bicep.split('\n').map((l) => (l ? `${indent}    ${l}` : '')),
  ];
}

/** An explanation as indented text lines: the failure, the broken link, why, and the checks (with fixes) to act on. */
export function explanationLines(e: FailureExplanation & { readonly failure?: string }, indent = ''): string[] {
  return [
    `${indent}broken link: ${LINK_TITLES[e.link]}${e.matched ? ` (${e.matched})` : ''}`,
    `${indent}why: ${e.explanation}`,
    ...e.checks.map(
      (c) =>
        `${indent}fix: see [${c.verdict === 'failed' ? 'FAIL' : c.verdict === 'passed' ? 'PASS' : '????'}] ${c.title}${c.subject && !c.title.includes(c.subject) ? ` (${c.subject})` : ''}${c.armFixes?.length ? ` — ${c.armFixes.map((o) => o.fix.title).join('; ')}` : c.fixes.length ? ` — ${c.fixes.map((f) => f.text).join('; ')}` : ''}`,
    ),
  ];
}

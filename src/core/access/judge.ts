// Turns what ARM shows of a target resource (its role assignments, firewall, the cluster's network settings) into
// readiness checks with fixes. The gatherer in src/services fills `TargetFacts`; nothing here reads the network.
import { check, type CheckResult, type Verdict } from '../workflows/types';
import { BUILT_IN_ROLES, type RoleDefinitionFacts } from './builtInRoles';
import { evaluateCosmosRole, type CosmosRoleAssignmentFacts, type CosmosRoleDefinitionFacts } from './cosmos';
import {
  clusterFqdnFix,
  cosmosRoleAssignmentFix,
  eventHubTrustedServicesFix,
  FIX_WRITE_ACTION,
  roleAssignmentFix,
  storageResourceRuleFix,
  type ArmFix,
} from './fixes';
import { NEEDS, type NeedKey } from './needs';
import {
  evaluateEventHubNetwork,
  evaluateOutbound,
  evaluateStorageNetwork,
  type ClusterNetworkFacts,
  type EventHubNetworkFacts,
  type NetworkEvaluation,
  type NetworkRemedy,
  type StorageNetworkFacts,
} from './network';
import { evaluateRole, type DenyAssignmentFacts, type RoleAssignmentFacts } from './rbac';

export type TargetKind = 'storage' | 'eventhub' | 'cosmos' | 'openai' | 'iothub';

/** The control-plane action that lets the caller change a target itself (its firewall, its data roles). */
export const TARGET_WRITE_ACTION: Readonly<Record<TargetKind, string>> = {
  storage: FIX_WRITE_ACTION.storageResourceAccessRule,
  eventhub: FIX_WRITE_ACTION.eventHubTrustedServices,
  cosmos: FIX_WRITE_ACTION.cosmosSqlRoleAssignment,
  openai: 'Microsoft.CognitiveServices/accounts/write',
  iothub: 'Microsoft.Devices/IotHubs/write',
};

/** What a flow reaches on another resource, as the core finds it in the cluster's configuration. */
export interface TargetRequest {
  readonly key: string;
  readonly kind: TargetKind;
  /** The account or namespace name (storage: from the URL host). */
  readonly name: string;
  /** Known from a data connection; storage accounts are found by name. */
  readonly resourceId?: string;
  /** The resource id the data action runs on (container, Event Hub), when it can be told from the configuration. */
  readonly scopeSuffix?: string;
  readonly host?: string;
  readonly principals: readonly string[];
}

export interface PrincipalRoleFacts {
  readonly assignments?: readonly RoleAssignmentFacts[];
  readonly groupAssignments?: readonly RoleAssignmentFacts[];
  readonly error?: string;
}

/** Whether the signed-in user may write role assignments at the resource (`Microsoft.Authorization/roleAssignments/write`). */
export interface CallerPermission {
  readonly canWriteRoleAssignments?: boolean;
  readonly canWriteResource?: boolean;
  readonly error?: string;
}

export interface TargetFacts {
  readonly key: string;
  readonly kind: TargetKind;
  readonly name: string;
  /** Why the resource could not be found or read: the checks become `unknown` with this reason. */
  readonly missing?: string;
  readonly resourceId?: string;
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  readonly storage?: StorageNetworkFacts;
  readonly eventHub?: EventHubNetworkFacts;
  readonly roles?: Readonly<Record<string, PrincipalRoleFacts>>;
  readonly definitions?: Readonly<Record<string, RoleDefinitionFacts>>;
  readonly denyAssignments?: readonly DenyAssignmentFacts[];
  readonly denyError?: string;
  readonly cosmos?: {
    readonly assignments?: readonly CosmosRoleAssignmentFacts[];
    readonly definitions?: readonly CosmosRoleDefinitionFacts[];
    readonly error?: string;
  };
  readonly caller?: CallerPermission;
}

export interface ArmFixOffer {
  readonly fix: ArmFix;
  /** Whether the signed-in user may apply it: `no` means offer only the az / Bicep text. */
  readonly canApply: 'yes' | 'no' | 'unknown';
  readonly whyNot?: string;
}

export interface OtherEndFacts {
  readonly targets?: Readonly<Record<string, TargetFacts>>;
  readonly network?: ClusterNetworkFacts;
  readonly networkError?: string;
}

/** A storage URL taken apart: `https://{account}.blob.core.windows.net/{container}/…` or `abfss://{fs}@{account}.dfs.…`. */
export function storageTargetOf(location: string): { account: string; host: string; container?: string } | undefined {
  const abfs = /^abfss?:\/\/([^@/]+)@(([a-z0-9]+)\.dfs\.[^/;]+)/i.exec(location);
  if (abfs) return { account: abfs[3].toLowerCase(), host: abfs[2].toLowerCase(), container: abfs[1] };
  const https = /^https?:\/\/(([a-z0-9]+)\.(?:blob|dfs)\.[^/;]+)(?:\/([^/;?]+))?/i.exec(location);
  if (https)
    return {
      account: https[2].toLowerCase(),
      host: https[1].toLowerCase(),
      ...(https[3] ? { container: https[3] } : {}),
    };
  return undefined;
}

export const storageKey = (account: string): string => `storage:${account.toLowerCase()}`;
export const resourceKey = (id: string): string => id.toLowerCase();

const offer = (fix: ArmFix, caller: CallerPermission | undefined, write: 'role' | 'resource'): ArmFixOffer => {
  const can = write === 'role' ? caller?.canWriteRoleAssignments : caller?.canWriteResource;
  if (can === true) return { fix, canApply: 'yes' };
  if (can === false)
    return {
      fix,
      canApply: 'no',
      whyNot:
        write === 'role'
          ? `you may not write role assignments at ${fix.kind === 'roleAssignment' ? fix.scope : 'this resource'} (Microsoft.Authorization/roleAssignments/write): copy the az command or the Bicep for someone who may`
          : 'you may not change this resource: copy the az command or the Bicep for someone who may',
    };
  return {
    fix,
    canApply: 'unknown',
    ...(caller?.error ? { whyNot: `your permissions could not be read: ${caller.error}` } : {}),
  };
};

/** A check of the other end: no Kusto fix, its Azure fixes if any, advice only when there is some. */
function result(
  id: string,
  title: string,
  verdict: Verdict,
  reason: string,
  subject: string,
  armFixes: readonly ArmFixOffer[] = [],
  advice?: string,
): CheckResult {
  return check(id, title, verdict, reason, { subject, armFixes, ...(advice ? { advice } : {}) });
}

export interface JudgeIdentity {
  readonly objectId?: string;
  readonly label: string;
}

const SEE = {
  storage: 'Reader on the storage account (or its subscription) would show it',
  eventhub: 'Reader on the Event Hubs namespace would show it',
  cosmos: 'Reader on the Cosmos DB account would show it',
  openai: 'Reader on the Azure OpenAI account would show it',
  iothub: 'Reader on the IoT Hub would show it',
} as const;

const privateEndpointAdvice = (name: string, resourceId: string | undefined, groupId: string, on: string): string =>
  `Create a managed private endpoint from the cluster to ${name} (group ${groupId}) and approve it on the ${on}: az kusto managed-private-endpoint create --cluster-name <cluster> --resource-group <rg> --name pe-${name} --private-link-resource-id ${resourceId} --group-id ${groupId}`;

/** The identity's role on a target (Microsoft.Authorization), judged against the flow's need. */
export function targetRoleCheck(
  target: TargetFacts | undefined,
  request: TargetRequest,
  identity: JudgeIdentity,
  needKey: NeedKey,
  subject: string,
): CheckResult {
  const need = NEEDS[needKey];
  const title = `${identity.label} holds a role for ${need.title} on ${request.name}`;
  if (!target)
    return result(
      'target-role',
      title,
      'unknown',
      `${request.name} was not looked up (ARM is not known here); ${SEE[request.kind]}`,
      subject,
    );
  if (target.missing) return result('target-role', title, 'unknown', target.missing, subject);
  if (!identity.objectId)
    return result(
      'target-role',
      title,
      'unknown',
      `the object id of ${identity.label} is not known, so its role assignments cannot be matched`,
      subject,
    );
  const roles = target.roles?.[identity.objectId.toLowerCase()];
  if (!roles || roles.error || !roles.assignments)
    return result(
      'target-role',
      title,
      'unknown',
      `could not read the role assignments on ${target.name}${roles?.error ? `: ${roles.error}` : ''}; Reader (Microsoft.Authorization/roleAssignments/read) on it would show them`,
      subject,
    );
  const scope = `${target.resourceId}${request.scopeSuffix ?? ''}`;
  const evaluation = evaluateRole({
    principalId: identity.objectId,
    targetScope: scope,
    assignments: roles.assignments,
    groupAssignments: roles.groupAssignments,
    definitions: new Map(Object.entries(target.definitions ?? {})),
    denyAssignments: target.denyAssignments,
    need,
  });
  if (evaluation.verdict !== 'failed') {
    // Deny assignments that could not be read leave a grant standing: they are rare, and ARM lists them for Readers.
    const note =
      target.denyError && evaluation.verdict === 'passed'
        ? ` (deny assignments could not be read: ${target.denyError})`
        : '';
    return result('target-role', title, evaluation.verdict, `${evaluation.reason}${note}`, subject);
  }
  // The grant goes on the account / namespace (what the docs ask for), not the container.
  const fix = roleAssignmentFix({
    scope: target.resourceId!,
    role: need.grant,
    principalId: identity.objectId,
    identityLabel: identity.label,
  });
  return result('target-role', title, 'failed', evaluation.reason, subject, [offer(fix, target.caller, 'role')]);
}

/** The Cosmos DB data-plane role (sqlRoleAssignments). */
export function cosmosRoleCheck(
  target: TargetFacts | undefined,
  request: TargetRequest,
  identity: JudgeIdentity,
  subject: string,
): CheckResult {
  const title = `${identity.label} holds a Cosmos DB data role on ${request.name}`;
  if (!target)
    return result('target-role', title, 'unknown', `${request.name} was not looked up; ${SEE.cosmos}`, subject);
  if (target.missing) return result('target-role', title, 'unknown', target.missing, subject);
  if (!identity.objectId)
    return result('target-role', title, 'unknown', `the object id of ${identity.label} is not known`, subject);
  if (!target.cosmos?.assignments)
    return result(
      'target-role',
      title,
      'unknown',
      `could not read the sqlRoleAssignments of ${target.name}${target.cosmos?.error ? `: ${target.cosmos.error}` : ''}`,
      subject,
    );
  const e = evaluateCosmosRole({
    principalId: identity.objectId,
    accountId: target.resourceId!,
    target: `${target.resourceId}${request.scopeSuffix ?? ''}`,
    assignments: target.cosmos.assignments,
    definitions: target.cosmos.definitions ?? [],
  });
  if (e.verdict !== 'failed') return result('target-role', title, e.verdict, e.reason, subject);
  const fix = cosmosRoleAssignmentFix({
    accountId: target.resourceId!,
    principalId: identity.objectId,
    identityLabel: identity.label,
  });
  // sqlRoleAssignments/write is a control-plane action on the account, not roleAssignments/write.
  return result('target-role', title, 'failed', e.reason, subject, [offer(fix, target.caller, 'resource')]);
}

type NetworkFacts = OtherEndFacts & { resourceId?: string; tenantId?: string };

/**
 * The network path to a target, as both kinds of target judge it: unknown until the target's rules were read and the
 * cluster's resource id is known; then the target's own evaluation, with the fix it names or private endpoint advice.
 */
function networkCheck<R>(
  target: TargetFacts | undefined,
  request: TargetRequest,
  facts: NetworkFacts,
  subject: string,
  side: {
    /** The target's own rules (firewall, network rule set), when they were read. */
    readonly rules: R | undefined;
    readonly notRead: string;
    /** What cannot be matched without the cluster's resource id. */
    readonly unmatched: string;
    /** Where a private endpoint is approved (`account`, `namespace`). */
    readonly on: string;
    evaluate(rules: R, cluster: ClusterNetworkFacts): NetworkEvaluation;
    fix(rules: R, remedy: NetworkRemedy): ArmFix | undefined;
  },
): CheckResult {
  const title = `The network lets the cluster reach ${request.name}`;
  if (!target || target.missing || side.rules === undefined)
    return result('target-network', title, 'unknown', target?.missing ?? side.notRead, subject);
  if (!facts.resourceId)
    return result(
      'target-network',
      title,
      'unknown',
      `the cluster's resource id is not known, so ${side.unmatched} cannot be matched`,
      subject,
    );
  const rules = side.rules;
  const e = side.evaluate(rules, facts.network ?? { resourceId: facts.resourceId, tenantId: facts.tenantId });
  const fix = e.remedy && side.fix(rules, e.remedy);
  const advice =
    e.remedy?.kind === 'privateEndpoint'
      ? privateEndpointAdvice(request.name, target.resourceId, e.remedy.groupId, side.on)
      : undefined;
  return result(
    'target-network',
    title,
    e.verdict,
    e.reason,
    subject,
    fix ? [offer(fix, target.caller, 'resource')] : [],
    advice,
  );
}

/** The storage firewall between the cluster and the account. */
export function storageNetworkCheck(
  target: TargetFacts | undefined,
  request: TargetRequest,
  facts: NetworkFacts,
  subject: string,
): CheckResult {
  return networkCheck(target, request, facts, subject, {
    rules: target?.storage,
    notRead: `the firewall of ${request.name} was not read; ${SEE.storage}`,
    unmatched: 'resource instance rules',
    on: 'account',
    evaluate: (storage, cluster) =>
      evaluateStorageNetwork(
        { ...storage, tenantId: storage.tenantId ?? target?.tenantId },
        cluster,
        request.host ?? `${request.name}.blob.core.windows.net`,
      ),
    fix: (storage, remedy) =>
      remedy.kind === 'resourceAccessRule'
        ? storageResourceRuleFix(storage, { tenantId: remedy.tenantId, resourceId: remedy.resourceId })
        : undefined,
  });
}

/** The Event Hubs namespace's network rules between the cluster and a data connection's source. */
export function eventHubNetworkCheck(
  target: TargetFacts | undefined,
  request: TargetRequest,
  facts: NetworkFacts,
  subject: string,
): CheckResult {
  return networkCheck(target, request, facts, subject, {
    rules: target?.eventHub,
    notRead: `the network rules of ${request.name} were not read; ${SEE.eventhub}`,
    unmatched: 'its managed private endpoints',
    on: 'namespace',
    evaluate: (ns, cluster) => evaluateEventHubNetwork({ ...ns, tenantId: ns.tenantId ?? target?.tenantId }, cluster),
    fix: (ns, remedy) => (remedy.kind === 'trustedServiceAccess' ? eventHubTrustedServicesFix(ns) : undefined),
  });
}

/** The cluster's own outbound restriction for the target host. */
export function outboundCheck(
  request: TargetRequest,
  facts: OtherEndFacts & { resourceId?: string },
  targetId: string | undefined,
  subject: string,
): CheckResult | undefined {
  const host = request.host;
  if (!host) return undefined;
  const title = `The cluster may call out to ${host}`;
  if (!facts.network)
    return facts.networkError
      ? result(
          'cluster-outbound',
          title,
          'unknown',
          `could not read the cluster's network settings: ${facts.networkError}`,
          subject,
        )
      : undefined;
  const e = evaluateOutbound(facts.network, host, targetId);
  const fixes =
    e.remedy?.kind === 'allowedFqdn'
      ? [
          {
            fix: clusterFqdnFix(facts.network.resourceId, facts.network.allowedFqdnList ?? [], e.remedy.fqdn),
            canApply: 'unknown' as const,
          },
        ]
      : [];
  return result('cluster-outbound', title, e.verdict, e.reason, subject, fixes);
}

/** Role, firewall and outbound checks for one storage location reached by `identity`. */
export function storageChecks(
  facts: NetworkFacts,
  location: string,
  identity: JudgeIdentity,
  write: boolean,
  subject: string,
): CheckResult[] | undefined {
  const parsed = storageTargetOf(location);
  if (!parsed || !facts.targets) return undefined;
  const request: TargetRequest = {
    key: storageKey(parsed.account),
    kind: 'storage',
    name: parsed.account,
    host: parsed.host,
    principals: identity.objectId ? [identity.objectId] : [],
    ...(parsed.container ? { scopeSuffix: `/blobServices/default/containers/${parsed.container}` } : {}),
  };
  const target = facts.targets[request.key];
  const out = [
    targetRoleCheck(target, request, identity, write ? 'storageWrite' : 'storageRead', subject),
    storageNetworkCheck(target, request, facts, subject),
  ];
  const outbound = outboundCheck(request, facts, target?.resourceId, subject);
  return outbound ? [...out, outbound] : out;
}

export const GRANT_NAMES = {
  storageWrite: BUILT_IN_ROLES.storageBlobDataContributor.roleName,
  storageRead: BUILT_IN_ROLES.storageBlobDataReader.roleName,
} as const;

// Checks of one `ObjectId` value: the usual ways people write something other than an object id.
import { isGuid, sameGuid } from '../guid';
import { diagnostic, replace } from './make';
import type { ClusterIdentities, Diagnostic, UserAssignedIdentity } from './types';

/** Where the string's content sits in the policy text; `exact` is false when escapes make offsets unsafe for fixes. */
export interface ValueSpan {
  readonly offset: number;
  readonly length: number;
  readonly exact: boolean;
}

const SYSTEM_SPELLINGS = new Set([
  'systemassigned',
  'systemassignedidentity',
  'systemassignedmanagedidentity',
  'systemidentity',
]);

export function checkObjectId(id: string, at: ValueSpan, cluster: ClusterIdentities | undefined): Diagnostic[] {
  const fix = (title: string, newText: string) =>
    at.exact ? replace(title, at.offset, at.length, newText) : undefined;
  const d = (code: Parameters<typeof diagnostic>[0], message: string, f?: ReturnType<typeof fix>) => [
    diagnostic(code, at.offset, at.length, message, f),
  ];

  if (id === 'system') return systemOnCluster(at, cluster);
  if (id.toLowerCase() === 'system') {
    return [
      ...d(
        'MIP111',
        `Write the system-assigned identity as 'system' (lower case), not '${id}'.`,
        fix("Replace with 'system'", 'system'),
      ),
      ...systemOnCluster(at, cluster),
    ];
  }
  if (SYSTEM_SPELLINGS.has(id.toLowerCase().replace(/[\s_-]/g, ''))) {
    return d(
      'MIP009',
      `'${id}' is not how the policy names the system-assigned identity: write 'system'.`,
      fix("Replace with 'system'", 'system'),
    );
  }
  if (isGuid(id)) return guidOnCluster(id, at, cluster, fix);
  if (/^\/subscriptions\//i.test(id)) return resourceId(id, cluster, d, fix);
  if (id.trim() === '')
    return d('MIP008', "ObjectId is empty: give the identity's object (principal) id, or 'system'.");
  if (/^<.*>$/.test(id.trim())) {
    return d(
      'MIP008',
      `'${id}' is a placeholder: replace it with the identity's object (principal) id, or 'system' for the system-assigned identity.`,
    );
  }
  const inner = /^\{(.*)\}$/.exec(id)?.[1];
  if (inner !== undefined && isGuid(inner))
    return d('MIP008', 'Write the GUID without braces.', fix('Remove the braces', inner));
  const named = cluster?.userAssigned.find((u) => u.name !== undefined && u.name.toLowerCase() === id.toLowerCase());
  if (named) {
    return d(
      'MIP008',
      `'${id}' is the identity's name; the policy needs its object (principal) id ${named.principalId}.`,
      fix('Use the object id', named.principalId),
    );
  }
  return d('MIP008', `'${id}' is neither a GUID (8-4-4-4-12 hexadecimal digits) nor 'system'.`);
}

function systemOnCluster(at: ValueSpan, cluster: ClusterIdentities | undefined): Diagnostic[] {
  if (cluster === undefined || cluster.systemAssigned) return [];
  return [
    diagnostic(
      'MIP110',
      at.offset,
      at.length,
      'The cluster has no system-assigned identity: turn it on in Azure first, or the policy change will fail.',
    ),
  ];
}

function guidOnCluster(
  id: string,
  at: ValueSpan,
  cluster: ClusterIdentities | undefined,
  fix: (title: string, newText: string) => ReturnType<typeof replace> | undefined,
): Diagnostic[] {
  if (cluster === undefined || cluster.userAssigned.some((u) => sameGuid(u.principalId, id))) return [];
  const byClient = cluster.userAssigned.find((u) => u.clientId !== undefined && sameGuid(u.clientId, id));
  if (byClient) {
    return [
      diagnostic(
        'MIP011',
        at.offset,
        at.length,
        `${id} is the client id of ${label(byClient)}; the policy needs its object (principal) id ${byClient.principalId}.`,
        fix('Use the object id', byClient.principalId),
      ),
    ];
  }
  const known = cluster.userAssigned.length;
  return [
    diagnostic(
      'MIP109',
      at.offset,
      at.length,
      `${id} is not one of the cluster's identities (${known} user-assigned${cluster.systemAssigned ? ' and the system-assigned one' : ''}); assign it to the cluster in Azure first, or the policy change will fail.`,
    ),
  ];
}

function resourceId(
  id: string,
  cluster: ClusterIdentities | undefined,
  d: (code: 'MIP010', message: string, f?: ReturnType<typeof replace>) => Diagnostic[],
  fix: (title: string, newText: string) => ReturnType<typeof replace> | undefined,
): Diagnostic[] {
  if (/\/providers\/Microsoft\.Kusto\/clusters\/[^/]+\/?$/i.test(id)) {
    return d(
      'MIP010',
      "This is the cluster's resource id: for its system-assigned identity write 'system'.",
      fix("Replace with 'system'", 'system'),
    );
  }
  const name = /\/userAssignedIdentities\/([^/]+)\/?$/i.exec(id)?.[1];
  const match =
    name === undefined ? undefined : cluster?.userAssigned.find((u) => u.name?.toLowerCase() === name.toLowerCase());
  if (match) {
    return d(
      'MIP010',
      `This is the resource id of ${label(match)}; the policy needs its object (principal) id ${match.principalId}.`,
      fix('Use the object id', match.principalId),
    );
  }
  return d(
    'MIP010',
    "This is an Azure resource id; the policy needs the identity's object (principal) id, a GUID (shown as 'Principal ID' in the portal).",
  );
}

function label(u: UserAssignedIdentity): string {
  return u.name ? `the identity '${u.name}'` : 'a user-assigned identity of the cluster';
}

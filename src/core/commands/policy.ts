// Managed identity policy commands at cluster or database scope: show, alter (replace), alter-merge, delete.
import { findUsage, findUsageIgnoringCase, usageAllowedAt } from '../usages';
import { KqlInputError, inField } from '../kql/errors';
import { checkEntityName, quoteName } from '../kql/names';
import { multilineLiteral } from '../kql/literals';
import { checkObjectId } from '../kql/values';
import { clusterCommand, databaseCommand, type ManagementCommand, type Target } from './command';

/** One identity the policy allows, as a user writes it. */
export interface PolicyEntryInput {
  /** Object id (GUID) of a user-assigned identity, or `system`. */
  readonly objectId: string;
  readonly usages: readonly string[];
}

function targetText(target: Target): string {
  return target.scope === 'cluster' ? 'cluster' : `database ${quoteName(target.database, 'database', 'database')}`;
}

function command(target: Target, text: string, destructive: boolean): ManagementCommand {
  return target.scope === 'cluster'
    ? clusterCommand(text, destructive)
    : databaseCommand(text, checkEntityName(target.database, 'database', 'database'), destructive);
}

export function buildShowPolicyCommand(target: Target): ManagementCommand {
  return command(target, `.show ${targetText(target)} policy managed_identity`, false);
}

export function buildDeletePolicyCommand(target: Target): ManagementCommand {
  return command(target, `.delete ${targetText(target)} policy managed_identity`, true);
}

/** `.alter` replaces the whole policy (destructive); `merge: true` builds `.alter-merge`, which adds to it. */
export function buildAlterPolicyCommand(
  target: Target,
  entries: readonly PolicyEntryInput[],
  options: { merge?: boolean } = {},
): ManagementCommand {
  const json = JSON.stringify(policyJson(target, entries));
  const verb = options.merge ? '.alter-merge' : '.alter';
  return command(
    target,
    `${verb} ${targetText(target)} policy managed_identity ${multilineLiteral(json)}`,
    !options.merge,
  );
}

/** The policy array the service expects: `[{ObjectId, AllowedUsages}]`, usages comma-joined. */
export function policyJson(
  target: Target,
  entries: readonly PolicyEntryInput[],
): { ObjectId: string; AllowedUsages: string }[] {
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new KqlInputError('must list at least one identity (to remove the policy, delete it)', 'entries');
  }
  const seen = new Set<string>();
  return entries.map((entry, i) =>
    inField(`entries[${i}]`, () => {
      const objectId = checkObjectId(entry.objectId, { allowSystem: true }, 'objectId');
      if (seen.has(objectId.toLowerCase()))
        throw new KqlInputError(`${objectId} is listed twice; merge its usages into one entry`, 'objectId');
      seen.add(objectId.toLowerCase());
      return { ObjectId: objectId, AllowedUsages: checkUsages(entry.usages, target).join(',') };
    }),
  );
}

function checkUsages(usages: readonly string[], target: Target): string[] {
  if (!Array.isArray(usages) || usages.length === 0) throw new KqlInputError('must list at least one usage', 'usages');
  const seen = new Set<string>();
  return usages.map((usage, i) => {
    const field = `usages[${i}]`;
    const info = typeof usage === 'string' ? findUsage(usage) : undefined;
    if (!info) {
      const near = typeof usage === 'string' ? findUsageIgnoringCase(usage) : undefined;
      const hint = near ? `did you mean ${near.name}?` : 'see the list of usages in the docs';
      throw new KqlInputError(`unknown usage ${JSON.stringify(usage)}; ${hint}`, field);
    }
    if (!usageAllowedAt(info, target.scope)) {
      throw new KqlInputError(`${info.name} may only be allowed by the cluster-level policy`, field);
    }
    if (seen.has(info.name)) throw new KqlInputError(`${info.name} is listed twice`, field);
    seen.add(info.name);
    return info.name;
  });
}

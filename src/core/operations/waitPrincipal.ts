// Waiting for a new identity to become visible to Kusto: the read-only probe command and a bounded backoff schedule.
import { clusterCommand, type ManagementCommand } from '../commands/command';
import { KqlInputError } from '../kql/errors';
import { stringLiteral } from '../kql/literals';
import { checkObjectId, checkTenant } from '../kql/values';

export type PrincipalKind = 'app' | 'user' | 'group';

/** `aadapp=<id>;<tenant>` from an id and tenant, or a full FQN as given (`aadapp=…`, `aaduser=…`, `aadgroup=…`). */
export function principalToWaitFor(principal: string, kind: PrincipalKind = 'app', tenant?: string): string {
  const given = principal.trim();
  if (/^aad(app|user|group)\s*=/i.test(given)) return given;
  if (kind === 'user' && given.includes('@'))
    return `aaduser=${given}${tenant ? `;${checkTenant(tenant, '--tenant')}` : ''}`;
  const id = checkObjectId(given, { allowSystem: false }, '--principal');
  if (!tenant) throw new KqlInputError('is needed with an object or app id (aadapp=<id>;<tenant>)', '--tenant');
  return `aad${kind}=${id};${checkTenant(tenant, '--tenant')}`;
}

/**
 * `.show principal '<fqn>' roles`: resolving the name is what the service does before any grant, and the command
 * changes nothing, so it can be repeated safely.
 */
export function buildShowPrincipalRolesCommand(fqn: string): ManagementCommand {
  return clusterCommand(`.show principal ${stringLiteral(fqn)} roles`);
}

/**
 * The waits between attempts: `firstMs`, doubling up to `maxMs`, cut so the last attempt still starts before the
 * deadline (`timeoutMs` after the first attempt).
 */
export function waitSchedule(timeoutMs: number, firstMs: number, maxMs = 60_000): number[] {
  const out: number[] = [];
  let elapsed = 0;
  for (let wait = Math.max(1, firstMs); elapsed < timeoutMs; wait = Math.min(wait * 2, maxMs)) {
    const next = Math.min(wait, timeoutMs - elapsed);
    out.push(next);
    elapsed += next;
  }
  return out;
}

/** `300`, `90s`, `500ms`, `5m` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

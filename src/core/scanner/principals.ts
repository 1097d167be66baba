// `.add|.drop|.set <object> <role> ('kind=id;tenant', …)`: the role must exist for the object, and each principal must
// be written the way the service resolves it (reference-security-principals page of the docs).
import { isGuid } from '../guid';
import { diagnostic, replace } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { isPunct, type Token } from './lexer';
import { mapRange } from './literals';
import { isPlaceholder } from './values';

const DATABASE_ROLES = ['admins', 'users', 'viewers', 'unrestrictedviewers', 'ingestors', 'monitors'];
/** The roles of each object, by the word that names it (`follower database` and `external table` by their first). */
export const ROLES: Record<string, readonly string[]> = {
  database: DATABASE_ROLES,
  follower: ['admins', 'users', 'viewers', 'unrestrictedviewers', 'monitors'],
  table: ['admins', 'ingestors'],
  external: ['admins'],
  'materialized-view': ['admins'],
  function: ['admins'],
};
const KINDS = ['aadapp', 'aaduser', 'aadgroup', 'msauser'];
const DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Checks a principal command; `tokens` start at the verb. Anything else gives no diagnostic. */
export function principalDiagnostics(tokens: readonly Token[], cluster: ClusterIdentities | undefined): Diagnostic[] {
  const verb = tokens[0]?.text.toLowerCase();
  if (verb !== '.add' && verb !== '.drop' && verb !== '.set') return [];
  let i = 1;
  let object = tokens[i]?.text.toLowerCase();
  if (object === 'async') object = tokens[++i]?.text.toLowerCase();
  if (object === 'follower' || object === 'external') i++; // `follower database X`, `external table X`
  const out: Diagnostic[] = [];
  if (object === 'cluster') {
    const role = tokens[i + 1];
    if (role?.kind === 'word')
      out.push(
        diagnostic(
          'PRN005',
          role.start,
          role.end - role.start,
          `Cluster roles (${role.text}) are not set with a command: assign AllDatabasesAdmin/Viewer/Monitor in Azure (the cluster's Permissions page or ARM).`,
        ),
      );
    return out;
  }
  const roles = object === undefined ? undefined : ROLES[object];
  if (roles === undefined) return [];
  const r = afterName(tokens, i + 1);
  const role = tokens[r];
  if (role?.kind !== 'word' || !isPunct(tokens[r + 1], '(')) return [];
  if (!roles.includes(role.text.toLowerCase())) {
    out.push(
      diagnostic(
        'PRN005',
        role.start,
        role.end - role.start,
        `'${role.text}' is not a role of a ${object === 'follower' ? 'follower database' : object}: use ${roles.join(', ')}.`,
      ),
    );
  }
  for (let k = r + 2; k < tokens.length && !isPunct(tokens[k], ')'); k++) {
    const t = tokens[k];
    if (t.kind === 'string' && t.literal !== undefined) out.push(...checkPrincipal(t, cluster));
  }
  return out;
}

/** The index after the object's name at `i`: a word or ['name'], or a `<placeholder>` / `{placeholder}`. */
function afterName(tokens: readonly Token[], i: number): number {
  const close = isPunct(tokens[i], '<') ? '>' : isPunct(tokens[i], '{') ? '}' : undefined;
  if (close === undefined) return i + 1;
  let k = i + 1;
  while (k < tokens.length && tokens[k].text !== close) k++;
  return k + 1;
}

function checkPrincipal(t: Token, cluster: ClusterIdentities | undefined): Diagnostic[] {
  const literal = t.literal!;
  const value = literal.value;
  const at = (index: number, length: number) => mapRange(literal, index, length);
  const whole = at(0, value.length);
  const eq = value.indexOf('=');
  const kind = eq < 0 ? '' : value.slice(0, eq).trim().toLowerCase();
  if (!KINDS.includes(kind)) {
    if (isPlaceholder(value)) return [];
    return [
      diagnostic(
        'PRN001',
        whole.offset,
        Math.max(whole.length, 1),
        `'${value}' names no known kind of principal: write aadapp=, aaduser=, aadgroup= or msauser= before the id (e.g. 'aadapp=<objectId>;<tenantId>').`,
      ),
    ];
  }
  const rest = value.slice(eq + 1);
  const semi = rest.indexOf(';');
  const id = (semi < 0 ? rest : rest.slice(0, semi)).trim();
  const tenant = semi < 0 ? undefined : rest.slice(semi + 1).trim();
  const idAt = at(eq + 1, semi < 0 ? rest.length : semi);
  const out: Diagnostic[] = [];
  const problem = isPlaceholder(id) ? undefined : idProblem(kind, id, tenant);
  if (kind === 'aadapp' && id.toLowerCase() === 'system') out.push(systemApp(idAt, cluster));
  else if (problem !== undefined) out.push(diagnostic('PRN002', idAt.offset, Math.max(idAt.length, 1), problem));
  if (tenant !== undefined && !isPlaceholder(tenant) && !isGuid(tenant) && !DOMAIN.test(tenant)) {
    const r = at(eq + 1 + semi + 1, rest.length - semi - 1);
    out.push(
      diagnostic(
        'PRN003',
        r.offset,
        Math.max(r.length, 1),
        `'${tenant}' is neither a tenant id (a GUID) nor a domain name such as contoso.com.`,
      ),
    );
  }
  return out;
}

function idProblem(kind: string, id: string, tenant: string | undefined): string | undefined {
  if (isGuid(id)) return undefined;
  if (/^[0-9a-f]{4,}(-[0-9a-f]*)+$/i.test(id) || /^[0-9a-f]{8}-/i.test(id))
    return `'${id}' looks like a truncated or broken id: an object or application id has 8-4-4-4-12 hexadecimal digits.`;
  if (id.includes('@')) return kind === 'aadapp' ? `An application is named by its id, not '${id}'.` : undefined;
  if (kind === 'aaduser' || kind === 'msauser')
    return `'${id}' is neither a user principal name (name@domain) nor an object id.`;
  if (/^\d+$/.test(id)) return `'${id}' is not an id: an object or application id is a GUID.`;
  if (tenant === undefined)
    return `'${id}' is a display name: add the tenant ('${kind}=${id};<tenantId>') or use the ${kind === 'aadgroup' ? "group's e-mail address or object id" : 'application id'}.`;
  return undefined;
}

function systemApp(idAt: { offset: number; length: number }, cluster: ClusterIdentities | undefined): Diagnostic {
  const id = cluster?.systemPrincipalId;
  return diagnostic(
    'PRN004',
    idAt.offset,
    idAt.length,
    `'aadapp=system' is not how the docs name the cluster's system-assigned identity (since 2023): write its object id, 'aadapp=<objectId>;<tenantId>'${id ? ` (${id} on the target cluster)` : " (the Object (principal) ID on the cluster's Identity page)"}.`,
    id ? replace("Use the system identity's object id", idAt.offset, idAt.length, id) : undefined,
  );
}

// Reads an ARM JSON template's Microsoft.Kusto resources: names and values through a small evaluator of template
// expressions (parameters with defaults, variables, concat, format, resourceId, reference(...).identity.principalId).
import { SYSTEM_PRINCIPAL, UNKNOWN, type IacResource, type IacValue } from './import';

type Value =
  IacValue | { readonly resourceId: readonly Value[] } | { readonly reference: Value; readonly path: string[] };

interface Scope {
  readonly parameters: Record<string, { defaultValue?: unknown }>;
  readonly variables: Record<string, unknown>;
}

/** Tokens of one expression: strings, numbers, names, punctuation. */
function lex(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new Error('unterminated string in an expression');
        if (src[j] === "'" && src[j + 1] === "'") {
          s += "'";
          j += 2;
        } else if (src[j] === "'") break;
        else s += src[j++];
      }
      out.push(`'${s}`);
      i = j + 1;
    } else if (/[A-Za-z_0-9]/.test(c)) {
      const m = /^[A-Za-z_0-9]+/.exec(src.slice(i))!;
      out.push(m[0]);
      i += m[0].length;
    } else out.push(src[i++]);
  }
  return out;
}

function evaluate(src: string, scope: Scope): Value {
  const t = lex(src);
  let k = 0;
  const expr = (): Value => {
    const tok = t[k++];
    let v: Value;
    if (tok === undefined) throw new Error('an expression ends early');
    if (tok.startsWith("'")) v = tok.slice(1);
    else if (/^\d+$/.test(tok)) v = Number(tok);
    else if (tok === 'true' || tok === 'false') v = tok === 'true';
    else {
      if (t[k++] !== '(') throw new Error(`${tok} is not a function call`);
      const args: Value[] = [];
      while (t[k] !== ')') {
        args.push(expr());
        if (t[k] === ',') k++;
      }
      k++;
      v = call(tok.toLowerCase(), args, scope);
    }
    for (;;) {
      if (t[k] === '.') {
        k++;
        v = member(v, t[k++]);
      } else if (t[k] === '[') {
        k++;
        const key = expr();
        k++;
        v = member(v, String(key));
      } else return v;
    }
  };
  const v = expr();
  if (k !== t.length) throw new Error(`unexpected ${t[k]} in an expression`);
  return v;
}

/** An unknown part inside joined text: a resource name keeps the segments that are known. */
const HOLE = '\u0000';

const plain = (v: Value): IacValue =>
  typeof v === 'object' || (typeof v === 'string' && v.includes(HOLE)) ? UNKNOWN : v;

function member(v: Value, key: string): Value {
  if (typeof v === 'object' && 'reference' in v) return { reference: v.reference, path: [...v.path, key] };
  return UNKNOWN;
}

function call(name: string, args: Value[], scope: Scope): Value {
  const strings = args.map(plain);
  const known = strings.every((a) => typeof a === 'string' || typeof a === 'number');
  // An unknown argument leaves a hole in joined text instead of making all of it unknown.
  const parts = args.map((a) => (typeof a === 'string' || typeof a === 'number' ? String(a) : HOLE));
  switch (name) {
    case 'parameters': {
      const d = scope.parameters[String(strings[0])]?.defaultValue;
      return typeof d === 'string' ? value(d, scope) : typeof d === 'number' || typeof d === 'boolean' ? d : UNKNOWN;
    }
    case 'variables': {
      const d = scope.variables[String(strings[0])];
      return typeof d === 'string' ? value(d, scope) : typeof d === 'number' || typeof d === 'boolean' ? d : UNKNOWN;
    }
    case 'concat':
      return parts.join('');
    case 'format':
      return typeof args[0] === 'string'
        ? args[0].replace(/\{(\d+)\}/g, (_, i: string) => parts[Number(i) + 1] ?? HOLE)
        : UNKNOWN;
    case 'tolower':
      return known ? String(strings[0]).toLowerCase() : UNKNOWN;
    case 'resourceid':
      return { resourceId: args };
    case 'reference':
      return { reference: args[0], path: [] };
    default:
      return UNKNOWN;
  }
}

/** A template value: `[expr]` evaluated, `[[` the escaped literal, anything else as is. */
function value(v: unknown, scope: Scope): Value {
  if (typeof v !== 'string') return typeof v === 'number' || typeof v === 'boolean' ? v : UNKNOWN;
  if (v.startsWith('[[')) return v.slice(1);
  if (!(v.startsWith('[') && v.endsWith(']'))) return v;
  try {
    return evaluate(v.slice(1, -1), scope);
  } catch {
    return UNKNOWN;
  }
}

/** `reference(<the cluster>…).identity.principalId` (also `principalId` straight off a non-full reference). */
function leaf(v: Value): IacValue {
  if (typeof v === 'object' && 'reference' in v) {
    const path = v.path.join('.').toLowerCase();
    const target = v.reference;
    const isCluster =
      typeof target === 'object' &&
      'resourceId' in target &&
      String(plain(target.resourceId[0])).toLowerCase() === 'microsoft.kusto/clusters';
    return isCluster && (path === 'identity.principalid' || path === 'principalid') ? SYSTEM_PRINCIPAL : UNKNOWN;
  }
  return plain(v);
}

interface RawResource {
  type?: string;
  name?: string;
  identity?: { type?: unknown; userAssignedIdentities?: Record<string, unknown> };
  properties?: Record<string, unknown>;
  resources?: RawResource[];
}

/** Every Microsoft.Kusto resource of the template, nested children included (their names are relative). */
export function readArmTemplate(source: string): { resources: IacResource[]; cluster?: string } {
  const doc = JSON.parse(source) as {
    parameters?: Scope['parameters'];
    variables?: Record<string, unknown>;
    resources?: RawResource[] | Record<string, RawResource>;
  };
  if (typeof doc !== 'object' || doc === null || !doc.resources) throw new Error('not an ARM template: no resources');
  const scope: Scope = { parameters: doc.parameters ?? {}, variables: doc.variables ?? {} };
  const out: IacResource[] = [];
  let cluster: string | undefined;
  const walk = (list: RawResource[], parentType: string, parentNames: IacValue[]) => {
    list.forEach((r, i) => {
      const type = String(r.type ?? '');
      const fullType = parentType && !type.includes('/') ? `${parentType}/${type}` : type;
      const raw = value(r.name, scope);
      const names: IacValue[] =
        typeof raw === 'string'
          ? [...parentNames, ...raw.split('/').map((s) => (s.includes(HOLE) ? UNKNOWN : s))]
          : [...parentNames, UNKNOWN];
      const where = `resources[${i}] (${fullType})`;
      const props: Record<string, IacValue> = {};
      for (const [k, v] of Object.entries(r.properties ?? {})) props[k] = leaf(value(v, scope));
      const lower = fullType.toLowerCase();
      if (lower === 'microsoft.kusto/clusters') {
        cluster ??= typeof names[0] === 'string' ? names[0] : undefined;
        out.push({
          type: fullType,
          name: names[0],
          ...(r.identity
            ? {
                identity: {
                  type: leaf(value(r.identity.type, scope)),
                  userAssigned: Object.keys(r.identity.userAssignedIdentities ?? {}).map((k) => leaf(value(k, scope))),
                },
              }
            : {}),
          properties: props,
          where,
        });
      } else if (lower.startsWith('microsoft.kusto/')) {
        const database = lower.startsWith('microsoft.kusto/clusters/databases/') ? names[1] : undefined;
        out.push({ type: fullType, database, name: names[names.length - 1], properties: props, where });
      }
      if (Array.isArray(r.resources)) walk(r.resources, fullType, names);
    });
  };
  // Language version 2.0 templates keep resources in an object keyed by symbolic name.
  walk(Array.isArray(doc.resources) ? doc.resources : Object.values(doc.resources), '', []);
  return { resources: out, ...(cluster ? { cluster } : {}) };
}

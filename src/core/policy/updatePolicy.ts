// The update policy of a table (`.alter table T policy update ```[…]````), checked where it is typed: its JSON, its
// fields and their types, and the identity its query runs as. Offsets are into the policy text.
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { isGuid } from '../guid';
import { diagnostic, replace } from './make';
import { MAX_DEPTH, syntaxDiagnostics, tooDeepAt } from './syntax';
import type { Diagnostic } from './types';
import { editDistance } from './usageText';

const FIELDS = [
  'IsEnabled',
  'Source',
  'Query',
  'IsTransactional',
  'PropagateIngestionProperties',
  'ManagedIdentity',
] as const;
const BOOLEANS = new Set(['IsEnabled', 'IsTransactional', 'PropagateIngestionProperties']);

export function validateUpdatePolicy(text: string): Diagnostic[] {
  // Nearly every update policy is fine: the engine's JSON.parse says so for much less than the located reading,
  // which is left to the policies where some rule may fire (its findings need offsets).
  if (cleanByNativeParse(text)) return [];
  return locatedChecks(text);
}

const FIELD_NAMES: ReadonlySet<string> = new Set(FIELDS);
// Hoisted: a regex literal in a function is a new object each time it runs, and this runs once per policy.
const PLACEHOLDER = /^<.*>$/;
const OTHER_DATABASE = /\bdatabase\s*\(\s*@?(['"])(.*?)\1\s*\)/i;
// Not only blanks: what `trim() !== ''` says, without making the trimmed string.
const NOT_BLANK = /\S/;
// The end of a field's name: a closing quote, blanks, a colon.
const NAME_END = /"\s*:/g;

/**
 * True only when the located reading would find nothing: plain JSON (no comments or trailing commas), an array of
 * objects with known fields only, each written once, of the right types, a valid identity, and no query that reads
 * another database without one. Anything else, or any doubt, is left to the located reading. The scanner's fast
 * reader of `.alter table … policy update` uses it too.
 */
export function cleanByNativeParse(text: string): boolean {
  // A \u escape can spell a field's name that the count below would not see.
  if (text.indexOf('\\u') >= 0) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(value)) return false;
  let fields = 0;
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return false;
    const entry = element as Record<string, unknown>;
    const keys = Object.keys(entry);
    for (let k = 0; k < keys.length; k++) if (!FIELD_NAMES.has(keys[k])) return false;
    fields += keys.length;
    const { Source: source, Query: query, ManagedIdentity: identity } = entry;
    if (typeof source !== 'string' || !NOT_BLANK.test(source)) return false;
    if (typeof query !== 'string' || !NOT_BLANK.test(query)) return false;
    if (!optionalBoolean(entry.IsEnabled) || !optionalBoolean(entry.IsTransactional)) return false;
    if (!optionalBoolean(entry.PropagateIngestionProperties)) return false;
    if (identity !== undefined) {
      const id = typeof identity === 'string' ? identity.trim() : undefined;
      if (id === undefined || (id !== 'system' && !isGuid(id) && !PLACEHOLDER.test(id))) return false;
    } else if (OTHER_DATABASE.test(query)) return false;
  }
  // JSON.parse keeps the last of repeated fields, the located reading the first. Every value above is a string or a
  // boolean (no object inside), so each name written in the text ends in a quote, blanks and a colon of its own; text
  // inside strings may add more of these, never fewer. As many as the entries have fields: none is written twice.
  NAME_END.lastIndex = 0;
  let ends = 0;
  while (NAME_END.test(text)) ends++;
  return ends === fields;
}

/** Absent, or true or false (JSON.parse gives no undefined: an absent field is the only undefined). */
function optionalBoolean(v: unknown): boolean {
  return v === undefined || typeof v === 'boolean';
}

/** The located reading alone (what every finding comes from); exported for the test that holds both ways equal. */
export function locatedChecks(text: string): Diagnostic[] {
  const deep = tooDeepAt(text);
  if (deep >= 0)
    return [
      diagnostic(
        'UPD001',
        deep,
        1,
        `The update policy is nested more than ${MAX_DEPTH} levels deep here; it is an array of objects. It is not checked further.`,
      ),
    ];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root) {
    // The JSON messages are the policy checker's; the code says which policy they belong to.
    const located = syntaxDiagnostics(text, errors).map((d) => ({ ...d, code: 'UPD001' }));
    return located.length
      ? located
      : [
          diagnostic(
            'UPD001',
            0,
            text.length,
            'The update policy is empty: expected a JSON array of {"Source", "Query", …} objects.',
          ),
        ];
  }
  if (root.type !== 'array')
    return [
      diagnostic(
        'UPD001',
        root.offset,
        root.length,
        'The update policy must be a JSON array of {"Source", "Query", …} objects.',
      ),
    ];
  return (root.children ?? []).flatMap((element) => elementChecks(text, element));
}

function elementChecks(text: string, element: Node): Diagnostic[] {
  if (element.type !== 'object')
    return [
      diagnostic(
        'UPD001',
        element.offset,
        element.length,
        'Each update policy entry must be an object: {"Source": …, "Query": …}.',
      ),
    ];
  const out: Diagnostic[] = [];
  const value = (key: string): Node | undefined => findNodeAtLocation(element, [key]);
  for (const p of element.children ?? []) {
    const keyNode = p.children?.[0];
    const key = String(keyNode?.value ?? '');
    if (!keyNode || (FIELDS as readonly string[]).includes(key)) continue;
    const near = FIELDS.find(
      (f) => f.toLowerCase() === key.toLowerCase() || editDistance(f.toLowerCase(), key.toLowerCase()) <= 2,
    );
    out.push(
      diagnostic(
        'UPD101',
        keyNode.offset,
        keyNode.length,
        near
          ? `Unknown field '${key}': did you mean '${near}'? The service ignores or refuses unknown fields.`
          : `Unknown field '${key}' in an update policy entry (known: ${FIELDS.join(', ')}).`,
        near ? replace(`Rename to ${near}`, keyNode.offset, keyNode.length, JSON.stringify(near)) : undefined,
      ),
    );
  }
  for (const key of ['Source', 'Query'] as const) {
    const v = value(key);
    if (v === undefined)
      out.push(
        diagnostic(
          'UPD002',
          element.offset,
          1,
          `The entry has no "${key}": ${key === 'Source' ? 'the table whose ingestions trigger the policy' : 'the query (or function call) that produces the rows'}.`,
        ),
      );
    else if (v.type !== 'string' || String(v.value).trim() === '')
      out.push(diagnostic('UPD002', v.offset, v.length, `"${key}" must be a non-empty string.`));
  }
  for (const key of BOOLEANS) {
    const v = value(key);
    if (v !== undefined && v.type !== 'boolean') {
      const fix =
        v.type === 'string' && /^(true|false)$/i.test(String(v.value))
          ? replace('Write it as a JSON boolean', v.offset, v.length, String(v.value).toLowerCase())
          : undefined;
      out.push(diagnostic('UPD004', v.offset, v.length, `"${key}" must be true or false.`, fix));
    }
  }
  const identity = value('ManagedIdentity');
  if (identity !== undefined) {
    const id = typeof identity.value === 'string' ? identity.value.trim() : undefined;
    // A placeholder (`<objectId>`) is the command's KQL006, not a second finding here.
    if (id === undefined || (id !== 'system' && !isGuid(id) && !/^<.*>$/.test(id))) {
      const system = id !== undefined && /^system[_ -]?assigned$|^system$/i.test(id);
      out.push(
        diagnostic(
          'UPD003',
          identity.offset,
          identity.length,
          system
            ? `Write the system-assigned identity as "system", not ${JSON.stringify(id)}.`
            : `"ManagedIdentity" must be "system" or an identity's object id (a GUID), not ${identity.type === 'string' ? JSON.stringify(id) : text.slice(identity.offset, identity.offset + identity.length)}.`,
          system ? replace('Write "system"', identity.offset, identity.length, '"system"') : undefined,
        ),
      );
    }
  }
  const query = value('Query');
  if (identity === undefined && query?.type === 'string') {
    const other = /\bdatabase\s*\(\s*@?(['"])(.*?)\1\s*\)/i.exec(String(query.value));
    if (other) {
      const last = element.children?.[element.children.length - 1];
      out.push(
        diagnostic(
          'UPD102',
          query.offset,
          query.length,
          `The query reads database '${other[2]}': an update policy that reads another database must run as a managed identity (with AutomatedFlows, and Viewer there).`,
          last
            ? replace(
                'Run it as the system-assigned identity',
                last.offset + last.length,
                0,
                ', "ManagedIdentity": "system"',
              )
            : undefined,
        ),
      );
    }
  }
  return out;
}

// The clean policy, recognised by one regular expression over the text: the native regex engine reads it
// faster than JSON.parse plus checks in JavaScript. What it does not recognise goes the longer way.
import { USAGES } from '../usages';
import type { PolicyScope } from '../scope';

const WS = '[ \\t\\n\\r]*';
// Lower-case only: then a repeated GUID is the same text, and a backreference finds it.
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The pattern of a clean policy text (no anchors). Its groups are numbered from `firstGroup` on (numbered, not
 * named: V8 builds an object of all named groups on every match), so it can sit inside a larger pattern.
 */
export function cleanPolicyPattern(scope: PolicyScope, firstGroup: number): { source: string; groups: number } {
  let next = firstGroup;
  const names = USAGES.filter((u) => u.name !== 'All' && (scope === 'cluster' || u.allowedAtDatabaseScope)).map((u) => u.name).join('|');
  // A usage not repeated later in the same string (JSON strings hold no raw quote, so [^"]* stays inside it).
  const item = () => { const k = next++; return `(${names})(?![^"]*[, ]\\${k}[, "])`; };
  const usages = () => `"[ ]*(?:All|${item()}(?:[ ]*,[ ]*${item()})*)[ ]*"`;
  const id = () => `"(?:system|${GUID})"`;
  const pair = (key: string, value: string) => `"${key}"${WS}:${WS}${value}`;
  const element = () => `\\{${WS}(?:${pair('ObjectId', id())}${WS},${WS}${pair('AllowedUsages', usages())}|${pair('AllowedUsages', usages())}${WS},${WS}${pair('ObjectId', id())})${WS}\\}`;
  const source = `${WS}\\[${WS}(?:${element()}(?:${WS},${WS}${element()})*)?${WS}\\]${WS}`;
  return { source, groups: next - firstGroup };
}

const SHAPES: Record<PolicyScope, RegExp> = {
  cluster: new RegExp(`^${cleanPolicyPattern('cluster', 1).source}$`),
  database: new RegExp(`^${cleanPolicyPattern('database', 1).source}$`),
};

/** True when the text is a clean policy in the plainest form; false says nothing (use the full check). */
export function hasCleanShape(text: string, scope: PolicyScope): boolean {
  return SHAPES[scope].test(text) && !hasRepeatedObjectId(text);
}

// In a text of that shape every "ObjectId" key is followed by its value, a quoted lower-case GUID or system.
// Values are compared in place, first characters first: random GUIDs differ at once, so nothing is sliced.
export function hasRepeatedObjectId(text: string): boolean {
  const first = text.indexOf('"ObjectId"');
  if (first < 0 || text.indexOf('"ObjectId"', first + 10) < 0) return false;
  const starts: number[] = [];
  for (let at = first; at >= 0; at = text.indexOf('"ObjectId"', at + 10)) {
    const start = text.indexOf('"', text.indexOf(':', at + 10)) + 1;
    const length = text.indexOf('"', start) - start;
    for (const other of starts) if (sameValue(text, other, start, length)) return true;
    starts.push(start);
  }
  return false;
}

function sameValue(text: string, a: number, b: number, length: number): boolean {
  if (text.charCodeAt(a + length) !== 34) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

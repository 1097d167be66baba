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
  const names = wordAlternation(USAGES.filter((u) => u.name !== 'All' && (scope === 'cluster' || u.allowedAtDatabaseScope)).map((u) => u.name));
  // A usage not repeated later in the same string (JSON strings hold no raw quote, so [^"]* stays inside it).
  const item = () => { const k = next++; return `(${names})(?![^"]*[, ]\\${k}[, "])`; };
  const usages = () => `"[ ]*(?:All|${item()}(?:[ ]*,[ ]*${item()})*)[ ]*"`;
  const id = () => `"(?:system|${GUID})"`;
  const pair = (key: string, value: string) => `"${key}"${WS}:${WS}${value}`;
  const element = () => `\\{${WS}(?:${pair('ObjectId', id())}${WS},${WS}${pair('AllowedUsages', usages())}|${pair('AllowedUsages', usages())}${WS},${WS}${pair('ObjectId', id())})${WS}\\}`;
  const source = `${WS}\\[${WS}(?:${element()}(?:${WS},${WS}${element()})*)?${WS}\\]${WS}`;
  return { source, groups: next - firstGroup };
}

/**
 * `a|b|c` for a list of words, sharing common prefixes (`Ex(?:portRequest|ternal(?:DataRequest|Table))`):
 * the regex engine then tries each letter once instead of once per word.
 */
export function wordAlternation(words: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  for (const w of words) byFirst.set(w.slice(0, 1), [...(byFirst.get(w.slice(0, 1)) ?? []), w.slice(1)]);
  const parts: string[] = [];
  for (const [first, rests] of byFirst) {
    if (first === '') continue;
    // The longest prefix the words of this group share is written once.
    let shared = 0;
    while (rests.every((r) => r.length > shared && r[shared] === rests[0][shared])) shared++;
    const head = escape(first + rests[0].slice(0, shared));
    const tails = rests.map((r) => r.slice(shared));
    parts.push(tails.length === 1 ? head + escape(tails[0]) : `${head}(?:${wordAlternation(tails)})`);
  }
  // The empty word (one word a prefix of another) goes last, so the longer one is tried first.
  if (byFirst.has('')) parts.push('');
  return parts.join('|');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
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
// Only those keys hold a capital O (unless a usage name gets one some day): a one-letter search finds them.
const KEY = USAGES.some((u) => u.name.includes('O')) ? '"ObjectId"' : 'O';

// Values are compared in place, first characters first: random GUIDs differ at once, so nothing is sliced.
export function hasRepeatedObjectId(text: string): boolean {
  const first = text.indexOf(KEY);
  if (first < 0 || text.indexOf(KEY, first + 9) < 0) return false;
  const starts: number[] = [];
  for (let at = first; at >= 0;) {
    const start = text.indexOf('"', text.indexOf(':', at)) + 1;
    const length = text.indexOf('"', start) - start;
    for (const other of starts) if (sameValue(text, other, start, length)) return true;
    starts.push(start);
    at = text.indexOf(KEY, start + length);
  }
  return false;
}

function sameValue(text: string, a: number, b: number, length: number): boolean {
  if (text.charCodeAt(a + length) !== 34) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

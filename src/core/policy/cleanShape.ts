// The clean policy, recognised by one regular expression over the text, repeats included: the native regex engine reads
// it faster than JSON.parse plus checks in JavaScript. What it does not recognise goes the longer way.
import { USAGES, usagesAllowedAt } from '../usages';
import type { PolicyScope } from '../scope';

const WS = '[ \\t\\n\\r]*';
// Lower-case only: then a repeated GUID is the same text.
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The pattern of a clean policy text (no anchors, no groups, so it can sit inside a larger pattern): `[`, then objects
 * of exactly `"ObjectId"` (lower-case GUID or `system`) and `"AllowedUsages"` (`All`, or known usages separated by
 * commas), in either order, then `]`. It does not see repeats (hasCleanShape does).
 */
export function cleanPolicyPattern(scope: PolicyScope): string {
  return shapePattern(scope, false);
}

/**
 * The clean text's pattern. Each element is written once (followed by a comma and the next `{`, or by the `]`), so
 * the pattern stays small: V8 compiles it on the first policy a process reads. With `refuseRepeatedUsages`, each usage
 * name is captured and must not stand again, as a whole word, later in its string (the pattern then has groups).
 */
function shapePattern(scope: PolicyScope, refuseRepeatedUsages: boolean): string {
  const names = wordAlternation(
    usagesAllowedAt(scope)
      .filter((u) => u.name !== 'All')
      .map((u) => u.name),
  );
  let group = 0;
  const name = () => (refuseRepeatedUsages ? `(${names})(?![^"]*[, ]\\${++group}(?![A-Za-z]))` : `(?:${names})`);
  const usages = () => `"[ ]*(?:All|${name()}(?:[ ]*,[ ]*${name()})*)[ ]*"`;
  const id = `"(?:system|${GUID})"`;
  const pair = (key: string, value: string) => `"${key}"${WS}:${WS}${value}`;
  const element =
    `\\{${WS}(?:${pair('ObjectId', id)}${WS},${WS}${pair('AllowedUsages', usages())}` +
    `|${pair('AllowedUsages', usages())}${WS},${WS}${pair('ObjectId', id)})${WS}\\}`;
  return `${WS}\\[${WS}(?:${element}${WS}(?:,${WS}(?=\\{)|(?=\\])))*\\]${WS}`;
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

// The whole clean text, a usage named twice in one string refused by the regex itself. A repeated ObjectId is looked
// for apart (`hasRepeatedObjectId`): a lookahead to the end of the text after every id cost more than the rest together.
const SHAPES: Record<PolicyScope, RegExp> = {
  cluster: new RegExp(`^${shapePattern('cluster', true)}$`),
  database: new RegExp(`^${shapePattern('database', true)}$`),
};

/** True when the text is a clean policy in the plainest form; false says nothing (use the full check). */
export function hasCleanShape(text: string, scope: PolicyScope): boolean {
  return SHAPES[scope].test(text) && !hasRepeatedObjectId(text);
}

// In a text the shape matched only the "ObjectId" keys hold a capital O (unless a usage name gets one some day), and
// ids are lower case, so the same text is the same id.
const ID_KEY = USAGES.some((u) => u.name.includes('O')) ? '"ObjectId"' : 'O';

/** For a text the shape matched: an ObjectId that comes twice. Values are compared in place, nothing is sliced. */
function hasRepeatedObjectId(text: string): boolean {
  const first = text.indexOf(ID_KEY);
  if (first < 0 || text.indexOf(ID_KEY, first + 9) < 0) return false;
  const starts: number[] = [];
  for (let at = first; at >= 0;) {
    const start = text.indexOf('"', text.indexOf(':', at)) + 1;
    const length = text.indexOf('"', start) - start;
    for (const other of starts) if (sameValue(text, other, start, length)) return true;
    starts.push(start);
    at = text.indexOf(ID_KEY, start + length);
  }
  return false;
}

function sameValue(text: string, a: number, b: number, length: number): boolean {
  if (text.charCodeAt(a + length) !== 34) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

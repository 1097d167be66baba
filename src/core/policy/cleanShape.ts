// The clean policy, recognised by one regular expression over the text plus one pass for repeats: the native regex
// engine reads it faster than JSON.parse plus checks in JavaScript. What it does not recognise goes the longer way.
import { USAGES, usagesAllowedAt } from '../usages';
import type { PolicyScope } from '../scope';

const WS = '[ \\t\\n\\r]*';
// Lower-case only: then a repeated GUID is the same text.
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The pattern of a clean policy text (no anchors, no groups, so it can sit inside a larger pattern): `[`, then objects
 * of exactly `"ObjectId"` (lower-case GUID or `system`) and `"AllowedUsages"` (`All`, or known usages separated by
 * commas), in either order, then `]`. It does not see repeats: a text it matches is clean only if `hasRepeats` is false.
 */
export function cleanPolicyPattern(scope: PolicyScope): string {
  const names = wordAlternation(
    usagesAllowedAt(scope)
      .filter((u) => u.name !== 'All')
      .map((u) => u.name),
  );
  const usages = `"[ ]*(?:All|(?:${names})(?:[ ]*,[ ]*(?:${names}))*)[ ]*"`;
  const id = `"(?:system|${GUID})"`;
  const pair = (key: string, value: string) => `"${key}"${WS}:${WS}${value}`;
  const element = `\\{${WS}(?:${pair('ObjectId', id)}${WS},${WS}${pair('AllowedUsages', usages)}|${pair('AllowedUsages', usages)}${WS},${WS}${pair('ObjectId', id)})${WS}\\}`;
  return `${WS}\\[${WS}(?:${element}(?:${WS},${WS}${element})*)?${WS}\\]${WS}`;
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
  cluster: new RegExp(`^${cleanPolicyPattern('cluster')}$`),
  database: new RegExp(`^${cleanPolicyPattern('database')}$`),
};

/** True when the text is a clean policy in the plainest form; false says nothing (use the full check). */
export function hasCleanShape(text: string, scope: PolicyScope): boolean {
  return SHAPES[scope].test(text) && !hasRepeats(text);
}

/**
 * For a text `cleanPolicyPattern` matched: true when an ObjectId comes twice, or a usage twice in one string. It
 * may say true of a clean text (then the full check runs); never false of one with a repeat.
 */
export function hasRepeats(text: string): boolean {
  return hasRepeatedObjectId(text) || hasRepeatedUsage(text);
}

// In such a text only the "ObjectId" keys hold a capital O and only the "AllowedUsages" keys a capital U (unless a
// usage name gets one some day): a one-letter search finds them, skipping everything else.
const ID_KEY = USAGES.some((u) => u.name.includes('O')) ? '"ObjectId"' : 'O';
const USAGES_KEY = USAGES.some((u) => u.name.includes('U')) ? 'Usages"' : 'U';

// Values are compared in place, first characters first: random GUIDs differ at once, so nothing is sliced.
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

function hasRepeatedUsage(text: string): boolean {
  for (let key = text.indexOf(USAGES_KEY); key >= 0;) {
    // `Usages"`, then blanks, a colon and blanks up to the value's quote.
    const open = text.indexOf('"', key + 7);
    const close = text.indexOf('"', open + 1);
    const comma = text.indexOf(',', open);
    if (comma > 0 && comma < close && repeatedUsage(text, open + 1, close, comma)) return true;
    key = text.indexOf(USAGES_KEY, close);
  }
  return false;
}

/** A usage listed twice between `from` and `to` (names, spaces and commas; the first comma at `comma`). */
function repeatedUsage(text: string, from: number, to: number, firstComma: number): boolean {
  let seen = 0;
  for (let p = from, comma = firstComma; ;) {
    while (text.charCodeAt(p) === 32) p++;
    let e = comma;
    while (text.charCodeAt(e - 1) === 32) e--;
    const bit = usageBit(text, p, e - p);
    if ((seen & bit) !== 0) return true;
    seen |= bit;
    if (comma === to) return false;
    p = comma + 1;
    comma = text.indexOf(',', p);
    if (comma < 0 || comma > to) comma = to;
  }
}

/**
 * A bit standing for a usage name, from its length and two of its letters. Two names sharing a bit would only send
 * a clean text to the full check; a unit test keeps the known names on distinct bits.
 */
export function usageBit(text: string, at: number, length: number): number {
  return 1 << ((length * 7 + text.charCodeAt(at) + text.charCodeAt(at + 2) * 3) & 31);
}

function sameValue(text: string, a: number, b: number, length: number): boolean {
  if (text.charCodeAt(a + length) !== 34) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

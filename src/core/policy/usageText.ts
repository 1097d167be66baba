// Reading an `AllowedUsages` string: comma-separated items, spaces allowed around them.
import { USAGES, findUsage, findUsageIgnoringCase, type UsageInfo } from '../usages';

export interface UsageItem {
  /** The item without surrounding spaces (may be empty). */
  readonly text: string;
  /** Offset of the item (after leading spaces) within the usages string. */
  readonly offset: number;
  /** Offset of the separating comma before the item, or -1 for the first. */
  readonly commaBefore: number;
}

export function splitUsages(value: string): UsageItem[] {
  const items: UsageItem[] = [];
  let start = 0;
  let commaBefore = -1;
  for (;;) {
    const comma = value.indexOf(',', start);
    const end = comma < 0 ? value.length : comma;
    const segment = value.slice(start, end);
    const text = segment.trim();
    items.push({ text, offset: start + (segment.length - segment.trimStart().length), commaBefore });
    if (comma < 0) return items;
    commaBefore = comma;
    start = comma + 1;
  }
}

/** The usage names of a valid list, in order, without duplicates or empty items. */
export function usageNames(value: string): string[] {
  const out: string[] = [];
  for (const item of splitUsages(value)) {
    const name = findUsageIgnoringCase(item.text)?.name ?? item.text;
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

export function formatUsages(names: readonly string[]): string {
  return names.join(', ');
}

const LOWER_NAMES = new Map(USAGES.map((u) => [u, u.name.toLowerCase()]));

/** The valid usage nearest to a misspelt one, when exactly one is close enough to be the intended word. */
export function closestUsage(word: string): { usage: UsageInfo; certain: boolean } | undefined {
  const lower = word.toLowerCase();
  let best: UsageInfo | undefined;
  let bestDistance = Infinity;
  let ties = 0;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const u of USAGES) {
    // The distance is at least the difference in length: no need to compute it for words far off.
    if (Math.abs(u.name.length - word.length) > limit) continue;
    const d = editDistance(lower, LOWER_NAMES.get(u) ?? u.name, Math.min(limit, bestDistance));
    if (d < bestDistance) {
      best = u;
      bestDistance = d;
      ties = 0;
    } else if (d === bestDistance) ties++;
  }
  if (!best || bestDistance > limit) return undefined;
  return { usage: best, certain: ties === 0 };
}

const SCRATCH = 64;
const ROWS = [new Int32Array(SCRATCH), new Int32Array(SCRATCH), new Int32Array(SCRATCH)];

/**
 * Levenshtein distance with transpositions counted as one edit (typos swap letters), on three rolling rows.
 * Past `cap` the exact value does not matter to the caller: it stops early and answers cap + 1.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  const m = b.length;
  // Rows are reused between calls (usage names are short); a longer word gets its own.
  const fits = m < SCRATCH;
  let before = fits ? ROWS[0] : new Int32Array(m + 1);
  let prev = fits ? ROWS[1] : new Int32Array(m + 1);
  let row = fits ? ROWS[2] : new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = prev[j - 1] + (ca === cb ? 0 : 1);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (row[j - 1] + 1 < d) d = row[j - 1] + 1;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && before[j - 2] + 1 < d)
        d = before[j - 2] + 1;
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // No later row (transpositions included) can go below this row's minimum: none can come back under the cap.
    if (rowMin > cap) return cap + 1;
    const t = before;
    before = prev;
    prev = row;
    row = t;
  }
  return prev[m] > cap ? cap + 1 : prev[m];
}

export { findUsage, findUsageIgnoringCase };

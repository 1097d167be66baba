// Small helpers for the long lists the editor keeps from one edit to the next.

/** The first position in an ascending list holding a value of at least `value` (the list's length if none). */
export function firstAtLeast(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Replaces `removed` items of `list` from `start` with `items`, in place. */
export function replaceRange<T>(list: T[], start: number, removed: number, items: readonly T[]): void {
  // A few items go through splice (a move of the rest in one go); very many would overflow its argument list.
  if (items.length <= 1024) {
    list.splice(start, removed, ...items);
    return;
  }
  const tail = list.slice(start + removed);
  list.length = start;
  for (const item of items) list.push(item);
  for (const item of tail) list.push(item);
}

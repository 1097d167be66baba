// Bounds how many requests run at once, so a wide tree loads in parallel without flooding a service.

export type Limiter = <T>(work: () => Promise<T>) => Promise<T>;

export function createLimiter(bound: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so the bound is never exceeded.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= bound) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      release();
    }
  };
}

/** Maps items in parallel, at most `bound` at a time, keeping order. */
export async function mapBounded<T, R>(items: readonly T[], bound: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const limit = createLimiter(bound);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}

// Retry with backoff while a newly assigned principal is not yet visible to the service ("not found in AAD tenant").
import { CancelledError, messageOf } from './plan';

/** The service's answer while a new identity has not reached the directory yet. */
export function isPrincipalNotFound(error: unknown): boolean {
  return /not\s+found\s+in\s+(the\s+)?(AAD|Microsoft Entra|Azure AD)|principal\b.*\bnot\s+found|AAD\s+principal.*not\s+(be\s+)?found/i.test(
    messageOf(error),
  );
}

export interface BackoffOptions {
  /** Waits between attempts, in ms; the number of entries is the number of retries. */
  readonly delaysMs: readonly number[];
  readonly signal?: AbortSignal;
  /** Told before each wait, so the user sees why it takes long. */
  readonly onRetry?: (attempt: number, waitMs: number, error: unknown) => void;
  readonly shouldRetry?: (error: unknown) => boolean;
}

/** 5 s, 10 s, 20 s, 40 s, 60 s, 60 s: about three minutes, the time the docs say a new identity can take. */
export const PRINCIPAL_BACKOFF_MS: readonly number[] = [5_000, 10_000, 20_000, 40_000, 60_000, 60_000];

export async function withBackoff<T>(work: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const shouldRetry = options.shouldRetry ?? isPrincipalNotFound;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.delaysMs.length || !shouldRetry(error)) throw error;
      const wait = options.delaysMs[attempt];
      options.onRetry?.(attempt + 1, wait, error);
      await sleep(wait, options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Turns SDK errors (ARM RestError, Kusto/axios errors, timeouts) into one short message a user can act on.
import { redact } from '../core/operations/redact';

export type ErrorKind =
  'unauthenticated' | 'forbidden' | 'notFound' | 'throttled' | 'server' | 'timeout' | 'network' | 'malformed' | 'other';

/** What a request was for: names the permission a 401/403 lacks. */
export interface RequestContext {
  /** e.g. "list clusters in subscription Dev" */
  readonly action: string;
  /** e.g. "Reader on the subscription (Microsoft.Kusto/clusters/read)" */
  readonly permission: string;
}

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status: number | undefined,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
  /** Whether signing in again could help. */
  get needsSignIn(): boolean {
    return this.kind === 'unauthenticated';
  }
}

interface Looks {
  statusCode?: number;
  status?: number;
  code?: string;
  name?: string;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
  inner?: Looks;
  details?: unknown;
}

/** One level of the service's error body; Kusto nests the cause in `innererror` (e.g. SEM0100 under KustoBadRequestException). */
interface ApiError {
  code?: string;
  message?: string;
  '@message'?: string;
  innererror?: ApiError;
}

function errorChain(data: unknown): ApiError[] {
  const chain: ApiError[] = [];
  let e = (data as { error?: ApiError } | undefined)?.error;
  while (e && typeof e === 'object' && chain.length < 8) {
    chain.push(e);
    e = e.innererror;
  }
  return chain;
}

/** A body that is not JSON (a 401 from a gateway, an HTML page): its text without tags, short. */
function textBody(text: string): string | undefined {
  try {
    return serverMessage({ response: { data: JSON.parse(text) as unknown } });
  } catch {
    const plain = text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return plain ? plain.slice(0, 300) : undefined;
  }
}

/** The outer message, then each inner cause as `code: message` (SEM0100: …), so the real reason is never lost. */
function serverMessage(e: Looks): string | undefined {
  const data = e.response?.data;
  if (typeof data === 'string') return textBody(data);
  const chain = errorChain(data);
  if (!chain.length) return undefined;
  const top = chain[0]['@message'] ?? chain[0].message ?? chain[0].code;
  const causes = chain
    .slice(1)
    .map((x) => [x.code, x['@message'] ?? x.message].filter(Boolean).join(': '))
    .filter((c) => c && !top?.includes(c));
  return [top, ...causes].filter(Boolean).join(' ← ') || undefined;
}

/** Every error code in the body (outer first), e.g. `BadRequest_DatabaseNotExist`, `SEM0100`. */
export function serviceErrorCodes(error: unknown): string[] {
  const e = (error ?? {}) as Looks;
  return [...errorChain(e.response?.data), ...errorChain(e.inner?.response?.data)]
    .map((x) => x.code)
    .filter((c): c is string => typeof c === 'string');
}

function statusOf(e: Looks): number | undefined {
  return (
    e.statusCode ??
    e.response?.status ??
    e.inner?.response?.status ??
    (typeof e.status === 'number' ? e.status : undefined)
  );
}

function isTimeout(e: Looks): boolean {
  const text = `${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`;
  return /AbortError|TimeoutError|ECONNABORTED|ETIMEDOUT|timeout/i.test(text);
}

/** Maps any error from an SDK call to a ServiceError with a clear message. */
export function toServiceError(error: unknown, ctx: RequestContext): ServiceError {
  if (error instanceof ServiceError) return error;
  const e = (error ?? {}) as Looks;
  const status = statusOf(e);
  // What a service says may echo a connection string or token: redacted before it becomes any message.
  const detail = redact(serverMessage(e) ?? serverMessage(e.inner ?? {}) ?? e.message ?? String(error));
  const short = detail.length > 240 ? `${detail.slice(0, 240)}…` : detail;
  const fail = `Could not ${ctx.action}`;
  if (status === 401) {
    return new ServiceError(
      `${fail}: not signed in or the token was refused (401). Sign in again; it needs ${ctx.permission}.`,
      'unauthenticated',
      status,
      error,
    );
  }
  if (status === 403) {
    return new ServiceError(
      `${fail}: permission denied (403). It needs ${ctx.permission}.`,
      'forbidden',
      status,
      error,
    );
  }
  const codes = serviceErrorCodes(error);
  if (status === 404 || codes.some((c) => /NotExist|NotFound/i.test(c)))
    return new ServiceError(`${fail}: not found (${status ?? codes[0]}). ${short}`, 'notFound', status, error);
  if (status === 429 || e.name === 'ThrottlingError' || /\b429\b|Too Many Requests/.test(e.message ?? '')) {
    const after = retryAfterSeconds(error);
    const when =
      after === undefined
        ? 'Try again in a minute.'
        : `The service asks to wait ${after} s: try again after ${new Date(Date.now() + after * 1000).toISOString().slice(11, 19)} UTC.`;
    return new ServiceError(`${fail}: throttled (429). ${when}`, 'throttled', 429, error);
  }
  if (status !== undefined && status >= 500) {
    return new ServiceError(`${fail}: the service failed (${status}). ${short}`, 'server', status, error);
  }
  if (isTimeout(e)) return new ServiceError(`${fail}: timed out.`, 'timeout', status, error);
  // A 200 whose body is not the protocol's makes the SDK fail inside its parser (TypeError … reading 'TableName').
  if (
    /Failed to parse response|is not valid JSON|Unexpected token/.test(e.message ?? '') ||
    error instanceof TypeError ||
    error instanceof SyntaxError ||
    e.name === 'TypeError' ||
    e.name === 'SyntaxError'
  ) {
    return new ServiceError(
      `${fail}: the service answered with a body that is not a valid response (not JSON, or not the expected tables). ` +
        'A proxy or gateway in between may have answered instead of the service.',
      'malformed',
      status,
      error,
    );
  }
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up|REQUEST_SEND_ERROR/i.test(
      `${e.code ?? ''} ${e.message ?? ''}`,
    )
  ) {
    return new ServiceError(
      `${fail}: cannot reach the service (${e.code ?? 'network error'}).`,
      'network',
      status,
      error,
    );
  }
  return new ServiceError(`${fail}: ${short}`, 'other', status, error);
}

/** Seconds from a `Retry-After` header on an axios (Kusto) or core-rest (ARM) error, when it is a number. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const x = error as {
    inner?: { response?: { headers?: unknown } };
    response?: { headers?: unknown };
  };
  const headers = (x?.response ?? x?.inner?.response)?.headers as
    { get?: (name: string) => unknown; [key: string]: unknown } | undefined;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'];
  const seconds = Number(value);
  return value !== undefined && value !== null && Number.isFinite(seconds) ? seconds : undefined;
}

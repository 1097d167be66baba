// Data plane: runs a command on a cluster with azure-kusto-data and hands back the core's {columns, rows} table.
import { CancelledError } from '../core/operations/plan';
import type { ClientFactory, KustoAuth } from './factory';
import { loadSdk } from './factory';
import type { ResultTable } from './model';
import { ServiceError, retryAfterSeconds, toServiceError, type RequestContext } from './errors';

/** A command as the core builds it: data first, text on the wire last. */
export interface KustoCommand {
  readonly text: string;
  readonly database?: string;
}

/** The database cluster-scoped commands are sent with; the client insists on one. */
const CLUSTER_DB = 'NetDefaultDB';

export interface KustoTarget {
  readonly uri: string;
  readonly auth: KustoAuth;
  /** Separates clients with different identities for the same URI. */
  readonly cacheKey?: string;
}

export class KustoService {
  constructor(private readonly factory: ClientFactory) {}

  /**
   * Runs one command and returns its primary result, retrying throttling, 5xx and timeouts a few times. With a
   * `signal`, cancelling aborts the HTTP request itself (the cluster may still finish a command it already started)
   * and rejects with `CancelledError`.
   */
  async run(
    target: KustoTarget,
    command: KustoCommand,
    ctx: RequestContext,
    signal?: AbortSignal,
  ): Promise<ResultTable> {
    const { maxRetries, retryDelayInMs, maxRetryDelayInMs } = this.factory.retry;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      try {
        return await this.factory.limit(() => this.once(target, command, signal));
      } catch (e) {
        if (signal?.aborted) throw new CancelledError();
        const err = toServiceError(e, ctx);
        // A dropped connection is retried only for reads: a change may already have been applied.
        const retriable =
          ['throttled', 'server', 'timeout'].includes(err.kind) || (err.kind === 'network' && isRead(command));
        if (attempt >= maxRetries || !retriable) throw err;
        const asked = retryAfterMs(e);
        // A Retry-After longer than we would wait at all: say when to come back instead of retrying early.
        if (asked !== undefined && asked > maxRetryDelayInMs) throw err;
        const wait = asked ?? retryDelayInMs * 2 ** attempt;
        await new Promise((r) => setTimeout(r, Math.min(wait, maxRetryDelayInMs)));
      }
    }
  }

  private async once(target: KustoTarget, command: KustoCommand, signal?: AbortSignal): Promise<ResultTable> {
    const sdk = await loadSdk();
    if (signal?.aborted) throw new CancelledError();
    const client = signal
      ? await this.factory.kustoOwn(target.uri, target.auth)
      : await this.factory.kusto(target.uri, target.auth, target.cacheKey);
    const abort = (): void => client.close();
    signal?.addEventListener('abort', abort, { once: true });
    const props = new sdk.ClientRequestProperties();
    props.setClientTimeout(this.factory.timeoutMs);
    const db = command.database ?? CLUSTER_DB;
    let response: Awaited<ReturnType<typeof client.executeQuery>>;
    try {
      response = command.text.trimStart().startsWith('.')
        ? await client.executeMgmt(db, command.text, props)
        : await client.executeQuery(db, command.text, props);
    } finally {
      if (signal) {
        signal.removeEventListener('abort', abort);
        client.close();
      }
    }
    const table = response.primaryResults[0];
    if (!table) throw new ServiceError('The cluster returned no result table.', 'other', undefined);
    return toResultTable(table);
  }
}

/** The SDK's primary result as the core's table: columns by name and type, rows as raw wire values. */
export function toResultTable(table: {
  readonly columns: readonly { readonly name: string | null; readonly type: string | null }[];
  readonly _rows: readonly unknown[];
}): ResultTable {
  return {
    columns: table.columns.map((c) => ({ name: c.name ?? '', ...(c.type ? { type: c.type } : {}) })),
    // Raw wire values: the core parses them by column name and type.
    rows: table._rows.map((r) => (Array.isArray(r) ? r : Object.values(r as object))),
  };
}

function isRead(command: KustoCommand): boolean {
  const text = command.text.trimStart();
  return !text.startsWith('.') || /^\.show\s/i.test(text);
}

function retryAfterMs(e: unknown): number | undefined {
  const seconds = retryAfterSeconds(e);
  return seconds === undefined ? undefined : seconds * 1000;
}

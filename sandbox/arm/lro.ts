// Long-running operations in the two ARM styles: an Azure-AsyncOperation status URL, or a Location URL polled until 200.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FaultRule } from '../faults';
import { sendJson } from '../http';

export type LroStyle = 'azure-async-operation' | 'location';

interface Operation {
  id: string;
  style: LroStyle;
  pollsLeft: number;
  error?: { code: string; message: string };
  /** makes the change and returns the final resource body (undefined for deletes) */
  apply: () => unknown;
  done?: { ok: true; body: unknown } | { ok: false };
  startTime: string;
}

export class LroManager {
  private ops = new Map<string, Operation>();
  constructor(
    private readonly armBase: () => string,
    public style: LroStyle,
  ) {}

  /** Answers the first request of a PUT/PATCH/DELETE with 202 and the polling header of the current style. */
  start(
    res: ServerResponse,
    subscriptionId: string,
    location: string,
    apply: () => unknown,
    current: unknown,
    fault?: FaultRule,
  ): void {
    const op: Operation = {
      id: randomUUID(),
      style: this.style,
      pollsLeft: fault?.lroPolls ?? 0,
      error: fault?.lroError,
      apply,
      startTime: new Date().toISOString(),
    };
    this.ops.set(op.id, op);
    const kind = op.style === 'location' ? 'operationResultsLocation' : 'operationResults';
    const url = `${this.armBase()}/subscriptions/${subscriptionId}/providers/Microsoft.Kusto/locations/${encodeURIComponent(location)}/${kind}/${op.id}?api-version=2023-08-15`;
    const header: Record<string, string> =
      op.style === 'location' ? { location: url } : { 'azure-asyncoperation': url };
    sendJson(res, 202, current ?? undefined, header);
  }

  /** GET on a polling URL; false when the id is unknown. */
  poll(res: ServerResponse, id: string, kind: string): boolean {
    const op = this.ops.get(id);
    if (!op || (kind === 'operationResultsLocation') !== (op.style === 'location')) return false;
    if (!op.done && op.pollsLeft > 0) {
      op.pollsLeft--;
      if (op.style === 'location') sendJson(res, 202, undefined, { location: `${this.armBase()}${pathOf(res)}` });
      else sendJson(res, 200, { id, name: id, status: 'InProgress', startTime: op.startTime });
      return true;
    }
    if (!op.done) op.done = op.error ? { ok: false } : { ok: true, body: op.apply() };
    const endTime = new Date().toISOString();
    if (op.style === 'azure-async-operation') {
      sendJson(
        res,
        200,
        op.done.ok
          ? { id, name: id, status: 'Succeeded', startTime: op.startTime, endTime }
          : { id, name: id, status: 'Failed', startTime: op.startTime, endTime, error: op.error },
      );
    } else if (!op.done.ok) {
      sendJson(res, 400, { error: op.error });
    } else if (op.done.body === undefined) {
      sendJson(res, 204, undefined);
    } else {
      sendJson(res, 200, op.done.body);
    }
    return true;
  }
}

function pathOf(res: ServerResponse): string {
  return res.req?.url ?? '/';
}

// Tool inputs read into the core's own requests: what the model sent, checked field by field, with errors it can act on.
import { isGuid } from '../guid';
import type { FlowRequest } from '../workflows/flows';
import { FLOWS, type FlowName } from '../workflows/types';

/** A tool input the tool cannot use: the message names the field and what it needs. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

export type ToolInput = Readonly<Record<string, unknown>>;

/** A string field: required ones throw when missing or empty. */
export function text(input: ToolInput, field: string, why?: string): string {
  const v = input[field];
  if (typeof v !== 'string' || !v.trim()) throw new ToolInputError(`'${field}' is required${why ? ` ${why}` : ''}`);
  return v.trim();
}

export function optionalText(input: ToolInput, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ToolInputError(`'${field}' must be a string`);
  return v.trim();
}

function guid(input: ToolInput, field: string, why: string): string {
  const v = text(input, field, why);
  if (!isGuid(v)) throw new ToolInputError(`'${field}' must be an object id (GUID), not '${v}'`);
  return v;
}

/** The readiness request the tool input describes (the same fields as `adx-identity check`, camelCased). */
export function flowRequestOf(input: ToolInput): FlowRequest {
  const flow = text(input, 'flow') as FlowName;
  if (!FLOWS.includes(flow)) throw new ToolInputError(`'flow' must be one of ${FLOWS.join(', ')}, not '${flow}'`);
  const database = text(input, 'database');
  const identity = optionalText(input, 'identity');
  const tenantId = optionalText(input, 'tenant');
  const tenant = tenantId ? { tenant: tenantId } : {};
  const given = identity ? { identity } : {};
  const clientId = optionalText(input, 'clientId');
  const service = () => ({
    objectId: guid(input, 'identity', `for flow ${flow}: the service's managed identity object id`),
    ...(clientId ? { clientId } : {}),
  });
  const table = optionalText(input, 'table');
  switch (flow) {
    case 'continuous-export':
      return {
        flow,
        database,
        exportName: text(input, 'exportName', 'for flow continuous-export'),
        ...given,
        ...tenant,
      };
    case 'external-table':
      return { flow, database, ...(table ? { table } : {}), ...given };
    case 'native-ingestion': {
      const connection = optionalText(input, 'connection');
      return { flow, database, ...(connection ? { connection } : {}), ...given };
    }
    case 'update-policy':
      return { flow, database, table: text(input, 'table', 'for flow update-policy'), ...given, ...tenant };
    case 'stream-analytics':
      return {
        flow,
        database,
        identity: service(),
        table: text(input, 'table', 'for flow stream-analytics'),
        ...tenant,
      };
    case 'functions': {
      const binding = optionalText(input, 'binding') ?? 'both';
      if (binding !== 'input' && binding !== 'output' && binding !== 'both')
        throw new ToolInputError(`'binding' must be input, output or both`);
      return { flow, database, identity: service(), binding, ...(table ? { table } : {}), ...tenant };
    }
    case 'iot-operations': {
      const method = optionalText(input, 'endpointAuth') ?? 'system';
      if (method !== 'system' && method !== 'user') throw new ToolInputError(`'endpointAuth' must be system or user`);
      const auth =
        method === 'system'
          ? ({ method } as const)
          : ({
              method,
              clientId: guid(input, 'clientId', 'for endpointAuth user'),
              tenantId: guid(input, 'tenant', 'for endpointAuth user'),
            } as const);
      return {
        flow,
        database,
        table: text(input, 'table', 'for flow iot-operations'),
        identity: service(),
        auth,
        ...tenant,
      };
    }
  }
}

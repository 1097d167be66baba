// What every ARM route gets, ARM errors, and nextLink paging.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from '../faults';
import type { SandboxState } from '../types';
import type { LroManager } from './lro';

export interface ArmContext {
  state: SandboxState;
  lro: LroManager;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  body: unknown;
  fault?: FaultRule;
  armBase: string;
  tokenTenant: string;
  /** the `oid` of the caller's token */
  caller: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, name: string, rg?: string) =>
  new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${what}/${name}'${rg ? ` under resource group '${rg}'` : ''} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

/** One page of a list, with a `nextLink` (same URL + `$skiptoken`) when more remain. */
export function page<T>(ctx: ArmContext, items: T[]): { value: T[]; nextLink?: string } {
  const skip = Number(ctx.url.searchParams.get('$skiptoken') ?? '0') || 0;
  const size = ctx.state.pageSize;
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const next = new URL(ctx.url.toString());
  next.searchParams.set('$skiptoken', String(skip + size));
  return { value, nextLink: `${ctx.armBase}${next.pathname}${next.search}` };
}

export function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

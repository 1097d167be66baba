// Stored functions of a database: .show functions / function, .create[-or-alter] function, .drop function.
import type { DatabaseState, ScenarioFunction } from '../types';
import type { Command } from './commands';
import { badRequest, notFound, Schema, V1Table, v1Table } from './results';

const FUNCTION_SCHEMA: Schema = [
  ['Name', 'string'],
  ['Parameters', 'string'],
  ['Body', 'string'],
  ['Folder', 'string'],
  ['DocString', 'string'],
];

/** The database's functions (a database made by hand may have no list yet). */
export const functionsOf = (db: DatabaseState): ScenarioFunction[] => (db.functions ??= []);
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** One row per function, in the order they were created. */
export function functionsTable(fns: ScenarioFunction[]): V1Table {
  return v1Table(
    FUNCTION_SCHEMA,
    fns.map((f) => [f.name, f.parameters, f.body, f.folder ?? '', f.docString ?? '']),
  );
}

export function findFunction(db: DatabaseState, name: string): ScenarioFunction {
  const f = functionsOf(db).find((x) => same(x.name, name));
  if (!f) throw notFound('Function', name);
  return f;
}

/**
 * `.create` refuses an existing name (unless `ifnotexists`, which leaves it as it is);
 * `.create-or-alter` replaces the whole definition, folder and docstring included (empty when not given).
 */
export function createFunction(db: DatabaseState, c: Extract<Command, { op: 'createFunction' }>): ScenarioFunction {
  const list = functionsOf(db);
  const existing = list.find((x) => same(x.name, c.name));
  if (existing && c.ifNotExists) return existing;
  if (existing && !c.orAlter) throw badRequest(`Function '${c.name}' already exists in database '${db.name}'.`);
  const fn: ScenarioFunction = {
    name: existing?.name ?? c.name,
    parameters: c.parameters,
    body: c.body,
    folder: c.folder ?? '',
    docString: c.docString ?? '',
  };
  if (existing) list[list.indexOf(existing)] = fn;
  else list.push(fn);
  return fn;
}

/** `.drop function F [ifexists]`: the name of the function removed (no row when `ifexists` found none). */
export function dropFunction(db: DatabaseState, name: string, ifExists: boolean): V1Table {
  const list = functionsOf(db);
  const f = list.find((x) => same(x.name, name));
  if (!f && !ifExists) throw notFound('Function', name);
  if (f) db.functions = list.filter((x) => x !== f);
  return v1Table([['Name', 'string']], f ? [[f.name]] : []);
}

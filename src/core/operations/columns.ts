// "Id:long, Name:string": the column list a user types in one input box, checked as they type.
import type { ColumnInput } from '../commands';
import { checkColumnType, entityNameProblem } from '../kql';

export function parseColumnList(text: string): ColumnInput[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) throw new Error('list columns as name:type, e.g. Id:long, Name:string');
  return parts.map((p) => {
    const m = /^(.+?)\s*:\s*([A-Za-z0-9_]+)$/.exec(p);
    if (!m) throw new Error(`"${p}" is not name:type`);
    const problem = entityNameProblem(m[1]);
    if (problem) throw new Error(`column "${m[1]}": ${problem}`);
    return { name: m[1], type: checkColumnType(m[2].toLowerCase(), 'type') };
  });
}

/** Undefined when the text is a valid column list, else why not. */
export function columnListProblem(text: string): string | undefined {
  try {
    parseColumnList(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

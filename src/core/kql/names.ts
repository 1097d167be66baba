// Entity names (databases, tables, columns, exports): the service's naming rules, and how to write a name in KQL.
import { KqlNameError } from './errors';
import { isKqlKeyword } from './keywords';
import { stringLiteral } from './literals';

export const MAX_NAME_LENGTH = 1024;

/** What the name is for, used in messages: "database name", "column name"… */
export type NameKind = 'database' | 'table' | 'external table' | 'continuous export' | 'column' | 'SQL table' | 'name';

// Letters (with their combining marks), digits, underscore, space, dot and dash: the documented entity-name alphabet.
const ALLOWED = /^[\p{L}\p{M}\p{Nd}_ .-]$/u;
const BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why the service would refuse this name, or undefined when it is a valid entity name. */
export function entityNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name.length === 0) return 'must not be empty';
  // The limit counts characters (code points): an emoji or a CJK extension character is one, not two UTF-16 units.
  const length = codePointLength(name);
  if (length > MAX_NAME_LENGTH) return `is ${length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  if (name.trim() === '') return 'must not be only spaces';
  if (name.startsWith(' ') || name.endsWith(' ')) return 'must not start or end with a space';
  let index = 0;
  for (const ch of name) {
    if (!ALLOWED.test(ch))
      return `contains ${describeChar(ch)} at position ${index}; only letters, digits, '_', ' ', '.' and '-' are allowed`;
    index += ch.length;
  }
  return undefined;
}

/** Throws KqlNameError naming the problem unless `name` is a valid entity name. */
export function checkEntityName(name: unknown, kind: NameKind = 'name', field?: string): string {
  const problem = entityNameProblem(name);
  if (problem !== undefined) throw new KqlNameError(`${kind} ${preview(name)} ${problem}`, field);
  return name as string;
}

/** True when the name may be written without brackets. */
export function isBareName(name: string): boolean {
  return BARE.test(name) && !isKqlKeyword(name);
}

/** The name as KQL: bare when that is valid, else `['…']`. Refuses names the service would refuse. */
export function quoteName(name: string, kind: NameKind = 'name', field?: string): string {
  checkEntityName(name, kind, field);
  return isBareName(name) ? name : `[${stringLiteral(name)}]`;
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

function describeChar(ch: string): string {
  const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (ch === '\n' || ch === '\r') return `a line break (${code})`;
  if (/\p{Cc}/u.test(ch)) return `a control character (${code})`;
  if (/\s/u.test(ch)) return `a whitespace character other than space (${code})`;
  return `'${ch}' (${code})`;
}

function preview(name: unknown): string {
  if (typeof name !== 'string') return String(name);
  const short = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return JSON.stringify(short);
}

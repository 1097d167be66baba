// String literals: any text (newlines, quotes, backslashes, unicode, lone surrogates) written so the parser reads it back unchanged.
import { KqlInputError } from './errors';

// Characters that cannot stand raw inside a KQL string: line breaks, controls, separators and lone surrogates.
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ESCAPE_ALL = new RegExp(`${NEEDS_ESCAPE.source}|[\\\\']`, 'g');

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** `'…'` with backslash escapes: round-trips any text. */
export function stringLiteral(text: string): string {
  return `'${text.replace(ESCAPE_ALL, escapeChar)}'`;
}

/**
 * An obfuscated literal (hidden from the service's logs) for connection strings: `h@'…'` when the text has
 * nothing that needs escaping (a `'` is doubled), else `h'…'` with backslash escapes.
 */
export function obfuscatedStringLiteral(text: string): string {
  if (NEEDS_ESCAPE.test(text)) return `h${stringLiteral(text)}`;
  return `h@'${text.replace(/'/g, "''")}'`;
}

/** A ```…``` block for policy JSON; it has no escapes, so text containing ``` cannot be written. */
export function multilineLiteral(text: string): string {
  if (text.includes('```') || text.endsWith('`'))
    throw new KqlInputError('text contains ``` and cannot be written as a multi-line literal');
  return `\`\`\`${text}\`\`\``;
}

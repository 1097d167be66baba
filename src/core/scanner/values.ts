// Checks of the values a management command carries outside its policy JSON: placeholders left in from a docs page,
// and the connection strings of ingestion, `.list blobs` and external tables (identity, impersonation, URI).
import { isGuid } from '../guid';
import { diagnostic } from '../policy/make';
import type { Diagnostic } from '../policy/types';
import type { Token } from './lexer';
import { mapRange, type Literal } from './literals';

const ANGLE = /<[A-Za-z][\w .:/-]{0,60}>/y;
const BRACE = /\{([A-Za-z][\w.-]{0,60})\}/y;
/** In strings: `<objectId>`, `{tenantId}`, ids redacted as `xxxx` or `****`, a SAS elided as `?...`. */
const IN_STRING =
  /<[A-Za-z][\w .:/-]{0,60}>|\{([A-Za-z][\w.-]{0,60})\}|(?<![A-Za-z0-9])x{4,}(?![A-Za-z0-9])|\*{4,}|\?\.\.\.(?![.\w])/gi;
const REDACTED_WORD = /(?<![A-Za-z0-9])x{4,}(?![A-Za-z0-9])/i;
/** In connection strings only: a secret elided as `...`, AWS's `…EXAMPLE…` keys. */
const IN_CONNECTION_STRING = /[;?]\.\.\.|\w\.\.\.(?=[;'"]|$)|\b[A-Z0-9]*EXAMPLE[A-Z0-9]*\b/gi;
/** In connection strings only: a credential written as its own name (`Password=password`); group 2 is the value. */
const NAMED_CREDENTIAL =
  /((?:^|;)\s*(?:User ?Id|UID|Password|Pwd|AccountKey)\s*=\s*)(user(?:name)?|pass(?:word)?|secret|key)(?=\s*(?:;|$))/gi;
// What each of the two searches above needs somewhere in a string: most strings have none of it, and these plain
// searches are far cheaper than trying the searches' alternatives at every character.
const MAY_HOLD_PLACEHOLDER = /[<{]|xxxx|\*\*\*\*|\?\.\.\./i;
const MAY_HOLD_ELIDED_SECRET = /\.\.\.|example/i;
const FOUR_X = /[xX]{4}/;
/** What stands right before or after a `<…>` or `{…}` that makes it code, not a placeholder. */
const GLUED_BEFORE = /[\w)\]]/;
const GLUED_AFTER = /[\w(]/;
/** `{yyyy}/{MM}` in a path format is a datetime pattern, not a placeholder. */
const DATE_PATTERN = /^[yMdHhmsfFtzK]+$/;

/** The last non-blank character before `at`. */
function before(text: string, at: number): string {
  let k = at - 1;
  while (k >= 0 && /\s/.test(text[k])) k--;
  return k >= 0 ? text[k] : '';
}

/** True for a value that is a placeholder as a whole, or holds a redacted part: other rules leave it to KQL006. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return /^<.*>$|^\{.*\}$/.test(v) || REDACTED_WORD.test(v) || /\*{4,}/.test(v);
}

interface Spot {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** KQL006 once per command, at the first placeholder, naming up to three. `tokens` are the command's own. */
export function placeholderDiagnostics(text: string, tokens: readonly Token[]): Diagnostic[] {
  const spots: Spot[] = [];
  for (const t of tokens) {
    if (t.kind === 'string' && t.literal !== undefined) {
      const literal = t.literal;
      const value = literal.value;
      IN_STRING.lastIndex = MAY_HOLD_PLACEHOLDER.test(value) ? 0 : value.length;
      for (let m = IN_STRING.exec(value); m !== null; m = IN_STRING.exec(value)) {
        if (m[1] !== undefined && DATE_PATTERN.test(m[1])) continue;
        const at = mapRange(literal, m.index, m[0].length);
        spots.push({ ...at, text: m[0] });
      }
      if (value.indexOf(';') >= 0 || value.indexOf('://') >= 0) {
        const found: Spot[] = [];
        IN_CONNECTION_STRING.lastIndex = MAY_HOLD_ELIDED_SECRET.test(value) ? 0 : value.length;
        for (let m = IN_CONNECTION_STRING.exec(value); m !== null; m = IN_CONNECTION_STRING.exec(value))
          found.push({ ...mapRange(literal, m.index, m[0].length), text: m[0] });
        NAMED_CREDENTIAL.lastIndex = value.indexOf('=') >= 0 ? 0 : value.length;
        for (let m = NAMED_CREDENTIAL.exec(value); m !== null; m = NAMED_CREDENTIAL.exec(value))
          found.push({ ...mapRange(literal, m.index + m[1].length, m[2].length), text: m[2] });
        // In the order they stand in the string, as one pass over it would find them.
        if (found.length > 1) found.sort((a, b) => a.offset - b.offset);
        for (const f of found) spots.push(f);
      }
    } else if (t.kind === 'punct' && (t.text === '<' || t.text === '{')) {
      const re = t.text === '<' ? ANGLE : BRACE;
      re.lastIndex = t.start;
      const m = re.exec(text);
      // `a<b and c>d` or `F() {T}` in a query or function body is code: a placeholder stands on its own.
      const glued =
        m !== null &&
        (GLUED_BEFORE.test(text[t.start - 1] ?? '') ||
          GLUED_AFTER.test(text[t.start + m[0].length] ?? '') ||
          (t.text === '{' && before(text, t.start) === ')'));
      if (m !== null && !glued && !(m[1] !== undefined && DATE_PATTERN.test(m[1])))
        spots.push({ offset: t.start, length: m[0].length, text: m[0] });
    } else if (t.kind === 'word' && t.text.length >= 4 && FOUR_X.test(t.text) && REDACTED_WORD.test(t.text)) {
      spots.push({ offset: t.start, length: t.end - t.start, text: t.text });
    }
  }
  if (spots.length === 0) return [];
  const names = [...new Set(spots.map((s) => s.text))];
  const listed =
    names
      .slice(0, 3)
      .map((n) => `'${n}'`)
      .join(', ') + (names.length > 3 ? `, … (${names.length} in all)` : '');
  return [
    diagnostic(
      'KQL006',
      spots[0].offset,
      spots[0].length,
      `A placeholder is still in this command: ${listed}. Replace it with the real value before running it.`,
    ),
  ];
}

// Hoisted: a regex literal inside a function is a new object each time it is evaluated, and these run per string.
const SCHEME_TWICE = /\bhttps?:\/\/https?:\/\//i;
const MANAGED_IDENTITY = /;\s*managed_identity\s*=\s*([^;]*)/i;
const IMPERSONATE = /;\s*impersonate\s*$/i;
const BLOBS = /^blobs?$/i;
const SQL_MANAGED_IDENTITY = /Authentication\s*=\s*"?Active Directory Managed Identity"?/i;
const SQL_USER = /(?:^|;)\s*User\s?Id\s*=\s*([^;]*)/i;

/** Connection strings in the command's string literals: `managed_identity=`, `;impersonate`, SQL managed identity. */
export function connectionStringDiagnostics(tokens: readonly Token[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let listBlobs = false;
  for (let k = 0; k < tokens.length && !listBlobs; k++) {
    const t = tokens[k];
    listBlobs =
      t.kind === 'word' &&
      t.text.length === 5 &&
      t.text.toLowerCase() === '.list' &&
      BLOBS.test(tokens[k + 1]?.text ?? '');
  }
  for (const t of tokens) {
    if (t.kind !== 'string' || t.literal === undefined) continue;
    const literal = t.literal;
    const value = literal.value;
    // Every rule below needs `://`, `;` or `=` in the string: most strings have none of them.
    if (value.indexOf('=') < 0 && value.indexOf(';') < 0 && value.indexOf('://') < 0) continue;
    const scheme = SCHEME_TWICE.exec(value);
    if (scheme) {
      const r = mapRange(literal, scheme.index, scheme[0].length);
      out.push(diagnostic('ING003', r.offset, r.length, 'The URI has its scheme twice: write https:// once.'));
    }
    const mi = MANAGED_IDENTITY.exec(value);
    if (mi) {
      const id = mi[1].trim();
      if (id.toLowerCase() !== 'system' && !isGuid(id) && !isPlaceholder(id)) {
        const r = mapRange(literal, mi.index + mi[0].length - mi[1].length, mi[1].length);
        out.push(
          diagnostic(
            'ING001',
            r.offset,
            Math.max(r.length, 1),
            `managed_identity must be 'system' or the identity's object id (a GUID), not '${id}'.`,
          ),
        );
      }
    }
    const impersonate = listBlobs ? IMPERSONATE.exec(value) : null;
    if (impersonate) {
      const r = mapRange(literal, impersonate.index, impersonate[0].length);
      out.push(
        diagnostic(
          'ING002',
          r.offset,
          r.length,
          '.list blobs does not support impersonation (it feeds queued ingestion, which runs without a user): use ;managed_identity=system or a SAS.',
        ),
      );
    }
    const sql = sqlManagedIdentity(literal);
    if (sql !== undefined) out.push(sql);
  }
  return out;
}

function sqlManagedIdentity(literal: Literal): Diagnostic | undefined {
  const value = literal.value;
  if (!SQL_MANAGED_IDENTITY.test(value)) return undefined;
  const user = SQL_USER.exec(value);
  if (!user) return undefined; // no User Id: the system-assigned identity
  const id = user[1].trim().replace(/^"(.*)"$/, '$1');
  if (isGuid(id) || isPlaceholder(id)) return undefined;
  const r = mapRange(literal, user.index + user[0].length - user[1].length, user[1].length);
  return diagnostic(
    'EXT001',
    r.offset,
    Math.max(r.length, 1),
    `With Authentication="Active Directory Managed Identity", User Id is the identity's object id (a GUID), not '${id}'; leave it out for the system-assigned identity.`,
  );
}

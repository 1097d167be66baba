// The one redaction module: every sink (the extension's log channel, notifications, CLI output, reports) passes text
// through here, so a secret in a command, an error message or a service answer is replaced before anything shows it.

const MASK = '***';

// Keys whose value is a secret, in connection strings (`Key=value;`), query strings (`&sig=`) and JSON (`"key":"v"`).
const SECRET_KEYS = [
  'AccountKey',
  'Password',
  'Pwd',
  'SharedAccessKey',
  'SharedAccessSignature',
  'client_secret',
  'ClientSecret',
  'client_assertion',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'sig',
];
// A value: quoted ("a b", 'a;b', or \"a b\" inside JSON), braced ({a;b}), or bare up to `;`, `&`, a quote, the line end or the next `Key=`.
const SECRET_VALUE = `\\\\"(?:(?!\\\\")[^\\n])*(?:\\\\")?|"(?:[^"\\\\]|\\\\.|"")*"?|'(?:[^'\\\\]|\\\\.|'')*'?|\\{[^}]*\\}?|[^;&\\s'",}]+(?:[ \\t]+(?![^\\s;=]*=)[^;&\\s'",=}]+)*`;
const KEY_VALUE = new RegExp(`\\b(${SECRET_KEYS.join('|')})(["']?[ \\t]*[=:][ \\t]*)(${SECRET_VALUE})`, 'gi');

// An obfuscated KQL string (h'…', h"…", h@'…', H@"…"), closed or cut off by a truncated message.
const OBFUSCATED = /\b([hH]@?)(['"])((?:(?!\2)[^\\]|\\.|\2\2)*)(\2|$)/g;
// A URI followed by `;KEY` that is neither an identity (`;impersonate`, `;managed_identity=…`) nor `Name=value`:
// the storage account key Kusto connection strings append.
const URI_KEY_SUFFIX =
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s;'"]+);(?!impersonate\b|managed_identity=|\*|[A-Za-z][A-Za-z ]*=[^=\s'";])[^\s'";]+/gi;
const USER_INFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^/@\s:'"]*:)[^/@\s'"]+@/gi;
const BEARER = /\b(bearer)(\s+)[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;

// Obfuscated strings that cannot hold a secret stay readable, so a fix command in a report can still be run.
const SAFE_STORAGE =
  /^[a-z][a-z0-9+.-]*:\/\/[^\s;?'"@]*(?:@[^\s;?'"@:]*)?(?:;(?:impersonate|managed_identity=[A-Za-z0-9-]+|\*+))?$/i;
const SAFE_SQL_KEYS = new Set([
  'server',
  'data source',
  'initial catalog',
  'database',
  'authentication',
  'user id',
  'encrypt',
  'trustservercertificate',
  'connect timeout',
]);

function isSafeSql(body: string): boolean {
  const parts = body.split(';').filter((p) => p.trim() !== '');
  return (
    parts.length > 0 &&
    parts.every((p) => {
      const eq = p.indexOf('=');
      return eq > 0 && SAFE_SQL_KEYS.has(p.slice(0, eq).trim().toLowerCase()) && !/['"{}]/.test(p.slice(eq + 1));
    })
  );
}

function obfuscated(match: string, prefix: string, quote: string, body: string, close: string): string {
  if (close !== '' && (body === MASK || SAFE_STORAGE.test(body) || isSafeSql(body))) return match;
  return `${prefix}${quote}${MASK}${quote}`;
}

/** The mask, keeping the value's quotes or braces so a second pass finds the same value. */
function masked(value: string): string {
  const open = value[0];
  if (value.startsWith('\\"')) return `\\"${MASK}\\"`;
  if (open === '"' || open === "'") return `${open}${MASK}${open}`;
  return open === '{' ? `{${MASK}}` : MASK;
}

/** The text with every secret form replaced by `***`. Idempotent; text without secrets comes back unchanged. */
export function redact(text: string): string {
  return text
    .replace(OBFUSCATED, obfuscated)
    .replace(KEY_VALUE, (_m, key: string, sep: string, value: string) => `${key}${sep}${masked(value)}`)
    .replace(URI_KEY_SUFFIX, `$1;${MASK}`)
    .replace(USER_INFO, `$1${MASK}@`)
    .replace(BEARER, `$1$2${MASK}`)
    .replace(JWT, `${MASK}jwt${MASK}`);
}

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  status?: unknown;
  cause?: unknown;
}

/** An error or any value as one redacted text for a log: name, message, code, status, stack and causes; never request objects. */
export function describeForLog(value: unknown, depth = 0): string {
  if (value instanceof Error) {
    const e = value as Error & ErrorLike;
    const facts = [e.code, e.statusCode ?? e.status].filter((x) => typeof x === 'string' || typeof x === 'number');
    const lines = [`${e.name}: ${e.message}${facts.length ? ` (${facts.join(', ')})` : ''}`];
    const frames = e.stack?.split('\n').filter((l) => /^\s+at /.test(l));
    if (frames?.length) lines.push(...frames);
    if (e.cause !== undefined && depth < 3) lines.push(`caused by ${describeForLog(e.cause, depth + 1)}`);
    return redact(lines.join('\n'));
  }
  if (typeof value === 'string') return redact(value);
  try {
    return redact(JSON.stringify(value) ?? String(value));
  } catch {
    return redact(String(value));
  }
}

/** Where a redacting logger writes: the extension's log channel, a test's recorder. */
export interface LogSink {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
export type LogLevel = keyof LogSink;
export type Logger = { [L in LogLevel]: (message: unknown, ...args: unknown[]) => void };

/** The one logger: every message and argument (errors included) is redacted before it reaches the sink. */
export function redactingLogger(sink: LogSink): Logger {
  const write =
    (level: LogLevel) =>
    (message: unknown, ...args: unknown[]): void =>
      sink[level]([message, ...args].map((v) => describeForLog(v)).join(' '));
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

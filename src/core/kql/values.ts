// Scalar values written into commands: identity ids, tenants, timespans and column types, each checked before use.
import { isGuid } from '../guid';
import { KqlInputError } from './errors';

/** An object id (GUID), or `system` for the cluster's system-assigned identity where the command allows it. */
export function checkObjectId(value: unknown, options: { allowSystem: boolean }, field?: string): string {
  if (typeof value === 'string') {
    if (isGuid(value)) return value;
    if (options.allowSystem && value.toLowerCase() === 'system') return 'system';
  }
  const expected = options.allowSystem ? 'an object id (GUID) or "system"' : 'an object id (GUID)';
  throw new KqlInputError(`must be ${expected}, got ${JSON.stringify(value)}`, field);
}

// A tenant is its id, or a verified domain such as contoso.onmicrosoft.com.
const DOMAIN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function checkTenant(value: unknown, field?: string): string {
  if (typeof value === 'string' && (isGuid(value) || DOMAIN.test(value))) return value;
  throw new KqlInputError(`must be a tenant id (GUID) or domain, got ${JSON.stringify(value)}`, field);
}

/** A timespan checked and written so the parser accepts it as a command property value. */
export interface KqlTimespan {
  /** What to write into the command: `1h`, `time(00:05:00)`… */
  readonly text: string;
  readonly milliseconds: number;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  microseconds: 0.001,
  tick: 0.0001,
  ticks: 0.0001,
};
const WITH_UNIT = /^(\d{1,9}(?:\.\d{1,7})?)([a-z]+)$/;
const CLOCK = /^(?:(\d{1,8})\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/** Accepts `1h`, `10m`, `1d`, `90s`, `00:05:00`, `1.02:03:04`, optionally wrapped in `time(…)`. */
export function parseTimespan(value: unknown, field?: string): KqlTimespan {
  const refuse = (why: string): never => {
    throw new KqlInputError(
      `${JSON.stringify(value)} is not a timespan (${why}); use e.g. 1h, 10m, 1d or 00:05:00`,
      field,
    );
  };
  if (typeof value !== 'string') return refuse('not a string');
  const inner = /^time\((.*)\)$/.exec(value)?.[1] ?? value;
  const unit = WITH_UNIT.exec(inner);
  if (unit) {
    const perUnit = UNIT_MS[unit[2]];
    if (perUnit === undefined) return refuse(`unknown unit '${unit[2]}'`);
    return { text: inner, milliseconds: Number(unit[1]) * perUnit };
  }
  const clock = CLOCK.exec(inner);
  if (!clock) return refuse('unrecognised form');
  const [, days, hours, minutes, seconds, fraction] = clock;
  if (Number(minutes) > 59 || Number(seconds ?? 0) > 59) return refuse('minutes and seconds must be below 60');
  if (Number(hours) > 23) return refuse('hours must be below 24; write days as d.hh:mm:ss');
  const ms =
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds ?? 0) * 1000 +
    Number(`0.${fraction ?? '0'}`) * 1000;
  // The parser rejects a bare hh:mm:ss as a property value; time(…) is the literal form it accepts.
  return { text: `time(${inner})`, milliseconds: ms };
}

/** Column types a table or external table may declare (canonical names and the documented synonyms). */
export const COLUMN_TYPES: readonly string[] = [
  'bool',
  'boolean',
  'datetime',
  'date',
  'decimal',
  'dynamic',
  'guid',
  'uniqueid',
  'int',
  'int32',
  'long',
  'int64',
  'real',
  'double',
  'string',
  'timespan',
  'time',
];

export function checkColumnType(value: unknown, field?: string): string {
  if (typeof value === 'string' && COLUMN_TYPES.includes(value)) return value;
  throw new KqlInputError(
    `${JSON.stringify(value)} is not a column type; use one of ${COLUMN_TYPES.join(', ')}`,
    field,
  );
}

export function checkBoolean(value: unknown, field?: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new KqlInputError(`must be true or false, got ${JSON.stringify(value)}`, field);
}

export function checkPositiveInteger(value: unknown, max: number, field?: string): number {
  return checkIntegerInRange(value, 1, max, field);
}

export function checkIntegerInRange(value: unknown, min: number, max: number, field?: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  throw new KqlInputError(`must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`, field);
}

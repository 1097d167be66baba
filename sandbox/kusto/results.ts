// Kusto wire formats: v1 tables (management), v2 frames (queries) and the error bodies of both.

const DATA_TYPES: Record<string, string> = {
  string: 'String',
  datetime: 'DateTime',
  bool: 'Boolean',
  long: 'Int64',
  int: 'Int32',
  real: 'Double',
  dynamic: 'Object',
  timespan: 'TimeSpan',
  guid: 'Guid',
  decimal: 'Decimal',
};

export type Schema = [name: string, type: string][];

export interface V1Table {
  TableName: string;
  Columns: { ColumnName: string; DataType: string; ColumnType: string }[];
  Rows: unknown[][];
}

export function v1Table(schema: Schema, rows: unknown[][], name = 'Table_0'): V1Table {
  return {
    TableName: name,
    Columns: schema.map(([n, t]) => ({ ColumnName: n, DataType: DATA_TYPES[t] ?? 'String', ColumnType: t })),
    Rows: rows.map((r) =>
      r.map((v, i) =>
        schema[i]?.[1] === 'dynamic' && v !== null && typeof v !== 'string' ? JSON.stringify(v) : (v ?? null),
      ),
    ),
  };
}

/** A v1 data set; with three or more tables the last one must be a table of contents. */
export function v1DataSet(tables: V1Table[]): { Tables: V1Table[] } {
  if (tables.length < 2) return { Tables: tables };
  const toc = v1Table(
    [
      ['Ordinal', 'long'],
      ['Kind', 'string'],
      ['Name', 'string'],
      ['Id', 'string'],
      ['PrettyName', 'string'],
    ],
    tables.map((t, i) => [i, 'QueryResult', t.TableName, String(i), '']),
    `Table_${tables.length}`,
  );
  return { Tables: [...tables, toc] };
}

export interface V2Column {
  ColumnName: string;
  ColumnType: string;
}

export function v2Frames(
  schema: Schema,
  rows: unknown[][],
  inBandError?: { code: string; message: string },
): unknown[] {
  const columns: V2Column[] = schema.map(([n, t]) => ({ ColumnName: n, ColumnType: t }));
  const completion = {
    FrameType: 'DataTable',
    TableId: 2,
    TableKind: 'QueryCompletionInformation',
    TableName: 'QueryCompletionInformation',
    Columns: [
      ['Timestamp', 'datetime'],
      ['ClientRequestId', 'string'],
      ['ActivityId', 'guid'],
      ['SubActivityId', 'guid'],
      ['ParentActivityId', 'guid'],
      ['Level', 'int'],
      ['LevelName', 'string'],
      ['StatusCode', 'int'],
      ['StatusCodeName', 'string'],
      ['EventType', 'int'],
      ['EventTypeName', 'string'],
      ['Payload', 'string'],
    ].map(([n, t]) => ({ ColumnName: n, ColumnType: t })),
    Rows: [
      [
        new Date().toISOString(),
        '',
        '',
        '',
        '',
        4,
        'Info',
        0,
        'S_OK (0)',
        4,
        'QueryInfo',
        '{"Count":1,"Text":"Query completed successfully"}',
      ],
    ],
  };
  return [
    {
      FrameType: 'DataSetHeader',
      IsProgressive: false,
      Version: 'v2.0',
      IsFragmented: false,
      ErrorReportingPlacement: 'EndOfTable',
    },
    {
      FrameType: 'DataTable',
      TableId: 0,
      TableKind: 'QueryProperties',
      TableName: '@ExtendedProperties',
      Columns: [
        { ColumnName: 'TableId', ColumnType: 'int' },
        { ColumnName: 'Key', ColumnType: 'string' },
        { ColumnName: 'Value', ColumnType: 'dynamic' },
      ],
      Rows: [[1, 'Visualization', '{"Visualization":null}']],
    },
    {
      FrameType: 'DataTable',
      TableId: 1,
      TableKind: 'PrimaryResult',
      TableName: 'PrimaryResult',
      Columns: columns,
      Rows: rows,
    },
    completion,
    inBandError
      ? {
          FrameType: 'DataSetCompletion',
          HasErrors: true,
          Cancelled: false,
          OneApiErrors: [
            {
              error: {
                code: inBandError.code,
                message: inBandError.message,
                '@type': 'Kusto.Data.Exceptions.KustoServicePartialQueryFailureException',
                '@message': inBandError.message,
                '@permanent': true,
              },
            },
          ],
        }
      : { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
  ];
}

/** An error the service answers over HTTP: status + `{"error":{code,message,@type,@message,@permanent[,innererror]}}`. */
export class KustoError extends Error {
  /** the error this one wraps, rendered as `innererror` (response-v2 page: KustoBadRequestException → SEM0100) */
  inner?: KustoError;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    message: string,
    readonly permanent = true,
  ) {
    super(message);
  }
  body(activityId: string) {
    return { error: this.fields(activityId) };
  }
  private fields(activityId: string): Record<string, unknown> {
    const context = {
      timestamp: new Date().toISOString(),
      serviceAlias: 'SANDBOX',
      machineName: 'sandbox',
      activityId,
    };
    const outer = {
      code: this.code,
      message: this.status === 401 ? 'Unauthorized' : 'Request is invalid and cannot be executed.',
      '@type': this.type,
      '@message': this.message,
      '@context': context,
      '@permanent': this.permanent,
    };
    if (!this.inner) return outer;
    const inner = this.inner.fields(activityId);
    // The inner message without its "Semantic error: SEMnnnn: " prefix, as the response-v2 example prints it.
    const innerMessage = this.inner.message.replace(/^[^:]+: [A-Z]+\d+: /, '');
    return {
      ...outer,
      innererror: { ...inner, message: innerMessage, '@errorCode': this.inner.code, '@errorMessage': innerMessage },
    };
  }
}

/** A semantic error as the response-v2 page prints it: an outer General_BadRequest wrapping the SEMnnnn error. */
export function semanticError(code: string, detail: string): KustoError {
  const inner = new KustoError(
    400,
    code,
    'Kusto.Data.Exceptions.SemanticException',
    `Semantic error: ${code}: ${detail}`,
  );
  const outer = new KustoError(
    400,
    'General_BadRequest',
    'Kusto.Data.Exceptions.KustoBadRequestException',
    `Request is invalid and cannot be processed: ${inner.message}`,
  );
  outer.inner = inner;
  return outer;
}

export const badRequest = (message: string) =>
  new KustoError(400, 'BadRequest', 'Kusto.Data.Exceptions.KustoBadRequestException', message);
/** Databases and tables have their own codes (error-codes page); other entities are BadRequest_EntityNotFound. */
export const notFound = (kind: string, name: string) =>
  kind === 'Database'
    ? new KustoError(
        400,
        'BadRequest_DatabaseNotExist',
        'Kusto.Data.Exceptions.DatabaseNotFoundException',
        `Database '${name}' was not found.`,
      )
    : kind === 'Table'
      ? new KustoError(
          400,
          'BadRequest_TableNotExist',
          'Kusto.Data.Exceptions.TableNotFoundException',
          `Table '${name}' was not found.`,
        )
      : new KustoError(
          400,
          'BadRequest_EntityNotFound',
          'Kusto.Data.Exceptions.EntityNotFoundException',
          `${kind} '${name}' was not found.`,
        );
export const forbidden = (message: string) =>
  new KustoError(403, 'Forbidden', 'Kusto.Data.Exceptions.ForbiddenOperationException', message);

/** `1h`, `30m`, `2d`, `00:05:00` → seconds (undefined when unreadable). */
export function parseTimespan(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(d|h|m|min|s|sec|ms)$/i.exec(v.trim());
  if (m) {
    const unit: Record<string, number> = { d: 86400, h: 3600, m: 60, min: 60, s: 1, sec: 1, ms: 0.001 };
    return Number(m[1]) * unit[m[2].toLowerCase()];
  }
  const t = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(v.trim());
  return t ? Number(t[1] ?? 0) * 86400 + Number(t[2]) * 3600 + Number(t[3]) * 60 + Number(t[4]) : undefined;
}

export function formatTimespan(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const rest = seconds - d * 86400;
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0');
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0');
  const ss = String(Math.floor(rest % 60)).padStart(2, '0');
  return `${d ? `${d}.` : ''}${hh}:${mm}:${ss}`;
}

// Words that are never written bare as a name. Lower-cased; compared without regard to case.
// Seeded from the official parser's keyword kinds plus management-command words; a unit test checks it
// still covers every keyword the parser knows, so a parser upgrade that adds one fails loudly.

export const KQL_KEYWORDS: ReadonlySet<string> = new Set<string>([
  '__contextual_datatable', '__crosscluster', '__crossdb', '__executeandcache', '__id', '__isfuzzy',
  '__nowithsource', '__packedcolumn', '__partitionby', '__projectaway', '__sourcecolumnindex', 'access',
  'accumulate', 'add', 'admins', 'alias', 'alter', 'and', 'anomalychart', 'areachart', 'as', 'asc', 'async',
  'bagexpansion', 'barchart', 'best_effort', 'between', 'bin', 'bin_legacy', 'bool', 'boolean', 'by', 'byte',
  'cachingpolicy', 'callout', 'cancel', 'card', 'char', 'cluster', 'column', 'columnchart', 'columns', 'consume',
  'contains', 'contains_cs', 'containscs', 'continuous', 'count', 'create', 'cycles', 'database', 'databases',
  'dataexport', 'dataformat', 'datascope', 'datatable', 'date', 'datetime', 'datetime_pattern', 'decimal', 'declare',
  'decodeblocks', 'default', 'delete', 'desc', 'disable', 'distinct', 'double', 'drop', 'dynamic', 'earliest',
  'edges', 'enable', 'encodingpolicy', 'endswith', 'endswith_cs', 'entity_group', 'evaluate', 'expandoutput',
  'export', 'exports', 'extend', 'extent_tags_retention', 'extents', 'external', 'external_data', 'externaldata',
  'facet', 'false', 'filter', 'find', 'first', 'flags', 'float', 'force_remote', 'fork', 'from', 'function',
  'functions', 'getschema', 'graph', 'guid', 'harddelete', 'hardretention', 'has', 'has_all', 'has_any', 'has_cs',
  'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'hotcache', 'id', 'ifexists', 'ifnotexists', 'in',
  'ingestion', 'ingestors', 'inline_external_table', 'int', 'int16', 'int32', 'int64', 'int8', 'invoke', 'isfuzzy',
  'join', 'journal', 'kind', 'ladderchart', 'last', 'latest', 'let', 'like', 'likecs', 'limit', 'linechart', 'long',
  'lookup', 'managed_identity', 'materialize', 'materialized', 'mdm', 'missing', 'monitors', 'mvapply', 'mvexpand',
  'nodes', 'nooptimization', 'notcontains', 'notcontainscs', 'notlike', 'notlikecs', 'null', 'nulls', 'of', 'on',
  'optional', 'or', 'order', 'others', 'output', 'over', 'pack', 'parse', 'partition', 'pathformat', 'pattern',
  'piechart', 'pivotchart', 'plotly', 'policies', 'policy', 'principal', 'principals', 'print', 'project', 'queries',
  'query_parameters', 'query_results', 'range', 'real', 'reduce', 'regex', 'relaxed', 'render', 'restrict',
  'restricted_view_access', 'row_level_security', 'rowstore', 'rowstore_references', 'rowstore_sealinfo',
  'rowstorepolicy', 'rowstores', 'sample', 'scan', 'scatterchart', 'seal', 'seals', 'search', 'serialize', 'set',
  'shards', 'show', 'simple', 'softdelete', 'softretention', 'sort', 'sql', 'stackedareachart', 'startswith',
  'startswith_cs', 'statistics', 'step', 'storage', 'storedqueryresultcontainers', 'streamingingestion', 'string',
  'summarize', 'table', 'tablepurge', 'tables', 'take', 'time', 'timechart', 'timeline', 'timepivot', 'timespan',
  'title', 'to', 'top', 'toscalar', 'totable', 'treemap', 'true', 'typeof', 'uint', 'uint16', 'uint32', 'uint64',
  'uint8', 'ulong', 'union', 'uniqueid', 'unrestrictedviewers', 'users', 'uuid', 'verbose', 'view', 'viewers',
  'views', 'where', 'with', 'with_itemindex', 'with_match_id', 'with_node_id', 'with_source', 'with_step_name',
  'withsource', 'writeaheadlog',]);

export function isKqlKeyword(word: string): boolean {
  return KQL_KEYWORDS.has(word.toLowerCase());
}

// Result tables the flows read beyond the shared parsers: `.show tables` and the streaming ingestion policy.
import { readAnswer, SHAPES } from '../results/shapes';
import { ResultShapeError, type ResultTable } from '../results/table';

export function parseTableNames(table: ResultTable): string[] {
  return readAnswer(table, SHAPES.tables, (row) => row.string('TableName'));
}

/** `.show database DB policy streamingingestion`: IsEnabled of the Policy JSON; no policy (null) is off. */
export function parseStreamingIngestionEnabled(table: ResultTable): boolean {
  const rows = readAnswer(table, SHAPES.streamingIngestionPolicy, (row) => row.dynamic('Policy'));
  if (rows.length === 0) return false;
  const policy = rows[0];
  if (policy === undefined || policy === null) return false;
  if (typeof policy !== 'object' || Array.isArray(policy))
    throw new ResultShapeError('streaming ingestion policy: Policy is not a JSON object');
  return (policy as { IsEnabled?: unknown }).IsEnabled === true;
}

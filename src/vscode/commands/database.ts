// Database-level changes: streaming ingestion on/off, create a table from a column list, the external table wizard.
import * as vscode from 'vscode';
import {
  buildCreateSqlExternalTableCommand,
  buildCreateStorageExternalTableCommand,
  buildCreateTableCommand,
  buildDisableStreamingIngestionCommand,
  buildEnableStreamingIngestionCommand,
  STORAGE_FORMATS,
  type ManagementCommand,
  type StorageAuth,
} from '../../core/commands';
import { columnListProblem, parseColumnList } from '../../core/operations';
import type { ClusterRef } from '../../services/catalog';
import { runOrEdit } from './confirm';
import { ask, pickIdentity, validate } from './inputs';
import type { CommandContext, Handler } from './context';
import { withProgress } from './registry';
import { databaseOf, refreshDatabase, required, type ClusterTarget } from './targets';
import type { DatabaseBranch } from '../../services/tree/ids';

async function runOne(
  ctx: CommandContext,
  c: ClusterTarget & { database: string },
  title: string,
  command: ManagementCommand,
  branch?: DatabaseBranch,
): Promise<boolean> {
  await ctx.ops.run.assertWritable(c.ref, c.database);
  if (!(await runOrEdit(title, command))) return false;
  await withProgress(title, (_r, signal) => ctx.ops.run.command(c.ref, command, signal));
  refreshDatabase(ctx.tree, c, c.database, branch);
  void vscode.window.showInformationMessage(`${title}: done.`);
  return true;
}

const STORAGE_URL = (v: string): string | undefined =>
  /^https:\/\/[^\s;?]+$/i.test(v.trim())
    ? undefined
    : 'a storage URL without credentials, e.g. https://account.blob.core.windows.net/container';

/** Asks for every part of an external table; shared with the continuous export wizard. */
export async function askExternalTable(ref: ClusterRef, database: string, name?: string): Promise<ManagementCommand> {
  const tableName = name ?? (await ask('External table name', validate.name));
  const kind = required(
    await vscode.window.showQuickPick(
      [
        { label: 'Azure Storage', sql: false },
        { label: 'SQL', sql: true },
      ],
      { title: `Kind of ${tableName}` },
    ),
  );
  const columns = parseColumnList(
    await ask(`Columns of ${tableName}`, columnListProblem, {
      placeHolder: 'Id:long, Name:string, Timestamp:datetime',
    }),
  );
  if (kind.sql) {
    const sqlTable = await ask('SQL table', validate.name);
    const connectionString = await ask(
      "SQL connection string (sent as h@'…', hidden from logs)",
      (v) => (v.trim() ? undefined : 'required'),
      {
        placeHolder:
          'Server=tcp:srv.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;',
      },
    );
    return buildCreateSqlExternalTableCommand({ database, name: tableName, columns, sqlTable, connectionString });
  }
  const url = await ask('Storage URL', STORAGE_URL, { placeHolder: 'https://account.blob.core.windows.net/container' });
  const format = required(await vscode.window.showQuickPick([...STORAGE_FORMATS], { title: 'Data format' }));
  const authPick = required(
    await vscode.window.showQuickPick(
      [
        {
          label: 'Impersonate',
          detail: 'storage is read / written as the caller (an export then needs a managed identity)',
          auth: 'impersonate' as const,
        },
        {
          label: 'Managed identity',
          detail: "storage is reached as one of the cluster's identities (needs ExternalTable in its policy)",
          auth: 'mi' as const,
        },
      ],
      { title: 'Authentication' },
    ),
  );
  const auth: StorageAuth =
    authPick.auth === 'impersonate'
      ? 'impersonate'
      : { managedIdentity: (await pickIdentity(ref.cluster, 'Identity for storage')).objectId };
  return buildCreateStorageExternalTableCommand({ database, name: tableName, columns, format, uris: [url], auth });
}

export const databaseCommands: Record<string, Handler> = {
  'adxIdentity.streaming.enable': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node, { writable: true });
    await runOne(
      ctx,
      c,
      `Enable streaming ingestion on ${c.database}`,
      buildEnableStreamingIngestionCommand(c.database),
    );
  },
  'adxIdentity.streaming.disable': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node, { writable: true });
    const ok = await vscode.window.showWarningMessage(
      `Disable streaming ingestion on ${c.database}?`,
      { modal: true, detail: 'Streaming ingestion into it (e.g. an IoT Operations dataflow) stops working.' },
      'Continue',
    );
    if (ok !== 'Continue') return;
    await runOne(
      ctx,
      c,
      `Disable streaming ingestion on ${c.database}`,
      buildDisableStreamingIngestionCommand(c.database),
    );
  },
  'adxIdentity.table.create': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node, { writable: true });
    const name = await ask('Table name', validate.name);
    const columns = parseColumnList(
      await ask(`Columns of ${name}`, columnListProblem, { placeHolder: 'Id:long, Name:string' }),
    );
    await runOne(ctx, c, `Create table ${name} in ${c.database}`, buildCreateTableCommand(c.database, name, columns));
  },
  'adxIdentity.externalTable.create': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node, { writable: true });
    await ctx.ops.run.assertWritable(c.ref, c.database);
    const command = await askExternalTable(c.ref, c.database);
    await runOne(ctx, c, `Create external table in ${c.database}`, command, 'externalTables');
  },
};

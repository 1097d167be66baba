// What "Check Readiness…" checks: the flow and its inputs, from the tree node it was invoked on, else quick picks and input boxes.
import * as vscode from 'vscode';
import type { FlowName, FlowRequest } from '../../core/workflows';
import type { DataflowAuth } from '../../core/workflows/generators';
import type { ModelNode } from '../../services/tree/node';
import { ask, validate } from '../commands/inputs';
import { modelOf, nodeOf, pickDatabase, required, type ClusterTarget } from '../commands/targets';
import type { TreeApi } from '../tree/register';

interface FlowItem extends vscode.QuickPickItem {
  readonly flow: FlowName;
}

export const FLOW_ITEMS: readonly FlowItem[] = [
  {
    flow: 'continuous-export',
    label: 'Continuous export',
    detail: 'An export running as a managed identity: identity, policy, roles, interval, recent runs',
  },
  {
    flow: 'external-table',
    label: 'External table',
    detail: 'External tables reading storage or SQL with a managed identity or impersonation',
  },
  {
    flow: 'native-ingestion',
    label: 'Event Hub / IoT Hub native ingestion',
    detail: 'Data connections ingesting with a managed identity',
  },
  {
    flow: 'stream-analytics',
    label: 'Azure Stream Analytics output',
    detail: "The job's identity writing to a table: Ingestor, Monitor, the table",
  },
  {
    flow: 'functions',
    label: 'Azure Functions Kusto binding',
    detail: "The Function's identity: Viewer / Ingestor, and the generated bindings",
  },
  {
    flow: 'iot-operations',
    label: 'Azure IoT Operations dataflow endpoint',
    detail: 'Streaming ingestion, the table, Ingestor, and the DataflowEndpoint YAML',
  },
  {
    flow: 'update-policy',
    label: 'Update policy',
    detail:
      "A table's update policy running as a managed identity: identity, AutomatedFlows, Viewer on what its query (and functions) read",
  },
];

export const flowLabel = (flow: FlowName): string => FLOW_ITEMS.find((f) => f.flow === flow)?.label ?? flow;

/** The flow a node implies (an export, an external table, a data connection), else the one picked. */
export async function flowOf(node: unknown): Promise<FlowName> {
  const kind = nodeOf(node)?.kind;
  if (kind === 'continuousExport' || kind === 'exportFailure') return 'continuous-export';
  if (kind === 'externalTable') return 'external-table';
  if (kind === 'dataConnection') return 'native-ingestion';
  if (kind === 'updatePolicy') return 'update-policy';
  // Folders put their own flow first, so Enter picks the likely one.
  const first: Partial<Record<ModelNode['kind'], FlowName>> = {
    continuousExports: 'continuous-export',
    externalTables: 'external-table',
    dataConnections: 'native-ingestion',
    updatePolicies: 'update-policy',
  };
  const lead = kind ? first[kind] : undefined;
  const items = lead
    ? [...FLOW_ITEMS.filter((f) => f.flow === lead), ...FLOW_ITEMS.filter((f) => f.flow !== lead)]
    : [...FLOW_ITEMS];
  return required(
    await vscode.window.showQuickPick(items, {
      title: 'Check Readiness',
      placeHolder: 'Which workflow should this cluster be ready for?',
      matchOnDetail: true,
      // A wizard of several steps: focus moving to an editor or webview in between must not end it (Esc still does).
      ignoreFocusOut: true,
    }),
  ).flow;
}

/** Collects everything the flow needs; what the node names is not asked again. */
export async function requestFor(
  tree: TreeApi,
  cluster: ClusterTarget,
  flow: FlowName,
  node: unknown,
): Promise<FlowRequest> {
  const model = modelOf(node);
  const database =
    model?.database?.name ??
    (await pickDatabase(tree, cluster, { writable: flow !== 'continuous-export' && flow !== 'external-table' }));
  const { ref } = cluster;
  switch (flow) {
    case 'continuous-export': {
      const exportName =
        model?.export?.name ??
        (await pickOne(
          'Continuous export',
          (await tree.catalog.continuousExports(ref, database)).map((e) => ({
            label: e.name,
            description: [e.isDisabled ? 'disabled' : 'enabled', e.lastRunResult].filter(Boolean).join(' · '),
          })),
          `No continuous exports in ${database}.`,
        ));
      return { flow, database, exportName, ...scriptNaming(exportName) };
    }
    case 'external-table': {
      const table =
        model?.externalTable?.name ??
        (await pickOptional(
          'External table',
          'Every table using a managed identity or impersonation',
          (await tree.catalog.externalTables(ref, database)).map((t) => ({ label: t.name, description: t.tableType })),
        ));
      return { flow, database, ...(table ? { table } : {}) };
    }
    case 'native-ingestion': {
      if (ref.cluster.source !== 'arm') {
        // Without ARM the data connections are invisible; an identity still lets the policy be checked.
        const identity = await askOptional(
          'Identity the data connections use (optional)',
          'system, or an object id; empty to skip',
          (v) => (v === 'system' ? undefined : validate.objectId(v)),
        );
        return { flow, database, ...(identity ? { identity } : {}) };
      }
      const connection =
        model?.dataConnection?.name ??
        (await pickOptional(
          'Data connection',
          'Every Event Hub / IoT Hub data connection',
          (await tree.catalog.dataConnections(ref, database)).map((d) => ({ label: d.name, description: d.kind })),
        ));
      return { flow, database, ...(connection ? { connection } : {}) };
    }
    case 'stream-analytics': {
      const objectId = await ask(
        "Principal (object) id of the Stream Analytics job's managed identity",
        validate.objectId,
        { placeHolder: '00000000-0000-0000-0000-000000000000' },
      );
      const table = await ask('Output table the job writes to', validate.name);
      return { flow, database, identity: { objectId }, table, ...(await tenantOf(cluster)) };
    }
    case 'functions': {
      const objectId = await ask("Principal (object) id of the Function's managed identity", validate.objectId, {
        placeHolder: '00000000-0000-0000-0000-000000000000',
      });
      const binding = required(
        await vscode.window.showQuickPick(
          [
            { label: 'input', detail: 'the Function queries the database (Viewer)' },
            { label: 'output', detail: 'the Function ingests into a table (Ingestor)' },
            { label: 'both', detail: 'input and output bindings' },
          ] as const,
          { title: 'Kusto binding', ignoreFocusOut: true },
        ),
      ).label;
      const table = binding === 'input' ? undefined : await ask('Table the output binding writes to', validate.name);
      // ARM finds the client id among the subscription's user-assigned identities; a direct connection has to be told.
      const clientId =
        ref.cluster.source === 'arm'
          ? undefined
          : await askOptional(
              'Client id of the identity (optional, for the generated bindings)',
              'empty to skip',
              validate.objectId,
            );
      return {
        flow,
        database,
        binding,
        identity: { objectId, ...(clientId ? { clientId } : {}) },
        ...(table ? { table } : {}),
        ...(await tenantOf(cluster)),
      };
    }
    case 'update-policy': {
      const policies = await tree.catalog.updatePolicies(ref, database);
      const tables = [...new Set(policies.map((u) => u.table))];
      const table =
        model?.updatePolicy?.table ??
        (await pickOne(
          'Table whose update policy to check',
          tables.map((t) => {
            const entries = policies.filter((u) => u.table === t);
            return {
              label: t,
              description: entries
                .map((u) => `← ${u.source}${u.managedIdentity ? ` as ${u.managedIdentity}` : ''}`)
                .join(', '),
            };
          }),
          `No table of ${database} has an update policy.`,
        ));
      return {
        flow,
        database,
        table,
        ...(cluster.ref.cluster.tenantId ? { tenant: cluster.ref.cluster.tenantId } : {}),
      };
    }
    case 'iot-operations': {
      const table = await ask('Table the dataflow writes to', validate.name, { value: 'thermostat' });
      const objectId = await ask(
        "Principal (object) id of the IoT Operations extension's identity (or the user-assigned one)",
        validate.objectId,
      );
      return {
        flow,
        database,
        table,
        identity: { objectId },
        auth: await dataflowAuth(cluster),
        ...(await tenantOf(cluster)),
      };
    }
  }
}

/** An export kept in the active `.kql` document: its text lets the check see how managedIdentity is written. */
function scriptNaming(exportName: string): { scriptText?: string } {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId !== 'kusto') return {};
  const text = doc.getText();
  return new RegExp(`continuous-export\\s+${exportName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text)
    ? { scriptText: text }
    : {};
}

async function tenantOf(cluster: ClusterTarget): Promise<{ tenant: string }> {
  return {
    tenant:
      cluster.ref.cluster.tenantId ?? (await ask('Tenant id of the identity (for the role commands)', validate.tenant)),
  };
}

async function dataflowAuth(cluster: ClusterTarget): Promise<DataflowAuth> {
  const pick = required(
    await vscode.window.showQuickPick(
      [
        { label: 'System-assigned', detail: "the IoT Operations extension's own identity", method: 'system' as const },
        {
          label: 'User-assigned',
          detail: 'a user-assigned identity federated with the extension',
          method: 'user' as const,
        },
      ],
      { title: 'How the dataflow endpoint authenticates', ignoreFocusOut: true },
    ),
  );
  if (pick.method === 'system') return { method: 'system' };
  const clientId = await ask('Client id of the user-assigned identity', validate.objectId);
  const tenantId = cluster.ref.cluster.tenantId ?? (await ask('Tenant id of the identity', validate.tenant));
  return { method: 'user', clientId, tenantId };
}

async function pickOne(title: string, items: vscode.QuickPickItem[], none: string): Promise<string> {
  if (!items.length) throw new Error(none);
  return required(await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true })).label;
}

async function pickOptional(
  title: string,
  allLabel: string,
  items: vscode.QuickPickItem[],
): Promise<string | undefined> {
  const all: vscode.QuickPickItem = { label: `$(list-flat) ${allLabel}` };
  const pick = required(await vscode.window.showQuickPick([all, ...items], { title, ignoreFocusOut: true }));
  return pick === all ? undefined : pick.label;
}

async function askOptional(
  title: string,
  placeHolder: string,
  check: (v: string) => string | undefined,
): Promise<string | undefined> {
  const value = required(
    await vscode.window.showInputBox({
      title,
      placeHolder,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? (check(v.trim()) ?? null) : null),
    }),
  ).trim();
  return value || undefined;
}

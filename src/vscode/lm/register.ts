// The identity tools for VS Code's agents: language model tools (vscode.lm.registerTool) whose code loads on first use,
// and the `adx-identity mcp` server offered to VS Code's MCP support. The change tool exists only behind a setting.
import * as vscode from 'vscode';
import type { ToolInput } from '../../core/tools/inputs';
import { ALLOW_CHANGES_SETTING, CHANGE_TOOL } from '../../core/tools/names';
import type { Catalog, ClusterRef } from '../../services/catalog';
import type { Operations } from '../../services/operations/operations';
import { getLog } from '../log';
import { getSandbox } from '../settings';

type ToolsModule = typeof import('./tools');
let loaded: Promise<ToolsModule> | undefined;
/** The tools' code (dist/tools.js), loaded on the first call. */
const tools = (): Promise<ToolsModule> => (loaded ??= import('./tools'));

const allowChanges = (): boolean => vscode.workspace.getConfiguration().get<boolean>(ALLOW_CHANGES_SETTING, false);

export interface LanguageModelToolsApi {
  /** The registered implementation of a tool (tests reach the change tool's confirmation without its modal). */
  implementation(name: string): vscode.LanguageModelTool<ToolInput> | undefined;
}

/** What the tools run on: the loaded extension's catalog and operations, and its clusters by name. */
export interface AgentHost {
  readonly catalog: Catalog;
  readonly ops: Operations;
  cluster(name: string): Promise<ClusterRef>;
}

/**
 * Registers the tools at activation (from the activation shell); `load` gives what they run on, loading the rest of
 * the extension on the first call.
 */
export function registerAgentTools(context: vscode.ExtensionContext, load: () => AgentHost): LanguageModelToolsApi {
  const implementations = new Map<string, vscode.LanguageModelTool<ToolInput>>();
  // Engines without the language model API (before 1.95) simply get no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return { implementation: () => undefined };
  const host = () => ({ ...load(), allowChanges: allowChanges() });
  const log = getLog();
  /** The commands each confirmation showed, by input: what runs must be what the user saw. */
  const confirmed = new Map<string, readonly string[]>();

  const make = (name: string): vscode.LanguageModelTool<ToolInput> => ({
    async invoke(options, token) {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        const key = JSON.stringify(options.input);
        const shown = confirmed.get(key);
        confirmed.delete(key);
        log.info(`tool ${name}`);
        const out = await (
          await tools()
        ).invokeTool(host(), name, options.input, {
          signal: controller.signal,
          ...(shown ? { confirmed: shown } : {}),
        });
        if (out.isError) throw new Error(out.text);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(out.text)]);
      } finally {
        cancel.dispose();
      }
    },
    ...(name === CHANGE_TOOL
      ? {
          async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<ToolInput>) {
            const t = await tools();
            const proposal = await t.proposeFixes(host(), options.input);
            const texts = proposal.commands.map((c) => c.text);
            confirmed.set(JSON.stringify(options.input), texts);
            const cluster = proposal.ref.cluster.name;
            if (!texts.length)
              return { invocationMessage: `Nothing to fix on ${cluster}: the check says ${proposal.report.verdict}` };
            const loses = proposal.losses.length
              ? `**What they lose:**\n\n${proposal.losses.map((l) => `- ${l}`).join('\n')}\n\n`
              : '**What they lose:** nothing (they only add).\n\n';
            return {
              invocationMessage: `Running ${texts.length} fix(es) on ${cluster}`,
              confirmationMessages: {
                title: `Run ${texts.length} command${texts.length === 1 ? '' : 's'} on ${cluster}?`,
                message: new vscode.MarkdownString(
                  `These commands fix the ${proposal.report.flow} check of ${proposal.report.database ?? 'the cluster'} (now: ${proposal.report.verdict}). They run in order and stop at the first failure; the check runs again afterwards.\n\n` +
                    `\`\`\`kusto\n${t.fixScript(proposal.commands)}\`\`\`\n\n${loses}`,
                ),
              },
            };
          },
        }
      : {}),
  });

  const contributed = (
    (context.extension.packageJSON as { contributes?: { languageModelTools?: { name: string }[] } }).contributes
      ?.languageModelTools ?? []
  ).map((t) => t.name);
  for (const name of contributed) implementations.set(name, make(name));
  for (const name of contributed)
    if (name !== CHANGE_TOOL) context.subscriptions.push(vscode.lm.registerTool(name, implementations.get(name)!));

  // The change tool is registered only while the setting allows it.
  let change: vscode.Disposable | undefined;
  const syncChangeTool = (): void => {
    const impl = implementations.get(CHANGE_TOOL);
    if (allowChanges() && impl && !change) change = vscode.lm.registerTool(CHANGE_TOOL, impl);
    if (!allowChanges() && change) {
      change.dispose();
      change = undefined;
    }
  };
  syncChangeTool();
  context.subscriptions.push({ dispose: () => change?.dispose() });
  context.subscriptions.push(...registerMcpServer(context));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(ALLOW_CHANGES_SETTING)) syncChangeTool();
    }),
  );
  return { implementation: (name) => (name === CHANGE_TOOL && !change ? undefined : implementations.get(name)) };
}

export const MCP_PROVIDER_ID = 'adxIdentity.mcp';

/** `adx-identity mcp` (dist/mcp.js) for VS Code's agents, run by the editor's own Node; the sandbox when one is set. */
function registerMcpServer(context: vscode.ExtensionContext): vscode.Disposable[] {
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function') return [];
  const changed = new vscode.EventEmitter<void>();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0');
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const sandbox = getSandbox();
      const args = [
        context.asAbsolutePath('dist/mcp.js'),
        ...(sandbox ? ['--sandbox', sandbox] : ['--auth', 'default']),
        ...(allowChanges() ? ['--allow-changes'] : []),
      ];
      return [
        new vscode.McpStdioServerDefinition(
          'Azure Data Explorer identities',
          process.execPath,
          args,
          { ELECTRON_RUN_AS_NODE: '1' },
          version,
        ),
      ];
    },
  };
  return [
    changed,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(ALLOW_CHANGES_SETTING) || e.affectsConfiguration('adxIdentity.sandbox'))
        changed.fire();
    }),
  ];
}

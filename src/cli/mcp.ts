// `adx-identity mcp`: the identity tools over the Model Context Protocol (stdio), for any agent. The low-level Server with
// the tools' own JSON Schemas; credentials as every other subcommand (--auth, --sandbox); read-only unless --allow-changes.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { SavedStates, type StateStore } from '../core/operations/backup';
import { redact } from '../core/operations/redact';
import { offeredTools } from '../core/tools/definitions';
import type { ToolInput } from '../core/tools/inputs';
import { Catalog, type ClusterRef } from '../services/catalog';
import { ClientFactory } from '../services/factory';
import { Operations } from '../services/operations/operations';
import { invokeTool, type ToolHost } from '../services/tools/invoke';
import { AUTH_FLAGS, AUTH_USAGE, AuthUsageError, cliClusterRef, openCliAccess, type CliAccess } from './auth';
import { limitsFrom } from './checkRun';
import { cliVersion } from './formats/version';
import type { CliIo } from './io';

export const MCP_USAGE = `Usage: adx-identity mcp [--allow-changes] [--timeout SECONDS] [credentials]

A Model Context Protocol server on standard input and output: the identity tools (validate KQL, explain an identity,
readiness checks, generate commands, cluster report) for any agent. Tools name the cluster by its URL.
  --allow-changes          also offer adx_identity_apply_readiness_fixes, which runs readiness fixes on a cluster
  --timeout SECONDS        per request (default 60)
${AUTH_USAGE}Messages go to standard error; standard output carries only the protocol.
`;

const FLAGS = [...AUTH_FLAGS, 'timeout'];

function parseArgs(
  args: readonly string[],
): { o: Record<string, string>; allowChanges: boolean } | { problem: string } {
  const o: Record<string, string> = {};
  let allowChanges = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--allow-changes') {
      allowChanges = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !FLAGS.includes(m[1])) return { problem: `unknown argument '${a}'` };
    const value = m[2] ?? args[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--')))
      return { problem: `--${m[1]} needs a value` };
    o[m[1]] = value;
  }
  return { o, allowChanges };
}

/** Backups of what a fix replaced live as long as the server (the extension keeps its own in VS Code's state). */
function memoryStore(): StateStore {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key, value) => void values.set(key, value),
    keys: () => [...values.keys()],
  };
}

/** The tools as MCP lists them: the same names, descriptions and input schemas as VS Code's. */
export function mcpTools(allowChanges: boolean): Tool[] {
  return offeredTools(allowChanges).map((t) => ({
    name: t.name,
    title: t.title,
    description: t.modelDescription,
    inputSchema: t.inputSchema as Tool['inputSchema'],
    annotations: {
      title: t.title,
      readOnlyHint: t.readOnly,
      destructiveHint: !t.readOnly,
      idempotentHint: t.readOnly,
      openWorldHint: false,
    },
  }));
}

export interface McpEnvironment {
  /** The environment the credentials read (default process.env). */
  readonly vars?: Record<string, string | undefined>;
  /** The protocol's streams (default the process's standard input and output). */
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout?: NodeJS.WritableStream;
}

/** Serves until standard input closes; 2 for a usage error (said before any protocol starts). */
export async function runMcp(args: readonly string[], io: CliIo, env: McpEnvironment = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stderr(MCP_USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  const fail = (problem: string): number => {
    io.stderr(`adx-identity mcp: ${problem}\n${MCP_USAGE}`);
    return 2;
  };
  if ('problem' in parsed) return fail(parsed.problem);
  const limits = limitsFrom(parsed.o);
  if ('problem' in limits) return fail(limits.problem);
  const factory = new ClientFactory({ version: 'cli', timeoutMs: limits.timeoutMs });
  const catalog = new Catalog(factory);
  let access: CliAccess;
  try {
    access = await openCliAccess(parsed.o, factory, env.vars ?? process.env);
  } catch (e) {
    await factory.dispose();
    if (e instanceof AuthUsageError) return fail(e.message);
    throw e;
  }
  const say = (t: string): void => io.stderr(redact(`adx-identity mcp: ${t}\n`));
  const ops = new Operations(catalog, new SavedStates(memoryStore()), {
    log: { info: () => undefined, warn: (m) => say(m) },
  });
  const refs = new Map<string, Promise<ClusterRef>>();
  const host: ToolHost = {
    catalog,
    ops,
    allowChanges: parsed.allowChanges,
    cluster: (name) => {
      if (!/^https?:\/\/[^\s/@]+(\/.*)?$/i.test(name))
        return Promise.reject(
          new Error(`'cluster' must be the cluster's URL (https://<name>.<region>.kusto.windows.net), not '${name}'`),
        );
      const key = name.replace(/\/+$/, '').toLowerCase();
      let ref = refs.get(key);
      if (!ref) {
        ref = cliClusterRef({ cluster: name.replace(/\/+$/, '') }, access, catalog, say);
        // A failed lookup is tried again on the next call, not remembered.
        ref.catch(() => refs.delete(key));
        refs.set(key, ref);
      }
      return ref;
    },
  };
  const server = new Server(
    { name: 'adx-identity', title: 'Azure Data Explorer identities', version: cliVersion() },
    {
      capabilities: { tools: {} },
      instructions:
        'Tools for Azure Data Explorer (Kusto) managed identities: validate management commands, explain what an identity can do on a cluster, check a workflow’s readiness, generate commands from specs, report a cluster’s identity configuration. Clusters are named by URL.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: mcpTools(parsed.allowChanges) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const out = await invokeTool(host, request.params.name, (request.params.arguments ?? {}) as ToolInput, {
      signal: extra.signal,
    });
    return { content: [{ type: 'text', text: out.text }], structuredContent: out.data, isError: out.isError };
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  const transport = new StdioServerTransport(
    (env.stdin ?? process.stdin) as NodeJS.ReadStream,
    (env.stdout ?? process.stdout) as NodeJS.WriteStream,
  );
  await server.connect(transport);
  // The stdio transport does not notice the end of its input: the client closing stdin ends the server.
  (env.stdin ?? process.stdin).once('end', () => void server.close());
  say(
    `serving ${mcpTools(parsed.allowChanges).length} tools (${access.describe}${parsed.allowChanges ? ', changes allowed' : ', read-only'})`,
  );
  await closed;
  await factory.dispose();
  return 0;
}

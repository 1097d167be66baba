// The identity tools offered to language models (VS Code's language model tools and the `adx-identity mcp` server):
// one table, so both hosts and package.json describe the same tools with the same input schemas.
import { GENERATE_SPEC_KINDS } from '../commands/spec';
import { FLOWS } from '../workflows/types';
import { ALLOW_CHANGES_SETTING, CHANGE_TOOL } from './names';

export { ALLOW_CHANGES_SETTING, CHANGE_TOOL };

/** A JSON Schema object, as VS Code and MCP take it (draft-07 subset, no $ref). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface ToolDefinition {
  /** The tool's name for VS Code and MCP (letters, digits, `_`). */
  readonly name: string;
  /** What a person sees in a tool picker. */
  readonly title: string;
  /** `#name` in a chat prompt. */
  readonly toolReferenceName: string;
  /** Written for a model: when to call it, what it needs, what comes back. */
  readonly modelDescription: string;
  readonly inputSchema: JsonSchema;
  /** False for the one tool that changes a cluster: offered only when changes are allowed. */
  readonly readOnly: boolean;
  readonly tags: readonly string[];
}

const CLUSTER = {
  type: 'string',
  description:
    'The cluster: its URL (https://<name>.<region>.kusto.windows.net) or, in VS Code, its name as the Azure Data Explorer Identities view shows it.',
} as const;

const READINESS_INPUT = {
  type: 'object',
  properties: {
    cluster: CLUSTER,
    flow: { type: 'string', enum: [...FLOWS], description: 'The workflow whose prerequisites to check.' },
    database: { type: 'string', description: 'The database the flow writes to or reads from.' },
    exportName: { type: 'string', description: 'continuous-export: the continuous export to check (required).' },
    table: {
      type: 'string',
      description:
        'external-table: one external table (optional); update-policy: the table the update policy fills (required); stream-analytics, functions, iot-operations: the target table (required except functions).',
    },
    connection: { type: 'string', description: 'native-ingestion: one data connection (optional).' },
    identity: {
      type: 'string',
      description:
        'The managed identity: "system" or an object id. continuous-export, external-table, native-ingestion, update-policy: the identity it should use (optional); stream-analytics, functions, iot-operations: the service\'s object id (required).',
    },
    clientId: {
      type: 'string',
      description: "functions, iot-operations (endpointAuth user): the identity's client id.",
    },
    tenant: { type: 'string', description: 'The tenant id written into principals the fixes add.' },
    binding: {
      type: 'string',
      enum: ['input', 'output', 'both'],
      description: 'functions: the binding (default both).',
    },
    endpointAuth: {
      type: 'string',
      enum: ['system', 'user'],
      description: 'iot-operations: the dataflow endpoint authentication (default system).',
    },
  },
  required: ['cluster', 'flow', 'database'],
  additionalProperties: false,
} as const;

export const TOOLS: readonly ToolDefinition[] = [
  {
    name: 'adx_identity_validate_kql',
    title: 'Validate Kusto management commands',
    toolReferenceName: 'adxValidate',
    modelDescription:
      "Checks Azure Data Explorer (Kusto) management commands offline, as the adx-identity linter does: managed identity policies (.alter/.alter-merge cluster|database policy managed_identity), continuous exports, external tables (managed_identity= connection strings), update policies and principal commands (.add database … viewers ('aadapp=…')). Give the whole script text; commands are separated by blank lines. Returns each finding with its line and column (1-based), severity, rule code, message and, when the fix is certain, the exact replacement text. Read-only, needs no cluster.",
    inputSchema: {
      type: 'object',
      properties: {
        text: {
          type: 'string',
          description: 'The KQL script: one or more management commands separated by blank lines.',
        },
      },
      required: ['text'],
      additionalProperties: false,
    },
    readOnly: true,
    tags: ['kusto', 'azure-data-explorer', 'managed-identity', 'lint'],
  },
  {
    name: 'adx_identity_explain_identity',
    title: "Explain a managed identity's access",
    toolReferenceName: 'adxExplainIdentity',
    modelDescription:
      'Explains what one managed identity can do on an Azure Data Explorer cluster, read live from the cluster: whether it is assigned to the cluster, the usages the managed identity policies allow it (by scope: cluster or database), the roles it holds in each database, the flows that run as it (continuous exports, update policies, external tables, data connections), and what would break if it were removed from the cluster. Identity: "system" for the system-assigned identity, or an object id, client id, resource id or name of a user-assigned identity. Read-only.',
    inputSchema: {
      type: 'object',
      properties: {
        cluster: CLUSTER,
        identity: {
          type: 'string',
          description:
            '"system", or a user-assigned identity\'s object (principal) id, client id, resource id or name.',
        },
      },
      required: ['cluster', 'identity'],
      additionalProperties: false,
    },
    readOnly: true,
    tags: ['kusto', 'azure-data-explorer', 'managed-identity'],
  },
  {
    name: 'adx_identity_check_readiness',
    title: 'Check a workflow’s readiness',
    toolReferenceName: 'adxReadiness',
    modelDescription:
      'Runs the read-only readiness check of one workflow on an Azure Data Explorer cluster (the same checks as `adx-identity check`): continuous-export, external-table, native-ingestion, stream-analytics, functions, iot-operations or update-policy. Returns the verdict (passed, failed or unknown), every prerequisite with its verdict and reason, the exact management commands that fix a failed one, advice for what lies outside Kusto, and generated configuration for the other service when the flow makes one. Nothing is changed; the fixes are only proposed.',
    inputSchema: READINESS_INPUT,
    readOnly: true,
    tags: ['kusto', 'azure-data-explorer', 'managed-identity', 'readiness'],
  },
  {
    name: 'adx_identity_generate_commands',
    title: 'Generate management commands',
    toolReferenceName: 'adxGenerate',
    modelDescription:
      'Builds exact, correctly quoted Azure Data Explorer management commands from JSON specs (the same specs as `adx-identity generate`, docs/cli-generate.md), instead of writing KQL by hand. Each spec has a `kind` and its fields, e.g. {"kind":"alter-policy","scope":"database","database":"Sales","entries":[{"objectId":"system","usages":["AutomatedFlows"]}]}, {"kind":"add-principal","database":"Sales","role":"viewers","principal":{"app":"<object id>","tenant":"<tenant id>"}}, {"kind":"create-continuous-export","database":"Sales","name":"E","externalTable":"T","query":"Orders","intervalBetweenRuns":"10m","managedIdentity":"system"}. An invalid spec returns an error naming the bad field. Nothing is run.',
    inputSchema: {
      type: 'object',
      properties: {
        specs: {
          type: 'array',
          minItems: 1,
          description: 'One or more command specs; the commands come back in the same order.',
          items: {
            type: 'object',
            properties: { kind: { type: 'string', enum: [...GENERATE_SPEC_KINDS] } },
            required: ['kind'],
          },
        },
      },
      required: ['specs'],
      additionalProperties: false,
    },
    readOnly: true,
    tags: ['kusto', 'azure-data-explorer', 'managed-identity', 'generate'],
  },
  {
    name: 'adx_identity_cluster_report',
    title: "Report a cluster's identity configuration",
    toolReferenceName: 'adxReport',
    modelDescription:
      "Reads an Azure Data Explorer cluster's whole managed identity configuration and returns it as a Markdown report: every identity (system-assigned and user-assigned, with object and client ids and whether it is assigned to the cluster) against every database — the usages the policies allow, the roles it holds, and the continuous exports, update policies, external tables and data connections that use it — plus what could not be read. Read-only.",
    inputSchema: {
      type: 'object',
      properties: { cluster: CLUSTER },
      required: ['cluster'],
      additionalProperties: false,
    },
    readOnly: true,
    tags: ['kusto', 'azure-data-explorer', 'managed-identity', 'report'],
  },
  {
    name: CHANGE_TOOL,
    title: 'Apply readiness fixes',
    toolReferenceName: 'adxApplyFixes',
    modelDescription:
      'CHANGES THE CLUSTER. Runs the readiness check of one workflow (same input as adx_identity_check_readiness) and then runs the management commands that fix its failed prerequisites, in order, stopping at the first failure; then checks again. Returns what ran, what failed, and the new verdict. Call adx_identity_check_readiness first and show the user the fixes; the user confirms the exact commands before they run. Only offered when the user allowed changes.',
    inputSchema: READINESS_INPUT,
    readOnly: false,
    tags: ['kusto', 'azure-data-explorer', 'managed-identity', 'readiness'],
  },
];

export function toolNamed(name: string): ToolDefinition | undefined {
  return TOOLS.find((t) => t.name === name);
}

/** The tools a host offers: the read-only ones, and the change tool only when changes are allowed. */
export function offeredTools(allowChanges: boolean): readonly ToolDefinition[] {
  return TOOLS.filter((t) => t.readOnly || allowChanges);
}

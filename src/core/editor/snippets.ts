// The .kql snippets, one per management command kind. snippets/kusto.json is generated from this list by the build
// (scripts/generate-contributions.mjs) so the usage choices never drift from src/core/usages.ts.
import { usagesAllowedAt } from '../usages';

export interface SnippetDefinition {
  /** What the user types; words like policy, export, principal, identity, streaming find the snippet. */
  readonly prefix: readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}

const DB_ROLES = ['viewers', 'users', 'ingestors', 'monitors', 'admins', 'unrestrictedviewers'];
/** The zero GUID stands for "an object id": picking it leaves an obvious thing to replace. */
const IDENTITY_CHOICES = ['system', '00000000-0000-0000-0000-000000000000'];

const choice = (n: number, items: readonly string[]): string => `\${${n}|${items.join(',')}|}`;

function usageChoice(n: number, scope: 'cluster' | 'database'): string {
  // The most common usage first: it is what a snippet expands to with no choice made.
  const names = usagesAllowedAt(scope).map((u) => u.name as string);
  return choice(n, ['AutomatedFlows', ...names.filter((u) => u !== 'AutomatedFlows')]);
}

function policySnippets(scope: 'cluster' | 'database'): Record<string, SnippetDefinition> {
  const target = scope === 'cluster' ? 'cluster' : 'database ${1:DatabaseName}';
  const first = scope === 'cluster' ? 1 : 2;
  const payload = (verb: string): string[] => [
    `.${verb} ${target} policy managed_identity \`\`\`[`,
    `  { "ObjectId": "${choice(first, IDENTITY_CHOICES)}", "AllowedUsages": "${usageChoice(first + 1, scope)}" }`,
    ']```',
  ];
  const Scope = scope === 'cluster' ? 'Cluster' : 'Database';
  return {
    [`${Scope} managed identity policy: show`]: {
      prefix: [`policy-show-${scope}`, `identity-policy-show-${scope}`],
      description: `Show the ${scope}-level managed identity policy.`,
      body: [`.show ${target} policy managed_identity`],
    },
    [`${Scope} managed identity policy: alter (replaces it)`]: {
      prefix: [`policy-alter-${scope}`, `identity-policy-alter-${scope}`],
      description: `Replace the whole ${scope}-level managed identity policy. Identities not listed lose their usages.`,
      body: payload('alter'),
    },
    [`${Scope} managed identity policy: alter-merge (adds to it)`]: {
      prefix: [`policy-alter-merge-${scope}`, `identity-policy-alter-merge-${scope}`],
      description: `Add identities or usages to the ${scope}-level managed identity policy, keeping the rest.`,
      body: payload('alter-merge'),
    },
    [`${Scope} managed identity policy: delete`]: {
      prefix: [`policy-delete-${scope}`, `identity-policy-delete-${scope}`],
      description: `Delete the ${scope}-level managed identity policy: every flow relying on it stops working.`,
      body: [`.delete ${target} policy managed_identity`],
    },
  };
}

const principals: Record<string, SnippetDefinition> = {
  'Database principal: add an identity': {
    prefix: ['principal-add', 'identity-principal-add'],
    description: 'Give a managed identity (system or object id) a database role.',
    body: [
      `.add database \${1:DatabaseName} ${choice(2, DB_ROLES)} ('aadapp=${choice(3, IDENTITY_CHOICES)};\${4:TenantId}') '\${5:Why this identity needs the role}'`,
    ],
  },
  'Database principal: drop an identity': {
    prefix: ['principal-drop', 'identity-principal-drop'],
    description: 'Remove a managed identity from a database role.',
    body: [
      `.drop database \${1:DatabaseName} ${choice(2, DB_ROLES)} ('aadapp=${choice(3, IDENTITY_CHOICES)};\${4:TenantId}')`,
    ],
  },
  'Database principals: show': {
    prefix: ['principal-show', 'principals-show-database'],
    description: 'List the principals and roles of a database.',
    body: ['.show database ${1:DatabaseName} principals'],
  },
};

const externalTables: Record<string, SnippetDefinition> = {
  'External table (storage) read with an identity': {
    prefix: ['external-table-storage', 'identity-external-table-storage'],
    description:
      "Create an external table on blob storage, authenticating with the cluster's identity or impersonation.",
    body: [
      `.create external table \${1:ExternalTable} (\${2:Timestamp:datetime, Message:string}) kind=storage dataformat=${choice(3, ['parquet', 'csv', 'json'])} ( h@'https://\${4:account}.blob.core.windows.net/\${5:container};${choice(6, ['managed_identity=system', 'impersonate'])}' )`,
    ],
  },
  'External table (SQL)': {
    prefix: ['external-table-sql', 'identity-external-table-sql'],
    description: 'Create an external table on an Azure SQL table.',
    body: [
      ".create external table ${1:ExternalSqlTable} (${2:Id:int, Name:string}) kind=sql table=${3:SqlTable} ( h@'Server=tcp:${4:server}.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=${5:Database};' )",
    ],
  },
};

const exportName = '${1:ExportName}';
const continuousExport: Record<string, SnippetDefinition> = {
  'Continuous export run by a managed identity': {
    prefix: ['export-create', 'continuous-export-create', 'identity-continuous-export'],
    description:
      'Create or alter a continuous export that runs as a managed identity (its policy must allow AutomatedFlows).',
    body: [
      `.create-or-alter continuous-export ${exportName} over (\${2:SourceTable}) to table \${3:ExternalTable}`,
      `with (managedIdentity="${choice(4, IDENTITY_CHOICES)}", intervalBetweenRuns=\${5:1h})`,
      '<| ${2:SourceTable}',
    ],
  },
  'Continuous exports: show all': {
    prefix: ['export-show-all', 'continuous-exports-show'],
    description: 'List the continuous exports of the database.',
    body: ['.show continuous-exports'],
  },
  'Continuous export: show one': {
    prefix: ['export-show', 'continuous-export-show'],
    description: 'Show one continuous export.',
    body: [`.show continuous-export ${exportName}`],
  },
  'Continuous export: failures': {
    prefix: ['export-failures', 'continuous-export-failures'],
    description: 'Show why a continuous export failed (an export failing for 7 days is disabled by the service).',
    body: [`.show continuous-export ${exportName} failures`],
  },
  'Continuous export: exported artifacts': {
    prefix: ['export-artifacts', 'continuous-export-exported-artifacts'],
    description: 'Show the files a continuous export wrote.',
    body: [`.show continuous-export ${exportName} exported-artifacts`],
  },
  'Continuous export: enable': {
    prefix: ['export-enable', 'continuous-export-enable'],
    description: 'Enable a continuous export.',
    body: [`.enable continuous-export ${exportName}`],
  },
  'Continuous export: disable': {
    prefix: ['export-disable', 'continuous-export-disable'],
    description: 'Disable a continuous export.',
    body: [`.disable continuous-export ${exportName}`],
  },
  'Continuous export: drop': {
    prefix: ['export-drop', 'continuous-export-drop'],
    description: 'Drop a continuous export.',
    body: [`.drop continuous-export ${exportName}`],
  },
};

const other: Record<string, SnippetDefinition> = {
  'Streaming ingestion: enable': {
    prefix: ['streaming-ingestion-enable', 'streamingingestion-enable'],
    description: 'Enable streaming ingestion on a database (IoT Operations dataflows need it).',
    body: ['.alter database ${1:DatabaseName} policy streamingingestion enable'],
  },
  'Streaming ingestion: disable': {
    prefix: ['streaming-ingestion-disable', 'streamingingestion-disable'],
    description: 'Disable streaming ingestion on a database.',
    body: ['.alter database ${1:DatabaseName} policy streamingingestion disable'],
  },
  'Update policy: alter, running as a managed identity (replaces it)': {
    prefix: ['update-policy-alter', 'identity-update-policy'],
    description:
      "Replace a table's update policy with one whose query runs as a managed identity (needed when it reads other databases; the identity needs AutomatedFlows and Viewer on them).",
    body: [
      '.alter table ${1:TableName} policy update ```[',
      `  { "IsEnabled": true, "Source": "\${2:SourceTable}", "Query": "\${3:SourceTable | take 0}", "IsTransactional": false, "PropagateIngestionProperties": false, "ManagedIdentity": "${choice(4, IDENTITY_CHOICES)}" }`,
      ']```',
    ],
  },
  'Update policy: show': {
    prefix: ['update-policy-show', 'identity-update-policy-show'],
    description: "Show a table's update policy (`*` for every table of the database).",
    body: ['.show table ${1:TableName} policy update'],
  },
  'Table: create': {
    prefix: ['table-create', 'create-table'],
    description: 'Create a table.',
    body: ['.create table ${1:TableName} (${2:Timestamp:datetime, Message:string})'],
  },
};

/** Every snippet, keyed by the name VS Code shows. */
export function kustoSnippets(): Record<string, SnippetDefinition> {
  return {
    ...policySnippets('cluster'),
    ...policySnippets('database'),
    ...principals,
    ...externalTables,
    ...continuousExport,
    ...other,
  };
}

/** The text a snippet expands to when every placeholder keeps its default (the first choice). */
export function expandWithDefaults(body: readonly string[]): string {
  let text = body.join('\n');
  // Nested placeholders are not used, so one pass per kind is enough.
  text = text.replace(/\$\{\d+\|([^|]*)\|\}/g, (_m, items: string) => items.split(',')[0] ?? '');
  text = text.replace(/\$\{\d+:([^}]*)\}/g, '$1');
  return text.replace(/\$\d+/g, '');
}

/** snippets/kusto.json as written to disk. */
export function renderSnippetFile(): string {
  const out: Record<string, { prefix: string[]; description: string; body: string[] }> = {};
  for (const [name, s] of Object.entries(kustoSnippets()))
    out[name] = { prefix: [...s.prefix], description: s.description, body: [...s.body] };
  return JSON.stringify(out, null, 2) + '\n';
}

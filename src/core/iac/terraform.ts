// A snapshot as Terraform (azurerm, and azapi for the cluster-level script the azurerm provider cannot express).
import type { ClusterSnapshot } from '../workflows/snapshot';
import {
  headerLines,
  iacModel,
  identityType,
  KUSTO_API_VERSION,
  PRINCIPAL_PERMISSIONS_ACTION,
  SCRIPT_TYPE,
} from './model';

/** An HCL quoted string: `\` `"` and control characters escaped, and `${` / `%{` doubled so they stay literal. */
export function hclString(s: string): string {
  return `"${s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{')}"`;
}

/** A heredoc when the text allows one (no CR, no line equal to the marker), else a quoted string. */
function hclText(s: string, indent: string): string {
  if (s.includes('\r') || /^\s*KQL\s*$/m.test(s)) return hclString(s);
  const body = s.replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{');
  return `<<-KQL\n${body
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? `${indent}  ${l}` : ''))
    .join('\n')}\n${indent}KQL`;
}

const label = (prefix: string, i: number): string => `${prefix}_${i + 1}`;
const SYSTEM = 'azurerm_kusto_cluster.cluster.identity[0].principal_id';
const databaseId = (db: string): string =>
  `"\${azurerm_kusto_cluster.cluster.id}/databases/${hclString(db).slice(1, -1)}"`;

export function formatTerraform(s: ClusterSnapshot): string {
  const model = iacModel(s);
  const out = [
    ...headerLines(s, model).map((l) => `# ${l}`),
    '# The cluster-level script (the cluster managed identity policy) goes through azapi: azurerm_kusto_script has no',
    `# script level. azapi_resource sends Microsoft.Kusto ${KUSTO_API_VERSION} with scriptLevel = "Cluster".`,
    '',
    'terraform {',
    '  required_providers {',
    '    azurerm = {',
    '      source = "hashicorp/azurerm"',
    '    }',
    '    azapi = {',
    '      source = "Azure/azapi"',
    '    }',
    '  }',
    '}',
    '',
    'variable "cluster_name" {',
    '  type    = string',
    `  default = ${hclString(s.cluster)}`,
    '}',
    '',
    'variable "resource_group_name" {',
    '  type = string',
    '}',
    '',
    'variable "location" {',
    '  type = string',
    '}',
    '',
    'variable "sku_name" {',
    '  type        = string',
    '  description = "The cluster SKU name, as it is now"',
    '}',
    '',
    'variable "sku_capacity" {',
    '  type    = number',
    '  default = 2',
    '}',
    '',
    'resource "azurerm_kusto_cluster" "cluster" {',
    '  name                = var.cluster_name',
    '  location            = var.location',
    '  resource_group_name = var.resource_group_name',
    '',
    '  sku {',
    '    name     = var.sku_name',
    '    capacity = var.sku_capacity',
    '  }',
  ];
  if (model.identity && identityType(model.identity) !== 'None') {
    out.push('', '  identity {', `    type = ${hclString(identityType(model.identity))}`);
    if (model.identity.userAssigned.length)
      out.push(`    identity_ids = [${model.identity.userAssigned.map(hclString).join(', ')}]`);
    out.push('  }');
  }
  out.push('}', '');
  const grants: { ref: string; database?: string }[] = [];
  model.principalAssignments.forEach((a, i) => {
    const cluster = a.database === undefined;
    const type = cluster ? 'azurerm_kusto_cluster_principal_assignment' : 'azurerm_kusto_database_principal_assignment';
    const name = label(cluster ? 'cluster_grant' : 'database_grant', i);
    grants.push({ ref: `${type}.${name}`, ...(a.database ? { database: a.database } : {}) });
    out.push(
      `resource "${type}" "${name}" {`,
      `  name                = ${hclString(a.name)}`,
      '  resource_group_name = var.resource_group_name',
      '  cluster_name        = azurerm_kusto_cluster.cluster.name',
      ...(a.database !== undefined ? [`  database_name       = ${hclString(a.database)}`] : []),
      `  tenant_id           = ${hclString(a.tenantId)}`,
      `  principal_id        = ${a.principal.system ? SYSTEM : hclString(a.principal.objectId)}`,
      '  principal_type      = "App"',
      `  role                = ${hclString(a.role)}`,
      '}',
      '',
    );
  });
  const clusterScript = model.scripts.find((x) => x.level === 'Cluster');
  model.scripts.forEach((script, i) => {
    const after = [
      ...grants.filter((g) => g.database === undefined || g.database === script.database).map((g) => g.ref),
      ...(clusterScript && script !== clusterScript ? ['azapi_resource.cluster_policy'] : []),
    ];
    const dependsOn = after.length ? ['', '  depends_on = [', ...after.map((a) => `    ${a},`), '  ]'] : [];
    if (script.level === 'Cluster') {
      out.push(
        '# azurerm_kusto_script cannot run a cluster-level command: this script is sent through azapi.',
        'resource "azapi_resource" "cluster_policy" {',
        `  type      = "${SCRIPT_TYPE}@${KUSTO_API_VERSION}"`,
        `  name      = ${hclString(script.name)}`,
        `  parent_id = ${databaseId(script.database)}`,
        '  body = {',
        '    properties = {',
        `      scriptContent              = ${hclText(script.content, '      ')}`,
        '      continueOnErrors           = false',
        `      forceUpdateTag             = ${hclString(s.takenAt)}`,
        '      scriptLevel                = "Cluster"',
        `      principalPermissionsAction = "${PRINCIPAL_PERMISSIONS_ACTION}"`,
        '    }',
        '  }',
        ...dependsOn,
        '}',
        '',
      );
      return;
    }
    out.push(
      `resource "azurerm_kusto_script" "${label('script', i)}" {`,
      `  name                               = ${hclString(script.name)}`,
      `  database_id                        = ${databaseId(script.database)}`,
      `  script_content                     = ${hclText(script.content, '  ')}`,
      '  continue_on_errors_enabled         = false',
      `  force_an_update_when_value_changed = ${hclString(s.takenAt)}`,
      ...dependsOn,
      '}',
      '',
    );
  });
  return `${out.join('\n').trimEnd()}\n`;
}

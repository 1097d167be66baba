// A snapshot as an ARM JSON template (Microsoft.Kusto 2024-04-13): identity, principal assignments, scripts, ordered.
import type { ClusterSnapshot } from '../workflows/snapshot';
import {
  CLUSTER_PRINCIPAL_TYPE,
  CLUSTER_TYPE,
  DATABASE_PRINCIPAL_TYPE,
  headerLines,
  iacModel,
  identityType,
  KUSTO_API_VERSION,
  PRINCIPAL_PERMISSIONS_ACTION,
  SCRIPT_TYPE,
  type IacPrincipalAssignment,
} from './model';

export const DEPLOYMENT_TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** An ARM expression's string literal: quotes doubled. */
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const CLUSTER_ID = `resourceId('${CLUSTER_TYPE}', parameters('clusterName'))`;
/** The cluster's system identity, read after the cluster is deployed. */
export const ARM_SYSTEM_PRINCIPAL = `[reference(${CLUSTER_ID}, '${KUSTO_API_VERSION}', 'full').identity.principalId]`;

const name = (...parts: string[]): string =>
  `[format('${parts.map((_, i) => `{${i + 1}}`).reduce((a, b) => `${a}/${b}`, '{0}')}', parameters('clusterName'), ${parts.map(lit).join(', ')})]`;
const childId = (type: string, ...parts: string[]): string =>
  `[resourceId('${type}', parameters('clusterName'), ${parts.map(lit).join(', ')})]`;

function assignment(a: IacPrincipalAssignment): Record<string, unknown> {
  return {
    type: a.database === undefined ? CLUSTER_PRINCIPAL_TYPE : DATABASE_PRINCIPAL_TYPE,
    apiVersion: KUSTO_API_VERSION,
    name: a.database === undefined ? name(a.name) : name(a.database, a.name),
    properties: {
      principalId: a.principal.system ? ARM_SYSTEM_PRINCIPAL : a.principal.objectId,
      principalType: 'App',
      role: a.role,
      tenantId: a.tenantId,
    },
    // The identity must exist (and the cluster be updated) before it is granted anything.
    dependsOn: [`[${CLUSTER_ID}]`],
  };
}

/** The template as an object (the same one `formatArmTemplate` prints). */
export function armTemplate(s: ClusterSnapshot): Record<string, unknown> {
  const model = iacModel(s);
  const resources: Record<string, unknown>[] = [
    {
      type: CLUSTER_TYPE,
      apiVersion: KUSTO_API_VERSION,
      name: "[parameters('clusterName')]",
      location: "[parameters('location')]",
      sku: {
        name: "[parameters('skuName')]",
        tier: "[parameters('skuTier')]",
        capacity: "[parameters('skuCapacity')]",
      },
      ...(model.identity
        ? {
            identity: {
              type: identityType(model.identity),
              ...(model.identity.userAssigned.length
                ? { userAssignedIdentities: Object.fromEntries(model.identity.userAssigned.map((id) => [id, {}])) }
                : {}),
            },
          }
        : {}),
    },
    ...model.principalAssignments.map(assignment),
  ];
  const cluster = model.scripts.find((x) => x.level === 'Cluster');
  for (const script of model.scripts) {
    const grants = model.principalAssignments
      .filter((a) => a.database === undefined || a.database === script.database)
      .map((a) =>
        a.database === undefined
          ? childId(CLUSTER_PRINCIPAL_TYPE, a.name)
          : childId(DATABASE_PRINCIPAL_TYPE, a.database, a.name),
      );
    resources.push({
      type: SCRIPT_TYPE,
      apiVersion: KUSTO_API_VERSION,
      name: name(script.database, script.name),
      properties: {
        scriptContent: script.content,
        continueOnErrors: false,
        forceUpdateTag: s.takenAt,
        scriptLevel: script.level,
        principalPermissionsAction: PRINCIPAL_PERMISSIONS_ACTION,
      },
      // After the cluster (its identity), the grants, and the cluster policy that allows the identity's usages.
      dependsOn: [
        `[${CLUSTER_ID}]`,
        ...grants,
        ...(cluster && script !== cluster ? [childId(SCRIPT_TYPE, cluster.database, cluster.name)] : []),
      ],
    });
  }
  return {
    $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: { description: headerLines(s, model).join(' ') },
    parameters: {
      clusterName: { type: 'string', defaultValue: s.cluster },
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      skuName: { type: 'string', metadata: { description: "The cluster's SKU name, as it is now" } },
      skuTier: { type: 'string', defaultValue: 'Standard', allowedValues: ['Basic', 'Standard'] },
      skuCapacity: { type: 'int', defaultValue: 2 },
    },
    resources,
  };
}

export function formatArmTemplate(s: ClusterSnapshot): string {
  return `${JSON.stringify(armTemplate(s), null, 2)}\n`;
}

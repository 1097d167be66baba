// A snapshot as Bicep (Microsoft.Kusto 2024-04-13): the same resources as the ARM template, with symbolic references.
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
} from './model';

/** A Bicep single-quoted string: `\` `'` `${` and control characters escaped. */
export function bicepString(s: string): string {
  return `'${s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\$\{/g, '\\${')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}'`;
}

/** A multi-line string when the text allows one (no `'''`, no CR), else an escaped string. */
function bicepText(s: string): string {
  return s.includes("'''") || s.includes('\r') ? bicepString(s) : `'''\n${s}'''`;
}

const symbol = (prefix: string, i: number): string => `${prefix}${i + 1}`;

export function formatBicep(s: ClusterSnapshot): string {
  const model = iacModel(s);
  const out = [
    ...headerLines(s, model).map((l) => `// ${l}`),
    '',
    `param clusterName string = ${bicepString(s.cluster)}`,
    'param location string = resourceGroup().location',
    "@description('The cluster SKU name, as it is now')",
    'param skuName string',
    "@allowed(['Basic', 'Standard'])",
    "param skuTier string = 'Standard'",
    'param skuCapacity int = 2',
    '',
    `resource cluster '${CLUSTER_TYPE}@${KUSTO_API_VERSION}' = {`,
    '  name: clusterName',
    '  location: location',
    '  sku: {',
    '    name: skuName',
    '    tier: skuTier',
    '    capacity: skuCapacity',
    '  }',
  ];
  if (model.identity) {
    out.push('  identity: {', `    type: ${bicepString(identityType(model.identity))}`);
    if (model.identity.userAssigned.length) {
      out.push('    userAssignedIdentities: {');
      for (const id of model.identity.userAssigned) out.push(`      ${bicepString(id)}: {}`);
      out.push('    }');
    }
    out.push('  }');
  }
  out.push('}', '');
  const databases = [
    ...new Set([
      ...model.principalAssignments.flatMap((a) => (a.database ? [a.database] : [])),
      ...model.scripts.map((x) => x.database),
    ]),
  ];
  const dbSymbol = (db: string) => symbol('database', databases.indexOf(db));
  databases.forEach((db, i) =>
    out.push(
      `resource ${symbol('database', i)} '${CLUSTER_TYPE}/databases@${KUSTO_API_VERSION}' existing = {`,
      '  parent: cluster',
      `  name: ${bicepString(db)}`,
      '}',
      '',
    ),
  );
  const grantSymbols: { symbol: string; database?: string }[] = [];
  model.principalAssignments.forEach((a, i) => {
    const sym = symbol('grant', i);
    grantSymbols.push({ symbol: sym, ...(a.database ? { database: a.database } : {}) });
    const type = a.database === undefined ? CLUSTER_PRINCIPAL_TYPE : DATABASE_PRINCIPAL_TYPE;
    out.push(
      `resource ${sym} '${type}@${KUSTO_API_VERSION}' = {`,
      `  parent: ${a.database === undefined ? 'cluster' : dbSymbol(a.database)}`,
      `  name: ${bicepString(a.name)}`,
      '  properties: {',
      `    principalId: ${a.principal.system ? 'cluster.identity.principalId' : bicepString(a.principal.objectId)}`,
      "    principalType: 'App'",
      `    role: ${bicepString(a.role)}`,
      `    tenantId: ${bicepString(a.tenantId)}`,
      '  }',
      // A child of an `existing` database: say explicitly that the identity must exist first.
      ...(a.database !== undefined && !a.principal.system ? ['  dependsOn: [', '    cluster', '  ]'] : []),
      '}',
      '',
    );
  });
  const clusterScript = model.scripts.findIndex((x) => x.level === 'Cluster');
  model.scripts.forEach((script, i) => {
    const after = [
      'cluster',
      ...grantSymbols.filter((g) => g.database === undefined || g.database === script.database).map((g) => g.symbol),
      ...(clusterScript >= 0 && i !== clusterScript ? [symbol('script', clusterScript)] : []),
    ];
    out.push(
      `resource ${symbol('script', i)} '${SCRIPT_TYPE}@${KUSTO_API_VERSION}' = {`,
      `  parent: ${dbSymbol(script.database)}`,
      `  name: ${bicepString(script.name)}`,
      '  properties: {',
      `    scriptContent: ${bicepText(script.content)}`,
      '    continueOnErrors: false',
      `    forceUpdateTag: ${bicepString(s.takenAt)}`,
      `    scriptLevel: '${script.level}'`,
      `    principalPermissionsAction: '${PRINCIPAL_PERMISSIONS_ACTION}'`,
      '  }',
      '  dependsOn: [',
      ...after.map((a) => `    ${a}`),
      '  ]',
      '}',
      '',
    );
  });
  return `${out.join('\n').trimEnd()}\n`;
}

// The tool table and what the tools compute without a cluster: inputs read into requests, an identity explained from
// facts, findings with lines and fixes, and the loss lines a change tool's confirmation shows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { explainIdentity, formatExplanationMarkdown } from '../../../src/core/tools/explain';
import { CHANGE_TOOL, offeredTools, TOOLS } from '../../../src/core/tools/definitions';
import { flowRequestOf, ToolInputError } from '../../../src/core/tools/inputs';
import { validateText } from '../../../src/core/tools/validate';
import type { ClusterFacts } from '../../../src/core/workflows/types';

const UA = '0e000001-0000-4000-8000-000000000001';
const facts: ClusterFacts = {
  name: 'adx',
  uri: 'https://adx.westeurope.kusto.windows.net',
  arm: true,
  resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kusto/clusters/adx',
  identities: {
    system: { principalId: '5e000000-0000-4000-8000-000000000001' },
    userAssigned: [{ resourceId: '/x/id-export', name: 'id-export', principalId: UA, clientId: 'c' }],
  },
  clusterPolicy: [{ objectId: UA, usages: ['AutomatedFlows'] }],
  clusterPrincipals: [],
  errors: {},
  databases: [
    {
      name: 'Sales',
      errors: {},
      policy: [{ objectId: 'system', usages: ['ExternalTable'], isSystem: true }],
      principals: [
        {
          role: 'Database Sales Viewer',
          principalType: 'AAD Application',
          displayName: 'x',
          objectId: UA,
          fqn: `aadapp=${UA};t`,
          notes: '',
        },
      ],
      exports: [
        {
          name: 'ToLake',
          externalTableName: 'Lake',
          query: 'Orders',
          cursorScopedTables: [],
          exportProperties: {},
          managedIdentity: UA,
          isDisabled: false,
        },
      ],
      externalTables: [],
      updatePolicies: [],
    },
  ],
};

describe('identity tools', () => {
  it('each input schema is valid JSON Schema, names fit both hosts, and only one tool changes anything', () => {
    const ajv = new Ajv({ strict: true });
    for (const t of TOOLS) {
      assert.match(t.name, /^[a-z_]{1,64}$/);
      assert.doesNotThrow(() => ajv.compile(t.inputSchema), t.name);
      assert.ok(t.modelDescription.length > 200, `${t.name} says enough to a model`);
    }
    assert.deepEqual(
      TOOLS.filter((t) => !t.readOnly).map((t) => t.name),
      [CHANGE_TOOL],
    );
    assert.equal(offeredTools(false).length, TOOLS.length - 1);
  });

  it('package.json contributes exactly the table (the change tool only behind its setting)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: {
        languageModelTools: { name: string; inputSchema: unknown; modelDescription: string; when?: string }[];
      };
    };
    const contributed = pkg.contributes.languageModelTools;
    assert.deepEqual(
      contributed.map((t) => t.name),
      TOOLS.map((t) => t.name),
    );
    for (const t of contributed) {
      const def = TOOLS.find((d) => d.name === t.name)!;
      assert.deepEqual(t.inputSchema, def.inputSchema);
      assert.equal(t.when, def.readOnly ? undefined : 'config.adxIdentity.agents.allowChanges');
    }
  });

  it('reads readiness inputs into the requests `check` builds, and names a missing or bad field', () => {
    assert.deepEqual(
      flowRequestOf({ flow: 'continuous-export', database: 'Sales', exportName: 'E', identity: 'system' }),
      {
        flow: 'continuous-export',
        database: 'Sales',
        exportName: 'E',
        identity: 'system',
      },
    );
    assert.deepEqual(flowRequestOf({ flow: 'functions', database: 'D', identity: UA, binding: 'input' }), {
      flow: 'functions',
      database: 'D',
      identity: { objectId: UA },
      binding: 'input',
    });
    assert.throws(() => flowRequestOf({ flow: 'continuous-export', database: 'Sales' }), /'exportName' is required/);
    assert.throws(
      () => flowRequestOf({ flow: 'stream-analytics', database: 'D', table: 'T', identity: 'x' }),
      ToolInputError,
    );
    assert.throws(() => flowRequestOf({ flow: 'export', database: 'D' }), /'flow' must be one of/);
  });

  it('explains an identity: usages by scope, roles, flows, and what its removal breaks', () => {
    const x = explainIdentity(facts, 'id-export');
    assert.equal(x.identity.objectId, UA);
    assert.deepEqual(x.usages, [{ scope: 'cluster', usages: ['AutomatedFlows'] }]);
    assert.deepEqual(x.roles, [{ scope: 'Sales', roles: ['Viewer'] }]);
    assert.deepEqual(
      x.flows.map((f) => `${f.kind} ${f.name}`),
      ['export ToLake'],
    );
    assert.match(x.ifRemoved[0], /Continuous export ToLake \(Sales\).*stops exporting/);
    const system = formatExplanationMarkdown(explainIdentity(facts, 'system'));
    assert.match(system, /- database Sales: ExternalTable/);
    assert.match(system, /## Flows that run as it\n\n- none/);
  });

  it('validate gives 1-based lines and columns and the certain fix', () => {
    const text =
      '// a comment\n.alter database Sales policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"automatedflows"}]```';
    const [f] = validateText(text);
    assert.equal(f.code, 'MIP108');
    assert.equal(f.line, 2);
    assert.equal(text.split('\n')[1].slice(f.column - 1, f.endColumn - 1), 'automatedflows');
    assert.deepEqual(f.fix && { replace: f.fix.replace, with: f.fix.with }, {
      replace: 'automatedflows',
      with: 'AutomatedFlows',
    });
  });
});

// The CLI as an npm package: `npm run pack:cli`, installed offline into an empty folder, runs on its own; and the
// GitHub Actions and Azure DevOps pipelines of docs/ci.md run, command by command, through it against the sandbox.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { installAzShim } from '../../../sandbox/entra/azShim';
import { sarifErrors } from '../../support/sarif';
import { pipelinesVars, SECRETS, tenantOf } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

interface Step {
  run?: string;
  script?: string;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}

/** The YAML code blocks of docs/ci.md, parsed: the GitHub workflow first, then the Azure DevOps pipeline. */
function pipelines(): { github: Step[]; devops: Step[] } {
  const text = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => load(m[1]) as Record<string, unknown>);
  const github = blocks.find((b) => 'jobs' in b) as { jobs: Record<string, { steps: Step[] }> };
  const devops = blocks.find((b) => 'steps' in b && 'pool' in b) as { steps: Step[] };
  return { github: Object.values(github.jobs)[0].steps, devops: devops.steps };
}

interface Ran {
  code: number;
  out: string;
  err: string;
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd, env, timeout: 120_000 }, (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, out, err }),
    );
  });
}

describe('the CLI as an npm package, and the pipelines of docs/ci.md (sandbox)', function () {
  this.timeout(240_000);
  let dir: string;
  let bin: string;
  let work: string;
  let sandbox: RunningSandbox;
  let sandboxFile: string;
  /** The environment of a build agent: no credential variables of the developer, the installed bin on PATH. */
  let agent: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'adx-pkg-'));
    const tgz = execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack-cli.mjs'), '--out', join(dir, 'pack')], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!;
    const prefix = join(dir, 'agent');
    mkdirSync(prefix);
    // Offline: a package with no dependencies needs nothing from a registry.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz], {
      encoding: 'utf8',
    });
    bin = join(prefix, 'node_modules', '.bin');
    work = join(dir, 'repo');
    mkdirSync(join(work, 'kql'), { recursive: true });
    writeFileSync(
      join(work, 'kql', 'setup.kql'),
      '.alter-merge database Analytics policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "AutomatedFlows"}]```\n',
    );
    sandbox = await startSandbox();
    sandboxFile = join(dir, 'sandbox.json');
    writeFileSync(sandboxFile, `${JSON.stringify(sandbox.info())}\n`);
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(AZURE_|AZURESUBSCRIPTION_|IDENTITY_|MSI_|SYSTEM_|ADX_IDENTITY_|NODE_PATH$|NODE_OPTIONS$)/.test(k),
      ),
    );
    agent = { ...clean, PATH: `${bin}:${process.env.PATH ?? ''}` };
  });
  after(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('packs only the bundles, the parser, LICENSE and README, with the bin and no dependency', () => {
    const manifest = JSON.parse(
      readFileSync(join(dir, 'agent', 'node_modules', 'adx-identity', 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.deepEqual(manifest.bin, { 'adx-identity': 'dist/cli.js' });
    assert.equal(manifest.dependencies, undefined);
    const files = execFileSync('tar', ['tzf', join(dir, 'pack', `adx-identity-${manifest.version as string}.tgz`)], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .sort();
    assert.deepEqual(files, [
      'package/LICENSE',
      'package/README.md',
      'package/dist/cli-full.js',
      'package/dist/cli-lint.js',
      'package/dist/cli.js',
      'package/dist/kusto-parser/Kusto.Language.Bridge.min.js',
      'package/dist/kusto-parser/NOTICE.txt',
      'package/dist/kusto-parser/bridge.min.js',
      'package/dist/sdk.js',
      'package/package.json',
    ]);
  });

  it('the installed adx-identity runs --help and a lint from a folder with no node_modules (no VS Code, no SDK outside it)', async () => {
    const help = await sh('adx-identity --help', work, agent);
    assert.equal(help.code, 0, help.err);
    assert.match(help.out, /^Usage: adx-identity <command>/);
    assert.match(help.out, /audit --auth MODE/);
    const lint = await sh('adx-identity lint kql/setup.kql', work, agent);
    assert.deepEqual([lint.code, lint.out, lint.err], [0, '', '']);
    writeFileSync(
      join(work, 'bad.kql'),
      '.alter cluster policy managed_identity ```[{"ObjectId": "SystemAssigned", "AllowedUsages": "All"}]```\n',
    );
    const bad = await sh('adx-identity lint bad.kql', work, agent);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^bad\.kql:1:\d+: error: .*\[MIP009\]/);
    rmSync(join(work, 'bad.kql'));
  });

  it('a lint loads the front door and the linter only, never the rest of the command line or an SDK', async () => {
    const installed = join(dir, 'agent', 'node_modules', 'adx-identity', 'dist');
    const hook = join(dir, 'loaded.cjs');
    // Prints, at exit, every file of the package that was loaded.
    writeFileSync(
      hook,
      `process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(installed)})))));\n`,
    );
    const lint = await sh(`node -r ${hook} ${join(installed, 'cli.js')} lint kql/setup.kql`, work, agent);
    assert.equal(lint.code, 0, lint.err);
    assert.deepEqual((JSON.parse(lint.err) as string[]).map((f) => f.slice(installed.length + 1)).sort(), [
      'cli-lint.js',
      'cli.js',
    ]);
    const help = await sh(`node -r ${hook} ${join(installed, 'cli.js')} --help`, work, agent);
    assert.deepEqual((JSON.parse(help.err) as string[]).map((f) => f.slice(installed.length + 1)).sort(), [
      'cli-full.js',
      'cli.js',
    ]);
  });

  /** A documented command, pointed at the sandbox: its variables filled in, `--sandbox` added for endpoints and trust. */
  const forSandbox = (command: string): string =>
    command
      .replace(/\$\{\{\s*vars\.ADX_CLUSTER\s*\}\}|\$\(ADX_CLUSTER\)/g, sandbox.clusters.adxfull)
      .replace(/^adx-identity (check|audit|wait-principal) /, `adx-identity $1 --sandbox ${sandboxFile} `);

  it('GitHub Actions: every adx-identity step of the workflow, with azure/login replaced by a signed-in az stand-in', async () => {
    const az = installAzShim(join(dir, 'az'), {
      authority: sandbox.arm,
      certificate: sandbox.certificate,
      tenantId: tenantOf(sandbox),
    });
    const env = {
      ...agent,
      PATH: `${az.bin}:${agent.PATH ?? ''}`,
      AZURE_CONFIG_DIR: az.configDir,
      GITHUB_ACTIONS: 'true',
    };
    const steps = pipelines().github.filter((s) => s.run?.startsWith('adx-identity '));
    assert.deepEqual(
      steps.map((s) => s.run!.split(' ')[1]),
      ['lint', 'check', 'audit'],
    );
    for (const step of steps) {
      const ran = await sh(forSandbox(step.run!), work, env);
      const allowed = step['continue-on-error'] ? [0, 1] : [0];
      assert.ok(allowed.includes(ran.code), `${step.run} exited ${ran.code}: ${ran.err}`);
      for (const secret of SECRETS) assert.ok(!`${ran.out}${ran.err}`.includes(secret), 'a secret reached the log');
    }
    const lint = JSON.parse(readFileSync(join(work, 'lint.sarif'), 'utf8')) as unknown;
    assert.deepEqual(sarifErrors(lint), []);
    const audit = JSON.parse(readFileSync(join(work, 'audit.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    assert.deepEqual(sarifErrors(audit), []);
    assert.ok(audit.runs[0].results.length > 0, 'the sandbox has a failing export: the audit reports it');
  });

  it('Azure DevOps: every adx-identity step, --auth pipelines through the sandbox OIDC endpoint, JUnit written', async () => {
    const steps = pipelines().devops.filter((s) => s.script?.startsWith('adx-identity '));
    assert.deepEqual(
      steps.map((s) => s.script!.split(' ')[1]),
      ['lint', 'check'],
    );
    const vars = pipelinesVars(sandbox);
    for (const step of steps) {
      // The step's env maps pipeline variables; here they hold the sandbox's service connection.
      const mapped = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k]) => [k, (vars as Record<string, string>)[k] ?? '']),
      );
      const ran = await sh(forSandbox(step.script!), work, {
        ...agent,
        ...mapped,
        SYSTEM_OIDCREQUESTURI: vars.SYSTEM_OIDCREQUESTURI,
      });
      assert.equal(ran.code, 0, `${step.script} exited ${ran.code}: ${ran.err}`);
      for (const secret of SECRETS) assert.ok(!`${ran.out}${ran.err}`.includes(secret), 'a secret reached the log');
    }
    const lint = readFileSync(join(work, 'lint-results.xml'), 'utf8');
    assert.match(lint, /<testsuites name="adx-identity lint" tests="1" failures="0"/);
    const check = readFileSync(join(work, 'check-results.xml'), 'utf8');
    assert.match(check, /<testsuite name="continuous-export on adxfull\/Analytics" tests="\d+" failures="0"/);
    assert.match(
      check,
      /<testcase name="Identity system-assigned is assigned to the cluster" classname="continuous-export\.identity-attached">/,
    );
  });
});

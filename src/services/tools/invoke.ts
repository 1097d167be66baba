// Runs the identity tools (src/core/tools) against a host's clusters: the same core and services as the commands and
// the CLI. VS Code's language model tools and the `adx-identity mcp` server both call this; each gives its own host.
import { generateFromSpecs } from '../../core/commands/specJson';
import type { ManagementCommand } from '../../core/commands';
import { runEffect } from '../../core/editor/destructive';
import { formatPlanReport, redact, stepsScript, type PlanReport, type Step } from '../../core/operations';
import { explainIdentity, formatExplanationMarkdown } from '../../core/tools/explain';
import { CHANGE_TOOL, toolNamed } from '../../core/tools/definitions';
import { flowRequestOf, text, ToolInputError, type ToolInput } from '../../core/tools/inputs';
import { formatFindings, validateText } from '../../core/tools/validate';
import { fixesOf, formatReportText, redactReport } from '../../core/workflows/format';
import type { FlowReport } from '../../core/workflows/types';
import type { Catalog, ClusterRef } from '../catalog';
import type { Operations } from '../operations/operations';
import { clusterReport, gatherCluster } from '../workflows/cluster';
import { runFlowCheck } from '../workflows/run';

/** Where the tools run: the clusters they can reach, the path changes take, and whether changes are allowed. */
export interface ToolHost {
  readonly catalog: Catalog;
  readonly ops: Operations;
  /** The cluster a tool input names (its URL; VS Code also takes the name the tree shows). */
  cluster(name: string): Promise<ClusterRef>;
  readonly allowChanges: boolean;
  readonly now?: () => Date;
}

/** What a tool returns: text written for a model, and the same as data (MCP's structured content, tests). */
export interface ToolOutput {
  readonly text: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The tool could not do what was asked (bad input, unreachable cluster, refused change). */
  readonly isError: boolean;
}

/** The fixes a readiness check proposes, each with what running it loses: what the user confirms. */
export interface FixProposal {
  readonly ref: ClusterRef;
  readonly report: FlowReport;
  readonly commands: readonly ManagementCommand[];
  /** One line per command that loses something. */
  readonly losses: readonly string[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function invokeTool(
  host: ToolHost,
  name: string,
  input: ToolInput,
  options: { signal?: AbortSignal; confirmed?: readonly string[] } = {},
): Promise<ToolOutput> {
  try {
    const tool = toolNamed(name);
    if (!tool) throw new ToolInputError(`no tool named '${name}'`);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new ToolInputError('the input must be a JSON object');
    switch (name) {
      case 'adx_identity_validate_kql': {
        const findings = validateText(text(input, 'text'));
        return ok(formatFindings(findings), { findings });
      }
      case 'adx_identity_generate_commands': {
        const specs = input.specs;
        if (!Array.isArray(specs) || !specs.length)
          throw new ToolInputError("'specs' must be a non-empty array of spec objects");
        const result = generateFromSpecs(specs);
        if ('error' in result) return failure(result.error);
        return ok(`${result.commands.join('\n\n')}\n`, { commands: result.commands });
      }
      case 'adx_identity_cluster_report': {
        const ref = await host.cluster(text(input, 'cluster'));
        const { report, markdown } = await clusterReport(host.catalog, ref);
        return ok(markdown, { report: JSON.parse(redact(JSON.stringify(report))) as unknown });
      }
      case 'adx_identity_explain_identity': {
        const ref = await host.cluster(text(input, 'cluster'));
        const explanation = explainIdentity(await gatherCluster(host.catalog, ref), text(input, 'identity'));
        return ok(formatExplanationMarkdown(explanation), {
          explanation: JSON.parse(redact(JSON.stringify(explanation))) as unknown,
        });
      }
      case 'adx_identity_check_readiness': {
        const { report } = await checkReadiness(host, input);
        return ok(formatReportText(report), { report: redactReport(report) });
      }
      case CHANGE_TOOL:
        return await applyFixes(host, input, options);
    }
    throw new ToolInputError(`no tool named '${name}'`);
  } catch (e) {
    return failure(message(e));
  }
}

async function checkReadiness(host: ToolHost, input: ToolInput): Promise<{ ref: ClusterRef; report: FlowReport }> {
  const request = flowRequestOf(input);
  const ref = await host.cluster(text(input, 'cluster'));
  return { ref, report: await runFlowCheck(host.catalog, ref, request, host.now?.() ?? new Date()) };
}

/** Checks the flow and lists the fixes it proposes with what each loses (read-only: what a confirmation shows). */
export async function proposeFixes(host: ToolHost, input: ToolInput): Promise<FixProposal> {
  const { ref, report } = await checkReadiness(host, input);
  const commands = fixesOf(report);
  const losses = commands.flatMap((c) => {
    const loses = runEffect(c.text).loses;
    return loses ? [`${c.text.split('\n')[0].slice(0, 120)}: loses ${loses}`] : [];
  });
  return { ref, report, commands, losses };
}

const stepOf = (command: ManagementCommand): Step => {
  const first = command.text.split('\n')[0];
  return { title: first.length > 100 ? `${first.slice(0, 100)}…` : first, command };
};

/** The exact commands as one script (what a confirmation shows and what runs). */
export function fixScript(commands: readonly ManagementCommand[]): string {
  return redact(stepsScript(commands.map(stepOf)));
}

async function applyFixes(
  host: ToolHost,
  input: ToolInput,
  options: { signal?: AbortSignal; confirmed?: readonly string[] },
): Promise<ToolOutput> {
  if (!host.allowChanges)
    return failure(
      'Changes are not allowed here: this tool runs only when the user allows changes (VS Code: the setting adxIdentity.agents.allowChanges; adx-identity mcp: --allow-changes). Use adx_identity_check_readiness to see the fixes.',
    );
  const proposal = await proposeFixes(host, input);
  const texts = proposal.commands.map((c) => c.text);
  if (!texts.length)
    return ok(`Nothing to fix: the check says ${proposal.report.verdict}.\n\n${formatReportText(proposal.report)}`, {
      before: redactReport(proposal.report),
      ran: [],
    });
  // What the user confirmed must be what runs: a cluster that changed in between asks again.
  if (options.confirmed && JSON.stringify(options.confirmed) !== JSON.stringify(texts))
    return failure(
      'The fixes changed since they were confirmed (the cluster changed in between): nothing ran. Call the tool again to confirm the new fixes.',
    );
  const plan: PlanReport = await host.ops.runSteps(proposal.ref, proposal.commands.map(stepOf), {
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const after = await runFlowCheck(host.catalog, proposal.ref, flowRequestOf(input), host.now?.() ?? new Date());
  const lines = [
    plan.failed ? 'The fixes stopped at a failure:' : plan.cancelled ? 'Cancelled:' : `Ran ${plan.ran.length} fix(es):`,
    ...formatPlanReport(plan),
    '',
    `The check now says: ${after.verdict}.`,
    '',
    formatReportText(after),
  ];
  return {
    text: redact(`${lines.join('\n')}\n`),
    data: {
      ran: plan.ran.map((o) => redact(o.step.command?.text ?? o.step.title)),
      ...(plan.failed
        ? { failed: { command: redact(plan.failed.step.title), message: redact(plan.failed.message) } }
        : {}),
      notRun: plan.notRun.map((s) => redact(s.title)),
      after: redactReport(after),
    },
    isError: !!plan.failed,
  };
}

function ok(text: string, data: Record<string, unknown>): ToolOutput {
  return { text, data, isError: false };
}

function failure(text: string): ToolOutput {
  return { text: redact(text), data: { error: redact(text) }, isError: true };
}

// A multi-step change as data, and the runner that stops at the first failure and says what ran, failed and did not run.
import type { ManagementCommand } from '../commands/command';

/** An Azure Resource Manager change (the cluster's identities): not KQL, so it carries its own description. */
export type ArmAction =
  | { readonly kind: 'enableSystemIdentity' }
  | { readonly kind: 'disableSystemIdentity' }
  | { readonly kind: 'attachUserIdentity'; readonly resourceId: string }
  | { readonly kind: 'detachUserIdentity'; readonly resourceId: string };

/** One step: a Kusto management command or an ARM action, with a title a person reads. */
export type Step =
  | {
      readonly title: string;
      readonly command: ManagementCommand;
      readonly arm?: undefined;
      /** Builds the command to send once an earlier ARM step turned the system identity on (its object id exists only then). */
      readonly afterArm?: (systemObjectId: string | undefined) => ManagementCommand;
    }
  | { readonly title: string; readonly arm: ArmAction; readonly command?: undefined };

export interface StepOutcome<T = unknown> {
  readonly step: Step;
  readonly result?: T;
}

export interface PlanReport<T = unknown> {
  readonly ran: readonly StepOutcome<T>[];
  /** The step that failed, with the service's message; absent when every step ran. */
  readonly failed?: { readonly step: Step; readonly message: string; readonly error: unknown };
  readonly notRun: readonly Step[];
  /** True when the user cancelled between steps. */
  readonly cancelled: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Called before each step: for progress ("2/4 Grant Viewer…"). */
  readonly onStep?: (step: Step, index: number, total: number) => void;
}

/** Runs steps in order; the first failure (or a cancellation) stops the run, and the rest is reported as not run. */
export async function runPlan<T>(
  steps: readonly Step[],
  exec: (step: Step, signal?: AbortSignal) => Promise<T>,
  options: RunOptions = {},
): Promise<PlanReport<T>> {
  const ran: StepOutcome<T>[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (options.signal?.aborted) return { ran, notRun: steps.slice(i), cancelled: true };
    options.onStep?.(step, i, steps.length);
    try {
      ran.push({ step, result: await exec(step, options.signal) });
    } catch (error) {
      if (error instanceof CancelledError) return { ran, notRun: steps.slice(i), cancelled: true };
      return { ran, failed: { step, message: messageOf(error), error }, notRun: steps.slice(i + 1), cancelled: false };
    }
  }
  return { ran, notRun: [], cancelled: false };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function planSucceeded(report: PlanReport): boolean {
  return !report.failed && !report.cancelled && report.notRun.length === 0;
}

/** How an ARM step reads in a script: a comment, since it is not KQL. */
export function describeArm(action: ArmAction): string {
  switch (action.kind) {
    case 'enableSystemIdentity':
      return "turn on the cluster's system-assigned identity (ARM)";
    case 'disableSystemIdentity':
      return "turn off the cluster's system-assigned identity (ARM)";
    case 'attachUserIdentity':
      return `attach user-assigned identity ${action.resourceId} (ARM)`;
    case 'detachUserIdentity':
      return `detach user-assigned identity ${action.resourceId} (ARM)`;
  }
}

/** One paragraph per step: the command text, or a comment for an ARM step; the database named when the command does not. */
export function stepsScript(steps: readonly Step[]): string {
  return (
    steps
      .map((s) => {
        if (s.arm) return `// ${s.title}: ${describeArm(s.arm)} — not KQL; run it from the extension or the portal`;
        const db =
          s.command.database && !/^\.(alter|alter-merge|add|delete|drop|show) database /.test(s.command.text)
            ? `// run in database ${s.command.database}\n`
            : '';
        return `// ${s.title}\n${db}${s.command.text}`;
      })
      .join('\n\n') + '\n'
  );
}

/** Lines for a message or the log: ✓ ran, ✗ failed (the service's message), · not run. */
export function formatPlanReport(report: PlanReport): string[] {
  return [
    ...report.ran.map((o) => `✓ ${o.step.title}`),
    ...(report.failed ? [`✗ ${report.failed.step.title}: ${report.failed.message}`] : []),
    ...report.notRun.map((s) => `· not run: ${s.title}`),
    ...(report.cancelled ? ['Cancelled before the remaining steps.'] : []),
  ];
}

/** The failed step and every step after it: what to run again once the cause is fixed. */
export function remainingSteps(report: PlanReport): Step[] {
  return [...(report.failed ? [report.failed.step] : []), ...report.notRun];
}

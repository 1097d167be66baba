// V8 compiles a function to optimised code once it has run "enough" (its interrupt budget, in bytecodes run). A lint is
// over in a fraction of a second, before much of that compiling pays for itself: on the bench's mixed 5,000-command
// file a large share of the process's CPU went to optimising functions then used for a few milliseconds more, while a
// larger budget does not slow a 100,000-command file (bench/lint.bench.ts prints the process with both budgets).

const LINT_INTERRUPT_BUDGET = 1_000_000;

/** The V8 flags a lint process sets for itself, or undefined when the user chose a budget (theirs wins). */
export function shortRunFlags(execArgv: readonly string[], nodeOptions: string | undefined): string | undefined {
  const chosen = (s: string) => s.includes('--interrupt-budget');
  if (execArgv.some(chosen) || chosen(nodeOptions ?? '')) return undefined;
  return `--interrupt-budget=${LINT_INTERRUPT_BUDGET}`;
}

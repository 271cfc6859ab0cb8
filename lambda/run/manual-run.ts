/**
 * Runs started by hand (`janitor run-now`) are Step Functions executions whose name, and so whose
 * run id, starts with `manual-`; the nightly schedule's executions get a generated id. The
 * report says which it was.
 */

export const MANUAL_RUN_PREFIX = 'manual-';

/** Who started a run by hand, in the execution's input and in the report. */
export const MANUAL_RUN_STARTER = 'janitor run-now';

/** Step Functions allows at most 80 characters in an execution name. */
const MAX_EXECUTION_NAME = 80;

export function isManualRun(runId: string): boolean {
  return runId.startsWith(MANUAL_RUN_PREFIX);
}

/**
 * `manual-20261121T020304Z-ana`: the UTC start to the second, then who started it (`cli` when
 * unknown). Letters, digits, `-` and `_` only (what Step Functions' CloudWatch logging accepts,
 * a subset of valid execution names), at most 80 characters.
 */
export function manualExecutionName(now: Date, user: string | undefined): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  const head = `${MANUAL_RUN_PREFIX}${stamp}-`;
  const who = (user ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${head}${(who || 'cli').slice(0, MAX_EXECUTION_NAME - head.length)}`;
}

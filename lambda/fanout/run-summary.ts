import { addCounts, countsHaveNews, NO_COUNTS, type RunReport } from '../core/report';
import type { AccountRunSummary, RegionOutcome, SweepTarget, TargetResult } from '../core/run-results';
import { groupBy } from '../util/collections';

/** Whether an account's summary is worth a Slack message (as a single-target report would be). */
export function summaryIsWorthPosting(s: AccountRunSummary, postWhenNothingHappened: boolean): boolean {
  if (s.regions.some((r) => r.status === 'failed') || countsHaveNews(s.totals)) return true;
  return postWhenNothingHappened && s.totals.marked === 0;
}

/**
 * Groups the run's per-target results by account. Every planned target appears exactly once: a
 * target with no result at all (the Map was stopped early) is a failure, never silently dropped.
 */
export function summarizeRun(input: {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly planned: readonly SweepTarget[];
  readonly results: readonly TargetResult[];
  /** Report by `account/region`: every swept target's, and a failed target's when it reported before failing. */
  readonly reports: ReadonlyMap<string, RunReport>;
  /** The error of each `account/region` report that was needed and could not be read. */
  readonly unreadable?: ReadonlyMap<string, string>;
}): AccountRunSummary[] {
  const key = (t: SweepTarget) => `${t.accountId}/${t.region}`;
  const resultByTarget = new Map<string, TargetResult>();
  for (const result of input.results) {
    const existing = resultByTarget.get(key(result));
    // A retried item can appear twice (a redriven Map run); a success wins over a failure.
    if (!existing || (existing.status === 'failed' && result.status === 'swept')) resultByTarget.set(key(result), result);
  }
  // Sets and maps, not scans: an organization is tens of thousands of targets, in one Lambda.
  const plannedKeys = new Set(input.planned.map(key));
  const targets = [...input.planned, ...[...resultByTarget.values()].filter((r) => !plannedKeys.has(key(r)))];

  return [...groupBy(targets, (t) => t.accountId)].map(([accountId, ofAccount]) => {
    const regions: RegionOutcome[] = [...new Map(ofAccount.map((t) => [t.region, t])).values()]
      .sort((a, b) => a.region.localeCompare(b.region))
      .map((t) => {
        const result = resultByTarget.get(key(t));
        if (!result)
          return { region: t.region, status: 'failed', error: 'no result: the sweep did not run or did not finish (execution stopped?)' };
        if (result.status === 'failed') return { region: t.region, status: 'failed', error: result.error };
        const unreadable = input.unreadable?.get(key(t));
        return {
          region: t.region,
          status: 'swept',
          counts: result.counts,
          ...(unreadable ? { reportUnreadable: unreadable } : {}),
          ...(result.precheck ? { precheck: result.precheck } : {}),
        };
      });
    const totals = regions.reduce((sum, r) => (r.status === 'swept' ? addCounts(sum, r.counts) : sum), NO_COUNTS);
    const reports = regions.flatMap((r) => {
      const report = input.reports.get(`${accountId}/${r.region}`);
      const worthShowing = r.status === 'failed' || countsHaveNews(r.counts);
      return report && worthShowing ? [report] : [];
    });
    return { accountId, runId: input.runId, dryRun: input.dryRun, regions, totals, reports };
  });
}

/**
 * A readable error from a Step Functions Catch: Lambda failures arrive as a JSON `Cause` holding
 * `errorType` and `errorMessage`; other causes are kept as they are (shortened).
 */
export function errorFromCatch(error: { Error?: string; Cause?: string } | undefined): string {
  const cause = error?.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorType?: string; errorMessage?: string };
    if (parsed.errorMessage) return `${parsed.errorType ?? error?.Error ?? 'Error'}: ${parsed.errorMessage}`.slice(0, 1_000);
  } catch {
    // not JSON: a States.* error with a plain-text cause
  }
  return [error?.Error, cause].filter(Boolean).join(': ').slice(0, 1_000) || 'unknown error';
}

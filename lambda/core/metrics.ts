import type { TargetResult } from './run-results';

/**
 * The janitor's CloudWatch metrics (embedded metric format, written by `lambda/metrics.ts`), as
 * plain values. Every value is a count the run already reports (`countsOf`, the report step's
 * tally): nothing here is measured twice or estimated.
 *
 * One constant dimension only (Powertools' `service`): per-target values summed by CloudWatch are
 * the night's totals. Account and region travel as EMF metadata (searchable in Logs Insights), not
 * dimensions: 1,000 accounts × 17 regions would be 17,000 series of every metric.
 */

/** The CloudWatch namespace of every janitor metric; the dashboard reads the same. */
export const METRICS_NAMESPACE = 'UntaggedResourceJanitor';
/** Powertools' `service` dimension, the same on every janitor metric. */
export const METRICS_SERVICE = 'janitor';

export type MetricUnitName = 'Count' | 'Milliseconds';

export interface MetricValue {
  readonly name: string;
  readonly unit: MetricUnitName;
  readonly value: number;
}

/** The sweep's per-target metrics, by name (the dashboard refers to them through this). */
export const TARGET_METRIC = {
  discovered: 'Discovered',
  marked: 'Marked',
  kept: 'Kept',
  deleted: 'Deleted',
  deletionStarted: 'DeletionStarted',
  failed: 'Failed',
  skipped: 'Skipped',
  skippedByCap: 'SkippedByCap',
  needsAttention: 'NeedsAttention',
  warningsPosted: 'WarningsPosted',
  durationMs: 'TargetDurationMs',
  targetFailed: 'TargetFailed',
} as const;

/** The report step's per-run metrics, by name. */
export const REPORT_METRIC = {
  accountsReported: 'AccountsReported',
  targetsFailed: 'TargetsFailed',
  summariesPosted: 'SummariesPosted',
  summariesFailed: 'SummariesFailed',
  digestPosted: 'DigestPosted',
} as const;

export interface TargetMetricsInput {
  /** What the sweep returned, or (`status: 'failed'`) the error it threw. */
  readonly result: TargetResult;
  /** The invocation's wall time, also when it failed. */
  readonly durationMs: number;
  /** Warnings this target posted to Slack (each one message plus its threaded parts); absent: not counted. */
  readonly warningsPosted?: number;
}

const count = (name: string, value: number): MetricValue => ({ name, unit: 'Count', value });

/**
 * One target's metrics. A failed target has no counts (its report, if any, is the report step's):
 * it gets `TargetFailed` 1 and its duration only, so a failure never reads as "nothing deleted".
 */
export function targetMetrics({ result, durationMs, warningsPosted }: TargetMetricsInput): MetricValue[] {
  const timing: MetricValue = { name: TARGET_METRIC.durationMs, unit: 'Milliseconds', value: durationMs };
  if (result.status === 'failed') return [count(TARGET_METRIC.targetFailed, 1), timing];
  const { counts } = result;
  return [
    count(TARGET_METRIC.targetFailed, 0),
    timing,
    ...(result.discovered === undefined ? [] : [count(TARGET_METRIC.discovered, result.discovered)]),
    count(TARGET_METRIC.marked, counts.marked),
    count(TARGET_METRIC.kept, counts.kept),
    count(TARGET_METRIC.deleted, counts.deleted),
    count(TARGET_METRIC.deletionStarted, counts.started),
    count(TARGET_METRIC.failed, counts.failed),
    count(TARGET_METRIC.skipped, counts.skipped),
    count(TARGET_METRIC.skippedByCap, counts.capAlerts),
    count(TARGET_METRIC.needsAttention, counts.needsAttention),
    ...(warningsPosted === undefined ? [] : [count(TARGET_METRIC.warningsPosted, warningsPosted)]),
  ];
}

/** What the report step did for a whole run, counted once, by the invocation that finished it. */
export interface ReportTally {
  /** Accounts with a summary (posted or not worth posting). */
  readonly accounts: number;
  /** Targets the run recorded as failed, including sweeps that timed out and so emitted nothing themselves. */
  readonly failedTargets: number;
  readonly summariesPosted: number;
  readonly summariesFailed: number;
  /** Absent when the run has no organization digest. */
  readonly digestPosted?: boolean;
}

export function reportMetrics(tally: ReportTally): MetricValue[] {
  return [
    count(REPORT_METRIC.accountsReported, tally.accounts),
    count(REPORT_METRIC.targetsFailed, tally.failedTargets),
    count(REPORT_METRIC.summariesPosted, tally.summariesPosted),
    count(REPORT_METRIC.summariesFailed, tally.summariesFailed),
    ...(tally.digestPosted === undefined ? [] : [count(REPORT_METRIC.digestPosted, tally.digestPosted ? 1 : 0)]),
  ];
}

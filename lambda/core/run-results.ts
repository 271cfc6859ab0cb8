import type { PrecheckOutcome } from './listing-scope';
import type { ReportCounts, RunReport } from './report';

/**
 * What a multi-target run's parts produce: one target's result (the Map item's output) and one
 * account's summary (rendered to Slack by `slack/run-summary-messages.ts`). Plain data.
 */

/** One sweep: one account, one region. */
export interface SweepTarget {
  readonly accountId: string;
  readonly region: string;
  /** Where its warnings and its account's summary go (`slack.routes`); set by the plan step. */
  readonly channel?: string;
}

/** What one target contributes to the run's report (small: the Map's results stay far below 256 KiB). */
export type TargetCounts = ReportCounts;

export type TargetResult =
  | (SweepTarget & {
      readonly status: 'swept';
      readonly reportKey: string;
      readonly counts: TargetCounts;
      readonly durationMs: number;
      /** Resources listed tonight (every one decided); absent in results of older versions. */
      readonly discovered?: number;
      /** With `targets.resourceExplorerPrecheck`: whether it narrowed the listing, or why not. */
      readonly precheck?: PrecheckOutcome;
    })
  | (SweepTarget & { readonly status: 'failed'; readonly error: string });

/** One region's line in an account's summary. */
export type RegionOutcome =
  | {
      readonly region: string;
      readonly status: 'swept';
      readonly counts: TargetCounts;
      /** Its stored report could not be read: the counts stand, the per-resource lists are missing. */
      readonly reportUnreadable?: string;
      readonly precheck?: PrecheckOutcome;
    }
  | { readonly region: string; readonly status: 'failed'; readonly error: string };

/** What one account's Slack summary shows: every region's outcome, the totals, the detailed reports. */
export interface AccountRunSummary {
  readonly accountId: string;
  readonly runId: string;
  readonly dryRun: boolean;
  readonly regions: readonly RegionOutcome[];
  readonly totals: TargetCounts;
  /** Reports of the regions with something to show, in region order, for the per-resource lists. */
  readonly reports: readonly RunReport[];
}

import { addCounts, NO_COUNTS, type ReportCounts, type RunReport } from './report';
import type { AccountRunSummary } from './run-results';

/** The organization's night in one message, for the platform channel (`slack.channel`). */
export interface OrgDigest {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly accounts: number;
  readonly regions: number;
  readonly targets: number;
  readonly totals: ReportCounts;
  /** Every failed target; the message shows the first few and says how many more. */
  readonly failedTargets: readonly { readonly accountId: string; readonly region: string; readonly error: string }[];
  /** Accounts by the monthly cost of what was newly marked, highest first (at most `TOP_ACCOUNTS`). */
  readonly costliest: readonly { readonly accountId: string; readonly marked: number; readonly monthlyUsd: number }[];
  /** What was newly marked tonight costs a month, over all accounts (priced types only). */
  readonly markedMonthlyUsd: number;
  /** Channels the account summaries went to. */
  readonly channels: readonly string[];
  /** With `targets.resourceExplorerPrecheck`: where it narrowed the listing, and why it did not elsewhere. */
  readonly precheck?: PrecheckSummary;
}

export interface PrecheckSummary {
  /** Targets whose sweep asked Resource Explorer (Mondays excluded: every type is listed then). */
  readonly asked: number;
  readonly narrowed: number;
  /** Why the rest listed every type, most targets first, each with one of its targets. */
  readonly fullListing: readonly {
    readonly reason: string;
    readonly targets: number;
    readonly example: { readonly accountId: string; readonly region: string };
  }[];
}

export const TOP_ACCOUNTS = 5;

/** `reports` by `account/region`: every target's report that was read, quiet ones included. */
export function orgDigestOf(input: {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly summaries: readonly AccountRunSummary[];
  readonly reports: ReadonlyMap<string, RunReport>;
  readonly channelOf: (accountId: string) => string;
}): OrgDigest {
  const { summaries, reports } = input;
  const costByAccount = summaries.map((s) => {
    const own = s.regions.map((r) => reports.get(`${s.accountId}/${r.region}`)).filter((r) => r !== undefined);
    return {
      accountId: s.accountId,
      marked: s.totals.marked,
      monthlyUsd: own.reduce((sum, r) => sum + (r.markedMonthlyUsd ?? 0), 0),
    };
  });
  return {
    runId: input.runId,
    dryRun: input.dryRun,
    accounts: summaries.length,
    regions: new Set(summaries.flatMap((s) => s.regions.map((r) => r.region))).size,
    targets: summaries.reduce((n, s) => n + s.regions.length, 0),
    totals: summaries.reduce((sum, s) => addCounts(sum, s.totals), NO_COUNTS),
    failedTargets: summaries.flatMap((s) =>
      s.regions.flatMap((r) => (r.status === 'failed' ? [{ accountId: s.accountId, region: r.region, error: r.error }] : [])),
    ),
    costliest: costByAccount
      .filter((a) => a.monthlyUsd > 0)
      .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.accountId.localeCompare(b.accountId))
      .slice(0, TOP_ACCOUNTS),
    markedMonthlyUsd: costByAccount.reduce((sum, a) => sum + a.monthlyUsd, 0),
    channels: [...new Set(summaries.map((s) => input.channelOf(s.accountId)))].sort(),
    ...precheckSummaryOf(summaries),
  };
}

/** A reason without what differs between targets: a view's own filter string, quoted. */
const reasonKind = (reason: string) => reason.replace(/ \(".*"\)/, '');

function precheckSummaryOf(summaries: readonly AccountRunSummary[]): { precheck?: PrecheckSummary } {
  const outcomes = summaries.flatMap((s) =>
    s.regions.flatMap((r) =>
      r.status === 'swept' && r.precheck && r.precheck !== 'weekly'
        ? [{ accountId: s.accountId, region: r.region, outcome: r.precheck }]
        : [],
    ),
  );
  if (outcomes.length === 0) return {};
  const full = new Map<string, { reason: string; targets: number; example: { accountId: string; region: string } }>();
  for (const { accountId, region, outcome } of outcomes) {
    if (typeof outcome !== 'object') continue;
    const reason = reasonKind(outcome.fullListing);
    const entry = full.get(reason) ?? { reason, targets: 0, example: { accountId, region } };
    entry.targets += 1;
    full.set(reason, entry);
  }
  return {
    precheck: {
      asked: outcomes.length,
      narrowed: outcomes.filter((o) => o.outcome === 'narrowed').length,
      fullListing: [...full.values()].sort((a, b) => b.targets - a.targets || a.reason.localeCompare(b.reason)),
    },
  };
}

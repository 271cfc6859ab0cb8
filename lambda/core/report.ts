import type { EvidenceProblem, EvidenceSourceRead } from './iac-evidence';
import type { ListingScopeNote } from './listing-scope';
import type { NotCoveredCount } from './not-covered';

/**
 * What a run tells people. Plain data built by the engine, rendered to Slack by `slack/messages.ts`.
 */

/** One resource as shown to a person. */
export interface ResourceLine {
  readonly typeLabel: string;
  readonly type: string;
  readonly id: string;
  readonly name?: string;
  readonly arn: string;
  readonly region: string;
  /** Undefined where the service does not report a creation time. */
  readonly ageMs?: number;
  readonly consoleUrl: string;
  /** Why the janitor decided what it did, e.g. "missing IaC tags (ManagedBy)". */
  readonly reason: string;
  /** What leaving it running costs, where the type can say, e.g. "~$33/month". */
  readonly cost?: string;
  /** What deletion kept, e.g. "snapshot snap-0abc (tagged janitor:exempt=true)". */
  readonly backup?: string;
  /** Who created or owns it, where known (warnings only); absent: unknown or not looked up. */
  readonly owner?: ResourceOwner;
}

/** A resource's owner: a name from a tag or CloudTrail, and the Slack user it maps to, if any. */
export interface ResourceOwner {
  /** The owner tag's value, or the CloudTrail principal (user name, SSO session name, role). */
  readonly name?: string;
  /** Slack user ID (`U…`/`W…`) to mention. */
  readonly slackUserId?: string;
  readonly source: 'tag' | 'cloudtrail';
}

/** A keep clicked in Slack since the previous report (read from the warning ledger). */
export interface KeptFromSlack {
  readonly arn: string;
  readonly typeLabel?: string;
  /** Slack user ID of whoever clicked. */
  readonly keptBy: string;
  /** Exempt through this day (UTC), or for good. */
  readonly until?: Date | 'forever';
  readonly at: Date;
}

/** How a person keeps a resource: shown in every warning. */
export interface KeepInstructions {
  /** e.g. "ManagedBy=terraform|cdk" or "Team and CostCenter". */
  readonly requiredTags: string;
  /** e.g. "janitor:exempt". */
  readonly exemptTag: string;
}

/** Posted before marking: "found these, they go after <deadline>". */
export interface Warning {
  readonly accountId: string;
  readonly region: string;
  readonly dryRun: boolean;
  /** When the resources in this warning become due. */
  readonly deadline: Date;
  readonly resources: readonly ResourceLine[];
  readonly keep: KeepInstructions;
  /** True when owners were looked up: resources are then grouped by owner, unknown ones listed as such. */
  readonly ownersResolved?: boolean;
  /** Owner lookups that failed (CloudTrail or Slack errors): shown, so "unknown" is not mistaken for "nobody". */
  readonly ownerProblems?: readonly string[];
}

export interface FailedLine extends ResourceLine {
  /** The AWS error, e.g. "DependencyViolation: resource sg-1 has a dependent object". */
  readonly error: string;
}

/** Where a run's audit record was written. */
export interface AuditLocation {
  readonly uri: string;
  readonly consoleUrl: string;
}

/** Posted at the end of a run: what happened, what failed, what needs a human. */
export interface RunReport {
  readonly accountId: string;
  readonly region: string;
  readonly dryRun: boolean;
  readonly startedAt: Date;
  /** Deleted (or, in a dry run, would have been deleted). */
  readonly deleted: readonly ResourceLine[];
  /** Slow deletions started this run (RDS, NAT, KMS schedule, ...); a later run no longer lists them. */
  readonly started: readonly ResourceLine[];
  /** Deletion or tagging failed; `error` says how. */
  readonly failed: readonly FailedLine[];
  /** Due but deliberately not deleted (e.g. bucket not empty); `reason` says why. */
  readonly skipped: readonly ResourceLine[];
  /** Marked earlier, now compliant, exempt or protected: mark removed. */
  readonly kept: readonly ResourceLine[];
  /** Malformed exemption or malformed mark: a person should look. */
  readonly needsAttention: readonly ResourceLine[];
  /** Newly marked this run (or would be, in a dry run). */
  readonly markedCount: number;
  /** What the newly marked cost a month, from their cost hints; absent in reports of older versions. */
  readonly markedMonthlyUsd?: number;
  /** Marked earlier and not yet due. */
  readonly waitingCount: number;
  /** Blast-radius cap alerts: the phase did nothing. */
  readonly capAlerts: readonly string[];
  /** Types that could not be listed, with the error: the run went on without them. */
  readonly listingErrors: readonly { readonly type: string; readonly error: string }[];
  /** The run's audit record; absent when no audit bucket is configured. */
  readonly audit?: AuditLocation;
  /** Set when writing the audit record failed: the run is then failed after the report is posted. */
  readonly auditError?: string;
  /** Keeps clicked in Slack since the previous run (see `WarningLedger.keepsSince`). */
  readonly keptFromSlack?: readonly KeptFromSlack[];
  /** IaC sources that could not be read: every mark and deletion was held this run. */
  readonly evidenceProblems?: readonly EvidenceProblem[];
  /** Untagged resources a stack or IaC state names (tag drift): kept, never deleted. */
  readonly managedCount?: number;
  /** Weekly (Monday UTC runs): the managed-but-untagged resources themselves, for the platform team. */
  readonly tagDrift?: readonly ResourceLine[];
  /** The IaC sources read this run, for the audit record. */
  readonly evidenceSources?: readonly EvidenceSourceRead[];
  /** Weekly, where Resource Explorer is set up: never-tagged resources of types no plug-in covers. */
  readonly notCovered?: NotCoveredCount;
  /** With `targets.resourceExplorerPrecheck`: the types it skipped, or why every type was listed. */
  readonly listingScope?: ListingScopeNote;
}

/** A run that could not complete. */
export interface RunFailure {
  readonly accountId: string;
  readonly region: string;
  readonly error: string;
}

/** Where a warning was posted: its first message, which the rest of it is threaded under. */
export interface PostedWarning {
  readonly channel: string;
  readonly ts: string;
}

/** The engine's view of Slack. */
export interface Notifier {
  /** Resolves once every part was posted; with where, when the notifier can say. */
  postWarning(warning: Warning): Promise<PostedWarning | undefined>;
  postReport(report: RunReport): Promise<void>;
  postFailure(failure: RunFailure): Promise<void>;
}

/**
 * Every count a report has, in the order people read them. `news` counts make a report worth
 * posting; new marks and waiting ones are not news (the warning already announced them).
 * The one list behind the report header, the account summaries and "is this worth posting".
 */
const REPORT_COUNTS = [
  { key: 'deleted', news: true, words: (_n: number, dry: boolean) => (dry ? 'would be deleted' : 'deleted') },
  { key: 'started', news: true, words: () => 'deletion started' },
  { key: 'failed', news: true, words: () => 'failed' },
  { key: 'skipped', news: true, words: () => 'skipped' },
  { key: 'kept', news: true, words: () => 'kept' },
  { key: 'keptFromSlack', news: true, words: () => 'kept from Slack' },
  { key: 'needsAttention', news: true, words: (n: number) => (n === 1 ? 'needs attention' : 'need attention') },
  { key: 'capAlerts', news: true, words: (n: number) => (n === 1 ? 'cap alert' : 'cap alerts') },
  { key: 'listingErrors', news: true, words: (n: number) => (n === 1 ? 'type not listed' : 'types not listed') },
  // Only on the weekly night: the list itself is the news.
  { key: 'tagDrift', news: true, words: () => 'tag drift (weekly)' },
  { key: 'notCovered', news: true, words: () => 'never tagged, of types not covered (weekly)' },
  { key: 'marked', news: false, words: (_n: number, dry: boolean) => (dry ? 'would be marked' : 'newly marked') },
  { key: 'waiting', news: false, words: () => 'waiting' },
] as const;

export type ReportCounts = { readonly [K in (typeof REPORT_COUNTS)[number]['key']]: number };

export const NO_COUNTS = Object.fromEntries(REPORT_COUNTS.map((c) => [c.key, 0])) as ReportCounts;

export function countsOf(report: RunReport): ReportCounts {
  return {
    deleted: report.deleted.length,
    started: report.started.length,
    failed: report.failed.length,
    skipped: report.skipped.length,
    kept: report.kept.length,
    keptFromSlack: report.keptFromSlack?.length ?? 0,
    needsAttention: report.needsAttention.length,
    capAlerts: report.capAlerts.length,
    listingErrors: report.listingErrors.length,
    tagDrift: report.tagDrift?.length ?? 0,
    notCovered: report.notCovered?.total ?? 0,
    marked: report.markedCount,
    waiting: report.waitingCount,
  };
}

export function addCounts(a: ReportCounts, b: ReportCounts): ReportCounts {
  // A count an older version did not store (results written before an upgrade, mid-run) is zero.
  return Object.fromEntries(REPORT_COUNTS.map(({ key }) => [key, (a[key] ?? 0) + (b[key] ?? 0)])) as ReportCounts;
}

/** True when the counts hold something a person should see. */
export function countsHaveNews(counts: ReportCounts): boolean {
  return REPORT_COUNTS.some((c) => c.news && counts[c.key] > 0);
}

/** "2 deleted", "1 needs attention", …: the non-zero counts (only the news ones unless asked). */
export function describeCounts(counts: ReportCounts, dryRun: boolean, { newsOnly = false } = {}): string[] {
  return REPORT_COUNTS.filter((c) => (!newsOnly || c.news) && counts[c.key] > 0).map(
    (c) => `${counts[c.key]} ${c.words(counts[c.key], dryRun)}`,
  );
}

/** True when the report has anything a person should see. */
export function reportHasNews(report: RunReport): boolean {
  return countsHaveNews(countsOf(report)) || Boolean(report.auditError) || (report.evidenceProblems?.length ?? 0) > 0;
}

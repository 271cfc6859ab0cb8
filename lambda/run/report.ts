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
}

/** A run that could not complete. */
export interface RunFailure {
  readonly accountId: string;
  readonly region: string;
  readonly error: string;
}

/** The engine's view of Slack. */
export interface Notifier {
  postWarning(warning: Warning): Promise<void>;
  postReport(report: RunReport): Promise<void>;
  postFailure(failure: RunFailure): Promise<void>;
}

/** True when the report has anything a person should see. */
export function reportHasNews(report: RunReport): boolean {
  return (
    report.deleted.length +
      report.started.length +
      report.failed.length +
      report.skipped.length +
      report.kept.length +
      report.needsAttention.length +
      report.capAlerts.length +
      report.listingErrors.length +
      (report.keptFromSlack?.length ?? 0) +
      (report.auditError ? 1 : 0) >
    0
  );
}

import type { STSClient } from '@aws-sdk/client-sts';
import { S3AnnouncementLedger } from '../audit/announcement-ledger';
import { S3AuditStore } from '../audit/audit-store';
import { S3EvidenceSizes } from '../audit/evidence-sizes';
import { sessionNameFor, targetIn } from '../aws/member-accounts';
import type { JanitorConfig } from '../config/schema';
import { precheckOutcomeOf } from '../core/listing-scope';
import { countsOf, type KeptFromSlack, type Notifier, type RunReport } from '../core/report';
import type { SweepTarget, TargetResult } from '../core/run-results';
import { hasStateSources, NO_STATE_EVIDENCE, type StateEvidence } from '../iac/read-evidence';
import { S3StackCache } from '../iac/stack-cache';
import type { OwnerResolver } from '../owners/resolve-owners';
import { resourceType } from '../resources/registry';
import { runNight } from '../run/nightly-run';
import { type RunStore, runKeys } from './run-store';
import type { Home } from './targets';

/** One item of the state machine's Map: a target plus the run it belongs to. */
export interface SweepEvent extends SweepTarget {
  /** The Step Functions execution name. */
  readonly runId: string;
  /** Keeps clicked in Slack since then (ISO) go into this target's report; from the plan step. */
  readonly keepsSince?: string;
}

export interface SweepDependencies {
  readonly config: JanitorConfig;
  readonly home: Home;
  /** Posts warnings; each target warns before it marks, as a single-account run does. */
  readonly notifier: Pick<Notifier, 'postWarning'>;
  readonly runStore: RunStore;
  readonly now: Date;
  /** Protected by name in the janitor's own account only. */
  readonly ownStackName?: string;
  readonly auditBucket?: string;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly sts?: STSClient;
  /** Finds who created the resources about to be warned about (owner tags, CloudTrail, Slack users). */
  readonly owners?: OwnerResolver;
  /** The keeps clicked in Slack (the ledger), listed in this target's report. */
  readonly keeps?: { keepsSince(since: Date, accountId: string, region: string): Promise<KeptFromSlack[]> };
}

/** When the plan step gave no start for the keeps (an older state machine), the last day's. */
const DEFAULT_KEEPS_LOOKBACK_MS = 24 * 3600_000;

/**
 * One night for one (account, region): the same engine as a single-account run, in the member
 * account through its role. The report is stored for the run's summary instead of being posted,
 * so Slack gets one summary per account rather than one message per region. Throws on a run-level
 * failure; the state machine records it as this target's failure and goes on with the others.
 */
export async function sweepTarget(event: SweepEvent, deps: SweepDependencies): Promise<TargetResult> {
  const began = Date.now();
  const { config, home } = deps;
  const target = targetIn(
    event.accountId,
    event.region,
    { home, roleName: config.targets.memberRoleName, externalId: config.targets.externalId, sessionName: sessionNameFor(event.runId) },
    deps.sts,
  );
  // Assume the member role up front: a refused role fails the target as a whole, instead of
  // showing up as every type "not listed".
  if (target.credentials) await target.credentials();
  if (!deps.auditBucket)
    throw new Error('no audit bucket configured (JANITOR_AUDIT_BUCKET): without the announcement ledger nothing can be marked or deleted');
  let report: RunReport | undefined;
  let discovered: number | undefined;
  const reportKey = runKeys.report(event.runId, event.accountId, event.region);
  const night = runNight({
    config,
    target,
    now: deps.now,
    notifier: {
      postWarning: (warning) => deps.notifier.postWarning(warning),
      postReport: async (r) => {
        report = r;
      },
      postFailure: async () => {},
    },
    // Every run reports to the summary, quiet or not: the summary shows each target's status.
    alwaysReport: true,
    // State files were read once for the run by the plan step (member roles may read stacks only).
    states: await runStateEvidence(event.runId, config, deps.runStore),
    ownStackName: event.accountId === home.accountId ? deps.ownStackName : undefined,
    owners: deps.owners,
    sleep: deps.sleep,
    auditStore: new S3AuditStore(deps.auditBucket, home.region),
    ledger: new S3AnnouncementLedger(deps.auditBucket, home.region),
    evidenceSizes: new S3EvidenceSizes(deps.auditBucket, home.region),
    stackCache: new S3StackCache(deps.auditBucket, home.region),
  });
  try {
    const { decisions } = await night;
    discovered = decisions.length;
    if (report && deps.keeps) {
      const since = event.keepsSince ? new Date(event.keepsSince) : new Date(deps.now.getTime() - DEFAULT_KEEPS_LOOKBACK_MS);
      const keeps = await deps.keeps.keepsSince(since, event.accountId, event.region);
      // The ledger knows ARNs only; tonight's inventory knows what they are.
      const typeOf = new Map(decisions.map((d) => [d.resource.arn, d.resource.type]));
      const keptFromSlack = keeps.map((k) => {
        const type = typeOf.get(k.arn);
        return type && !k.typeLabel ? { ...k, typeLabel: resourceType(type).label } : k;
      });
      if (keptFromSlack.length > 0) report = { ...report, keptFromSlack };
    }
  } finally {
    // A run that fails after reporting (audit write) still deleted things: the summary must list them.
    if (report) await deps.runStore.putJson(reportKey, report);
  }
  if (!report) throw new Error(`the sweep of ${event.accountId} ${event.region} produced no report`);
  return {
    accountId: event.accountId,
    region: event.region,
    status: 'swept',
    reportKey,
    counts: countsOf(report),
    durationMs: Date.now() - began,
    ...(discovered === undefined ? {} : { discovered }),
    ...(report.listingScope ? { precheck: precheckOutcomeOf(report.listingScope) } : {}),
  };
}

/** The state evidence the plan step stored for this run; missing, it is a problem that holds the night. */
async function runStateEvidence(runId: string, config: JanitorConfig, store: RunStore): Promise<StateEvidence> {
  if (!hasStateSources(config.iac)) return NO_STATE_EVIDENCE;
  const key = runKeys.stateEvidence(runId);
  const stored = await store.getGzipJsonIfPresent<StateEvidence>(key);
  if (stored) return stored;
  return {
    ...NO_STATE_EVIDENCE,
    problems: [{ source: 'Terraform/Pulumi state', error: `the plan step stored no state evidence for this run (${key})` }],
  };
}

import type { AuditAction } from '../audit/audit-record';
import { tagResources } from '../aws/tagging';
import { type Announcement, resourceIdentity } from '../core/announcements';
import { checkCap } from '../core/caps';
import { monthlyUsd } from '../core/cost';
import { deadlineFor, describeRequirement } from '../core/decide';
import { type DecidedResource, EXEMPT_TAG, MARK_TAG } from '../core/model';
import type { FailedLine, PostedWarning } from '../core/report';
import { formatDeadline } from '../core/tag-values';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import { auditAction, failedLineOf, type Night, type PhaseResult, resourceLineOf } from './night';

export interface WarnPhaseResult extends PhaseResult {
  readonly warningPosted: boolean;
  /** Newly marked (or, in a dry run, would be). */
  readonly markedCount: number;
  /** What the newly marked cost a month, from their types' cost hints (unpriced ones count 0). */
  readonly markedMonthlyUsd: number;
}

/**
 * Warns about new violations, records what the warning announced, then marks them, in that order:
 * nothing is marked unless its warning reached Slack and was recorded.
 */
export async function warnAndMarkPhase(night: Night, toMark: readonly DecidedResource[]): Promise<WarnPhaseResult> {
  const { config, dryRun } = night;
  const cap = checkCap('mark', toMark.length, config.limits.maxMarksPerRun, dryRun);
  if (!cap.allowed) {
    logger.warn('marking cap exceeded', { candidates: toMark.length, max: config.limits.maxMarksPerRun });
    return { lines: { capAlerts: [cap.alert] }, actions: [], warningPosted: false, markedCount: 0, markedMonthlyUsd: 0 };
  }
  if (toMark.length === 0) return { lines: {}, actions: [], warningPosted: false, markedCount: 0, markedMonthlyUsd: 0 };
  const needsAttention = toMark.filter((d) => d.decision.status === 'malformed-mark').map((d) => resourceLineOf(night, d));
  const deadline = deadlineFor(night.now, night.policy);
  const posted = await postWarning(night, toMark, deadline);
  if (!dryRun) await recordAnnouncements(night, toMark, deadline, posted || undefined);
  const marking = await mark(night, toMark, deadline);
  return {
    lines: { needsAttention, failed: marking.failed },
    actions: marking.actions,
    warningPosted: true,
    markedCount: marking.markedCount,
    markedMonthlyUsd: marking.markedMonthlyUsd,
  };
}

async function postWarning(night: Night, toMark: readonly DecidedResource[], deadline: Date) {
  const { options } = night;
  const owners = options.owners
    ? await options.owners.resolve(
        toMark.map((d) => d.resource),
        night.clients,
      )
    : undefined;
  return options.notifier.postWarning({
    accountId: options.target.accountId,
    region: options.target.region,
    dryRun: night.dryRun,
    deadline,
    resources: toMark.map((d) => ({
      ...resourceLineOf(night, d),
      ...(owners?.owners.has(d.resource.arn) ? { owner: owners.owners.get(d.resource.arn) } : {}),
    })),
    keep: { requiredTags: describeRequirement(night.policy), exemptTag: EXEMPT_TAG },
    ...(owners ? { ownersResolved: true, ownerProblems: owners.problems } : {}),
  });
}

/** Records what the warning just announced; without the record nothing may be marked (it could never be deleted). */
async function recordAnnouncements(
  night: Night,
  toMark: readonly DecidedResource[],
  deadline: Date,
  posted?: PostedWarning,
): Promise<void> {
  const { options, now } = night;
  const announced: Announcement[] = toMark.map(({ resource }) => ({
    arn: resource.arn,
    ...(resourceIdentity(resource) ? { identity: resourceIdentity(resource) } : {}),
    deadline: formatDeadline(deadline),
    announcedAt: now.toISOString(),
    ...(posted ? { channel: posted.channel, messageTs: posted.ts } : {}),
  }));
  try {
    await options.ledger.record(options.target.accountId, options.target.region, now, announced);
  } catch (error) {
    throw new Error(
      `the warning was posted but recording it in the announcement ledger failed, so nothing was marked: ${errorText(error)}`,
      { cause: error },
    );
  }
}

async function mark(night: Night, toMark: readonly DecidedResource[], deadline: Date) {
  const { dryRun } = night;
  const failures = dryRun
    ? new Map<string, string>()
    : await tagResources(
        night.clients,
        toMark.map((d) => d.resource.arn),
        { [MARK_TAG]: formatDeadline(deadline) },
      );
  const failed: FailedLine[] = [];
  const actions: AuditAction[] = [];
  let markedCount = 0;
  let markedMonthlyUsd = 0;
  for (const d of toMark) {
    const failure = failures.get(d.resource.arn);
    if (failure) failed.push(failedLineOf(night, d, `marking failed: ${failure}`));
    else {
      markedCount += 1;
      markedMonthlyUsd += monthlyUsd(resourceLineOf(night, d).cost) ?? 0;
    }
    const outcome = failure ? 'failed' : dryRun ? 'would' : 'done';
    actions.push(auditAction(night, d, 'mark', outcome, { detail: failure ?? `deadline ${formatDeadline(deadline)}` }));
    logger.info(failure ? 'mark failed' : dryRun ? 'would mark' : 'marked', {
      arn: d.resource.arn,
      deadline: formatDeadline(deadline),
      error: failure,
    });
  }
  return { failed, actions, markedCount, markedMonthlyUsd };
}

import type { AuditAction } from '../audit/audit-record';
import { untagResources } from '../aws/tagging';
import { type DecidedResource, MARK_TAG } from '../core/model';
import type { FailedLine, ResourceLine } from '../core/report';
import { logger } from '../logger';
import { auditAction, failedLineOf, type Night, type PhaseResult, resourceLineOf } from './night';

/** Removes the janitor's mark from what became compliant, exempt or protected (kept). */
export async function unmarkPhase(night: Night, toUnmark: readonly DecidedResource[]): Promise<PhaseResult> {
  if (toUnmark.length === 0) return { lines: {}, actions: [] };
  const { dryRun } = night;
  const failures = dryRun
    ? new Map<string, string>()
    : await untagResources(
        night.clients,
        toUnmark.map((d) => d.resource.arn),
        [MARK_TAG],
      );
  const failed: FailedLine[] = [];
  const kept: ResourceLine[] = [];
  const actions: AuditAction[] = [];
  for (const d of toUnmark) {
    const failure = failures.get(d.resource.arn);
    if (failure) failed.push(failedLineOf(night, d, `removing the mark failed: ${failure}`));
    else kept.push(resourceLineOf(night, d));
    actions.push(auditAction(night, d, 'unmark', failure ? 'failed' : dryRun ? 'would' : 'done', { detail: failure ?? d.decision.reason }));
    logger.info(failure ? 'unmark failed' : 'unmarked', { arn: d.resource.arn, reason: d.decision.reason, error: failure });
  }
  return { lines: { failed, kept }, actions };
}

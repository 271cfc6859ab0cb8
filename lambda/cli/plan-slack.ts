import { type DecisionPolicy, describeRequirement, NEEDS_ATTENTION_STATUSES } from '../core/decide';
import { type DecidedResource, EXEMPT_TAG } from '../core/model';
import type { RunReport, Warning } from '../core/report';
import type { ResourceType } from '../resources/resource-type';
import { resourceLine } from '../run/resource-line';

/** What tonight's run would post, from the plan's decisions: the warning (if any) and the report. */
export interface SlackPreview {
  readonly warning?: Warning;
  readonly report: RunReport;
}

export interface SlackPreviewInput {
  readonly accountId: string;
  readonly region: string;
  readonly dryRun: boolean;
  readonly now: Date;
  readonly policy: DecisionPolicy;
  readonly types: readonly ResourceType[];
  readonly decided: readonly DecidedResource[];
  readonly deadline: Date;
  readonly capAlerts: readonly string[];
  readonly listingErrors: readonly { readonly type: string; readonly error: string }[];
}

/**
 * The nightly run's messages built from a plan: owners are not looked up (a preview reads no
 * CloudTrail), and the report shows what is due as deleted, as a dry run's report does.
 */
export function slackPreviewOf(input: SlackPreviewInput): SlackPreview {
  const typeById = new Map(input.types.map((t) => [t.id, t]));
  const lines = (test: (d: DecidedResource) => boolean) =>
    input.decided.filter(test).map((d) => resourceLine(typeById.get(d.resource.type), d, input.now));
  const toMark = lines((d) => d.decision.action === 'mark');
  const base = { accountId: input.accountId, region: input.region, dryRun: input.dryRun };
  const warning: Warning | undefined =
    toMark.length > 0
      ? {
          ...base,
          deadline: input.deadline,
          resources: toMark,
          keep: { requiredTags: describeRequirement(input.policy), exemptTag: EXEMPT_TAG },
        }
      : undefined;
  const report: RunReport = {
    ...base,
    startedAt: input.now,
    deleted: lines((d) => d.decision.action === 'delete'),
    started: [],
    failed: [],
    skipped: [],
    kept: lines((d) => d.decision.action === 'unmark'),
    needsAttention: lines((d) => NEEDS_ATTENTION_STATUSES.has(d.decision.status)),
    markedCount: toMark.length,
    waitingCount: input.decided.filter((d) => d.decision.status === 'waiting').length,
    capAlerts: input.capAlerts,
    listingErrors: input.listingErrors,
  };
  return { ...(warning ? { warning } : {}), report };
}

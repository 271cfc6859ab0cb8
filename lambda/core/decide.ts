import type { JanitorConfig } from '../config/schema';
import {
  CLOUDFORMATION_STACK_ID_TAG,
  EXEMPT_TAG,
  MARK_TAG,
  type Decision,
  type DecisionStatus,
  type Resource,
  type Tags,
} from './model';
import { DAY_MS, HOUR_MS, formatDeadline, globToRegExp, parseDeadline, parseExemption } from './tag-values';

/**
 * A mark written at night N must be due at night N+1 even when that run starts earlier:
 * a daylight-saving switch moves a time-zoned schedule by an hour, and the scheduler and Lambda
 * add minutes of jitter. So the deadline sits this much before "exactly one grace period later".
 */
export const EARLY_RUN_TOLERANCE_MS = 3 * HOUR_MS;

/** Built-in protections: the CDK bootstrap stack's resources, whatever their tags. */
const CDK_BOOTSTRAP_PATTERNS = ['*cdk-hnb659fds*', '*CDKToolkit*', '*cdktoolkit*'];

/** Everything the decision needs besides the resource and the time, compiled once per run. */
export interface DecisionPolicy {
  readonly requiredTags: JanitorConfig['compliance']['requiredTags'];
  readonly match: 'any' | 'all';
  readonly cloudFormationCountsAsIaC: boolean;
  readonly exemptArnPatterns: readonly RegExp[];
  readonly exemptArnGlobs: readonly string[];
  readonly exemptTypes: ReadonlySet<string>;
  readonly protectedArnPatterns: readonly RegExp[];
  readonly gracePeriodMs: number;
  readonly minimumAgeMs: number;
}

/** The Slack token secret is usually created by hand, so untagged: deleting it would silence the janitor. */
function slackSecretPattern(tokenSecretName: string): string {
  return tokenSecretName.startsWith('arn:') ? `${tokenSecretName}*` : `arn:*:secretsmanager:*:*:secret:${tokenSecretName}-??????`;
}

export function decisionPolicy(config: JanitorConfig, ownStackName?: string): DecisionPolicy {
  const protectedGlobs = [
    ...CDK_BOOTSTRAP_PATTERNS,
    slackSecretPattern(config.slack.tokenSecretName),
    ...(ownStackName ? [`*${ownStackName}*`] : []),
  ];
  return {
    requiredTags: config.compliance.requiredTags,
    match: config.compliance.match,
    cloudFormationCountsAsIaC: config.compliance.cloudFormationCountsAsIaC,
    exemptArnGlobs: config.exemptions.arnPatterns,
    exemptArnPatterns: config.exemptions.arnPatterns.map(globToRegExp),
    exemptTypes: new Set(config.exemptions.resourceTypes),
    protectedArnPatterns: protectedGlobs.map(globToRegExp),
    gracePeriodMs: config.gracePeriodDays * DAY_MS,
    minimumAgeMs: config.minimumAgeHours * HOUR_MS,
  };
}

/** The deadline written into a new mark. */
export function deadlineFor(now: Date, policy: DecisionPolicy): Date {
  return new Date(Math.floor((now.getTime() + policy.gracePeriodMs - EARLY_RUN_TOLERANCE_MS) / 1000) * 1000);
}

/** `aws:` tags written by a managed service (Auto Scaling, EKS, Beanstalk, ...), CloudFormation aside. */
export function managedServiceTag(tags: Tags): string | undefined {
  return Object.keys(tags).find((key) => key.startsWith('aws:') && !key.startsWith('aws:cloudformation:'));
}

export function isCompliant(tags: Tags, policy: DecisionPolicy): boolean {
  if (policy.cloudFormationCountsAsIaC && tags[CLOUDFORMATION_STACK_ID_TAG] !== undefined) return true;
  const satisfied = (rule: DecisionPolicy['requiredTags'][number]) => {
    const value = tags[rule.key];
    return value !== undefined && (rule.values === undefined || rule.values.includes(value));
  };
  return policy.match === 'all' ? policy.requiredTags.every(satisfied) : policy.requiredTags.some(satisfied);
}

/** Human-readable requirement, e.g. "ManagedBy=terraform|cdk or Team". */
export function describeRequirement(policy: DecisionPolicy): string {
  const rules = policy.requiredTags.map((r) => (r.values ? `${r.key}=${r.values.join('|')}` : r.key));
  return rules.join(policy.match === 'all' ? ' and ' : ' or ');
}

/** The statuses whose action marks or deletes the resource. */
const ACTING_STATUSES: ReadonlySet<DecisionStatus> = new Set<DecisionStatus>(['new-violation', 'malformed-mark', 'due']);

/**
 * True when the decision would mark or delete the resource but is held back because the resource
 * still `needsCompletion` (its creation time, state or protections are not read yet): the engine
 * completes exactly these, then decides again.
 */
export function awaitsCompletion(resource: Resource, decision: Decision): boolean {
  return resource.needsCompletion === true && ACTING_STATUSES.has(decision.status);
}

/**
 * The pure heart of the janitor: what to do with one resource, given its tags and the time.
 * Order matters: anything that keeps a resource (protection, exemption, compliance) wins over
 * anything that would remove it, and an unparseable value never counts as permission to delete.
 *
 * A resource that `needsCompletion` is never marked or deleted: its creation time is unknown
 * only because it was not read yet (the minimum-age rule could not apply), and its protections
 * may be unread. Such a decision keeps its status but its action is `none` (see `awaitsCompletion`).
 */
export function decide(resource: Resource, now: Date, policy: DecisionPolicy): Decision {
  const decision = judge(resource, now, policy);
  if (!resource.needsCompletion || (decision.action !== 'mark' && decision.action !== 'delete')) return decision;
  return { ...decision, action: 'none', reason: `${decision.reason}; not acted on before its creation time and state are read` };
}

function judge(resource: Resource, now: Date, policy: DecisionPolicy): Decision {
  const { tags } = resource;
  const marked = tags[MARK_TAG] !== undefined;
  const keep = (status: 'compliant' | 'exempt' | 'protected', reason: string): Decision => ({
    status,
    action: marked ? 'unmark' : 'none',
    reason,
  });

  const managedTag = managedServiceTag(tags);
  if (managedTag) return keep('protected', `managed by an AWS service (tag ${managedTag})`);
  if (resource.protectedBecause) return keep('protected', resource.protectedBecause);
  if (policy.protectedArnPatterns.some((p) => p.test(resource.arn))) {
    return keep('protected', "belongs to the janitor itself (its stack or its Slack token secret) or the CDK bootstrap stack");
  }

  if (policy.exemptTypes.has(resource.type)) return keep('exempt', `resource type ${resource.type} is exempt by configuration`);
  const arnRule = policy.exemptArnPatterns.findIndex((p) => p.test(resource.arn));
  if (arnRule >= 0) return keep('exempt', `ARN matches exemption ${policy.exemptArnGlobs[arnRule]}`);

  const exemptValue = tags[EXEMPT_TAG];
  let expiredExemption: string | undefined;
  if (exemptValue !== undefined) {
    const exemption = parseExemption(exemptValue);
    if (exemption.kind === 'malformed') {
      return {
        status: 'malformed-exemption',
        action: 'none',
        reason: `${EXEMPT_TAG}="${exemptValue}" is neither "true" nor a date YYYY-MM-DD; fix it, the resource is not touched meanwhile`,
      };
    }
    if (exemption.kind === 'permanent') return keep('exempt', `${EXEMPT_TAG}=true`);
    if (now < exemption.endsAt) return keep('exempt', `${EXEMPT_TAG} through ${exemption.lastDay}`);
    expiredExemption = exemption.lastDay;
  }

  if (isCompliant(tags, policy)) return keep('compliant', 'carries the required IaC tags');

  const missing = `missing IaC tags (${describeRequirement(policy)})${expiredExemption ? `; exemption expired ${expiredExemption}` : ''}`;
  const markValue = tags[MARK_TAG];
  if (markValue !== undefined) {
    const deadline = parseDeadline(markValue);
    if (!deadline) {
      return {
        status: 'malformed-mark',
        action: 'mark',
        reason: `${MARK_TAG}="${markValue}" is not an ISO-8601 UTC time; re-marked with a new deadline`,
        deadline: deadlineFor(now, policy),
      };
    }
    if (deadline.getTime() <= now.getTime()) {
      return { status: 'due', action: 'delete', reason: `${missing}; deadline ${formatDeadline(deadline)} passed`, deadline };
    }
    return { status: 'waiting', action: 'none', reason: `${missing}; deletion after ${formatDeadline(deadline)}`, deadline };
  }

  if (resource.createdAt && now.getTime() - resource.createdAt.getTime() < policy.minimumAgeMs) {
    return { status: 'too-young', action: 'none', reason: `${missing}; younger than the minimum age` };
  }
  return { status: 'new-violation', action: 'mark', reason: missing, deadline: deadlineFor(now, policy) };
}

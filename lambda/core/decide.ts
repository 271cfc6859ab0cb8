import type { JanitorConfig } from '../config/schema';
import type { AnnouncementIndex } from './announcements';
import { type ControllerTagMatcher, controllerTag, controllerTagMatcher } from './controller-tags';
import { markStanding } from './deletion-gate';
import { describeProblems, type IacEvidence, NO_EVIDENCE, stackNameOf } from './iac-evidence';
import { CLOUDFORMATION_STACK_ID_TAG, type Decision, type DecisionStatus, EXEMPT_TAG, MARK_TAG, type Resource, type Tags } from './model';
import { type CompiledTagRule, checkRule, compileTagRule, describeRule, explainUnsatisfied, nearMissKey } from './tag-rules';
import { DAY_MS, formatDeadline, globToRegExp, HOUR_MS, parseDeadline, parseExemption } from './tag-values';

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
  readonly requiredTags: readonly CompiledTagRule[];
  readonly match: 'any' | 'all';
  readonly cloudFormationCountsAsIaC: boolean;
  readonly exemptArnPatterns: readonly RegExp[];
  readonly exemptArnGlobs: readonly string[];
  readonly exemptTypes: ReadonlySet<string>;
  readonly protectedArnPatterns: readonly RegExp[];
  readonly controllerTags: ControllerTagMatcher;
  readonly gracePeriodMs: number;
  readonly minimumAgeMs: number;
  readonly maxPastDeadlineMs: number;
}

/** Secrets the janitor needs are usually created by hand, so untagged: deleting one would silence it. */
function secretPattern(secretName: string): string {
  return secretName.startsWith('arn:') ? `${secretName}*` : `arn:*:secretsmanager:*:*:secret:${secretName}-??????`;
}

export function decisionPolicy(config: JanitorConfig, ownStackName?: string): DecisionPolicy {
  const signingSecret = config.slack.keepButtons?.signingSecretName;
  const protectedGlobs = [
    ...CDK_BOOTSTRAP_PATTERNS,
    secretPattern(config.slack.tokenSecretName),
    ...(signingSecret ? [secretPattern(signingSecret)] : []),
    ...(ownStackName ? [`*${ownStackName}*`] : []),
    // Buckets IAM denies the janitor (Terraform state, ...): never warned about, marked or deleted.
    ...config.protections.buckets.map((bucket) => `arn:*:s3:::${bucket}`),
  ];
  const { caseSensitive } = config.compliance;
  return {
    requiredTags: config.compliance.requiredTags.map((rule) => compileTagRule(rule, caseSensitive)),
    match: config.compliance.match,
    cloudFormationCountsAsIaC: config.compliance.cloudFormationCountsAsIaC,
    exemptArnGlobs: config.exemptions.arnPatterns,
    exemptArnPatterns: config.exemptions.arnPatterns.map(globToRegExp),
    exemptTypes: new Set(config.exemptions.resourceTypes),
    protectedArnPatterns: protectedGlobs.map(globToRegExp),
    controllerTags: controllerTagMatcher(config.protections.tagKeyPatterns),
    gracePeriodMs: config.gracePeriodDays * DAY_MS,
    minimumAgeMs: config.minimumAgeHours * HOUR_MS,
    maxPastDeadlineMs: config.deletion.maxDaysPastDeadline * DAY_MS,
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

export type Compliance = { readonly compliant: true } | { readonly compliant: false; readonly why: string };

/** Whether the tags satisfy the required-tag rules; when not, what was found instead. */
export function complianceOf(tags: Tags, policy: DecisionPolicy, evidence: IacEvidence = NO_EVIDENCE): Compliance {
  const stackId = tags[CLOUDFORMATION_STACK_ID_TAG];
  if (policy.cloudFormationCountsAsIaC && stackId !== undefined) {
    // The tag outlives its stack on a `DeletionPolicy: Retain` resource: an orphan, not IaC.
    if (evidence.stackIsLive(stackId) !== false) return { compliant: true };
    return { compliant: false, why: `left behind by deleted stack ${stackNameOf(stackId)} (its aws:cloudformation tags outlived it)` };
  }
  const checks = policy.requiredTags.map((rule) => ({ rule, check: checkRule(tags, rule) }));
  const failing = checks.filter((c) => !c.check.satisfied);
  const compliant = policy.match === 'all' ? failing.length === 0 : failing.length < checks.length;
  if (compliant) return { compliant: true };
  const found = failing.map(({ rule, check }) => explainUnsatisfied(rule, check.found));
  return { compliant: false, why: `not tagged as IaC (needs ${describeRequirement(policy)}): ${found.join('; ')}` };
}

export function isCompliant(tags: Tags, policy: DecisionPolicy): boolean {
  return complianceOf(tags, policy).compliant;
}

/** Human-readable requirement, e.g. "ManagedBy=terraform|cdk or Team". */
export function describeRequirement(policy: Pick<DecisionPolicy, 'requiredTags' | 'match'>): string {
  return policy.requiredTags.map(describeRule).join(policy.match === 'all' ? ' and ' : ' or ');
}

/** Tags a person should fix, whatever the run does: a malformed exemption, a misspelt exemption key (honoured meanwhile). */
export const TAG_PROBLEM_STATUSES: ReadonlySet<DecisionStatus> = new Set<DecisionStatus>(['malformed-exemption', 'misspelt-exemption']);

/** What a person should fix: the tag problems, and malformed marks (a run re-marks those). */
export const NEEDS_ATTENTION_STATUSES: ReadonlySet<DecisionStatus> = new Set<DecisionStatus>([...TAG_PROBLEM_STATUSES, 'malformed-mark']);

/** The statuses whose action marks or deletes the resource. */
const ACTING_STATUSES: ReadonlySet<DecisionStatus> = new Set<DecisionStatus>([
  'new-violation',
  'malformed-mark',
  'unannounced-mark',
  'stale-mark',
  'due',
]);

/**
 * True when the decision would mark or delete the resource but is held back because the resource
 * still `needsCompletion` (its creation time, state or protections are not read yet): the engine
 * completes exactly these, then decides again.
 */
export function awaitsCompletion(resource: Resource, decision: Decision): boolean {
  return resource.needsCompletion === true && ACTING_STATUSES.has(decision.status);
}

/**
 * The pure heart of the janitor: what to do with one resource, given its tags, the time, and the
 * janitor's record of what it announced. Order matters: anything that keeps a resource
 * (protection, exemption, compliance) wins over anything that would remove it, an unparseable
 * value never counts as permission to delete, and a mark counts only when it was announced.
 *
 * A resource that `needsCompletion` is never marked or deleted: its creation time is unknown
 * only because it was not read yet (the minimum-age rule could not apply), and its protections
 * may be unread. Such a decision keeps its status but its action is `none` (see `awaitsCompletion`).
 */
export function decide(
  resource: Resource,
  now: Date,
  policy: DecisionPolicy,
  announcements: AnnouncementIndex,
  evidence: IacEvidence = NO_EVIDENCE,
): Decision {
  const decision = judge(resource, now, policy, announcements, evidence);
  if (decision.action !== 'mark' && decision.action !== 'delete') return decision;
  if (evidence.problems.length > 0) {
    // A state that could not be read would make what it manages look unmanaged.
    return {
      ...decision,
      action: 'none',
      reason: `${decision.reason}; held: IaC evidence incomplete (${describeProblems(evidence.problems)})`,
    };
  }
  if (!resource.needsCompletion) return decision;
  return { ...decision, action: 'none', reason: `${decision.reason}; not acted on before its creation time and state are read` };
}

function judge(resource: Resource, now: Date, policy: DecisionPolicy, announcements: AnnouncementIndex, evidence: IacEvidence): Decision {
  const exemption = exemptionOf(resource.tags, now);
  const kept = keptBecause(resource, policy, exemption);
  if (kept) return kept;
  const compliance = complianceOf(resource.tags, policy, evidence);
  if (compliance.compliant) return keep(resource, 'compliant', 'carries the required IaC tags');
  const manager = evidence.managerOf(resource);
  if (manager) return keep(resource, 'managed', `managed by ${manager}, though ${compliance.why}`);
  const why = `${compliance.why}${exemption?.kind === 'expired' ? `; exemption expired ${exemption.lastDay}` : ''}`;
  return judgeMark(resource, now, policy, announcements, why);
}

/** Protection, exemption by configuration or tag: what keeps a resource whatever its IaC tags. */
function keptBecause(resource: Resource, policy: DecisionPolicy, exemption: ExemptionState | undefined): Decision | undefined {
  const { tags } = resource;
  const managedTag = managedServiceTag(tags);
  if (managedTag) return keep(resource, 'protected', `managed by an AWS service (tag ${managedTag})`);
  const controller = controllerTag(tags, policy.controllerTags);
  if (controller) return keep(resource, 'protected', `managed by a controller: ${controller}`);
  if (resource.protectedBecause) return keep(resource, 'protected', resource.protectedBecause);
  if (policy.protectedArnPatterns.some((p) => p.test(resource.arn))) {
    return keep(
      resource,
      'protected',
      'belongs to the janitor itself (its stack or its Slack secrets), the CDK bootstrap stack, or protections.buckets',
    );
  }
  if (policy.exemptTypes.has(resource.type)) return keep(resource, 'exempt', `resource type ${resource.type} is exempt by configuration`);
  const arnRule = policy.exemptArnPatterns.findIndex((p) => p.test(resource.arn));
  if (arnRule >= 0) return keep(resource, 'exempt', `ARN matches exemption ${policy.exemptArnGlobs[arnRule]}`);

  if (!exemption || exemption.kind === 'expired') return undefined;
  if (exemption.kind === 'malformed') {
    return {
      status: 'malformed-exemption',
      action: 'none',
      reason: `${exemption.key}="${exemption.value}" is neither "true" nor a date YYYY-MM-DD; fix it, the resource is not touched meanwhile`,
    };
  }
  const until = exemption.kind === 'permanent' ? '=true' : ` through ${exemption.lastDay}`;
  if (exemption.key === EXEMPT_TAG) return keep(resource, 'exempt', `${EXEMPT_TAG}${until}`);
  return keep(
    resource,
    'misspelt-exemption',
    `exempt by "${exemption.key}"${until}; rename the tag to "${EXEMPT_TAG}" (the spelling the janitor reads)`,
  );
}

type ExemptionState =
  | { readonly kind: 'permanent' | 'until'; readonly key: string; readonly lastDay?: string }
  | { readonly kind: 'expired'; readonly key: string; readonly lastDay: string }
  | { readonly kind: 'malformed'; readonly key: string; readonly value: string };

/** The exemption tag, or a near-miss of its key meant as one (`Janitor:Exempt`, `janitor-exempt`). */
function exemptionOf(tags: Tags, now: Date): ExemptionState | undefined {
  const key = tags[EXEMPT_TAG] !== undefined ? EXEMPT_TAG : nearMissKey(tags, EXEMPT_TAG);
  const value = key === undefined ? undefined : tags[key];
  if (key === undefined || value === undefined) return undefined;
  const parsed = parseExemption(value);
  if (parsed.kind === 'malformed') return { kind: 'malformed', key, value };
  if (parsed.kind === 'permanent') return { kind: 'permanent', key };
  return now < parsed.endsAt ? { kind: 'until', key, lastDay: parsed.lastDay } : { kind: 'expired', key, lastDay: parsed.lastDay };
}

function keep(
  resource: Resource,
  status: 'compliant' | 'managed' | 'exempt' | 'misspelt-exemption' | 'protected',
  reason: string,
): Decision {
  return { status, action: resource.tags[MARK_TAG] !== undefined ? 'unmark' : 'none', reason };
}

/** A non-compliant, unexempt resource: its mark decides, if it is the janitor's announced one. */
function judgeMark(resource: Resource, now: Date, policy: DecisionPolicy, announcements: AnnouncementIndex, why: string): Decision {
  const markValue = resource.tags[MARK_TAG];
  if (markValue === undefined) return newViolation(resource, now, policy, 'new-violation', why);
  const deadline = parseDeadline(markValue);
  if (!deadline) {
    return {
      status: 'malformed-mark',
      action: 'mark',
      reason: `${MARK_TAG}="${markValue}" is not an ISO-8601 UTC time; re-marked with a new deadline`,
      deadline: deadlineFor(now, policy),
    };
  }
  const standing = markStanding(resource, deadline, now, announcements, {
    gracePeriodMs: policy.gracePeriodMs,
    futureToleranceMs: EARLY_RUN_TOLERANCE_MS,
    maxPastDeadlineMs: policy.maxPastDeadlineMs,
  });
  switch (standing.kind) {
    case 'due':
      return { status: 'due', action: 'delete', reason: `${why}; announced deadline ${formatDeadline(deadline)} passed`, deadline };
    case 'waiting':
      return { status: 'waiting', action: 'none', reason: `${why}; deletion after ${formatDeadline(deadline)}`, deadline };
    case 'unannounced':
      return newViolation(resource, now, policy, 'unannounced-mark', `${why}; ${standing.why}: announced now with a new deadline`);
    case 'stale':
      return newViolation(resource, now, policy, 'stale-mark', `${why}; ${standing.why}: announced again with a new deadline`);
  }
}

/** Marked (again) with a fresh deadline, unless too young to judge yet. */
function newViolation(
  resource: Resource,
  now: Date,
  policy: DecisionPolicy,
  status: 'new-violation' | 'unannounced-mark' | 'stale-mark',
  why: string,
): Decision {
  if (resource.createdAt && now.getTime() - resource.createdAt.getTime() < policy.minimumAgeMs) {
    return { status: 'too-young', action: 'none', reason: `${why}; younger than the minimum age` };
  }
  return { status, action: 'mark', reason: why, deadline: deadlineFor(now, policy) };
}

import { describe, expect, it } from 'vitest';
import { AnnouncementIndex, NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { checkCap } from '../../lambda/core/caps';
import { type DecisionPolicy, deadlineFor, decide as decideWithLedger, EARLY_RUN_TOLERANCE_MS } from '../../lambda/core/decide';
import { MARK_TAG, type Resource } from '../../lambda/core/model';
import { DAY_MS, formatDeadline, HOUR_MS } from '../../lambda/core/tag-values';
import { instanceWith, policyWith } from '../support/policy';

const NOW = new Date('2026-11-23T02:00:00Z');

const policy = policyWith();

const resource = instanceWith;

const at = (iso: string) => new Date(iso);

/** Most rules do not depend on the announcement ledger: decided with none. */
const decide = (r: Resource, now: Date, p: DecisionPolicy, announcements: AnnouncementIndex = NO_ANNOUNCEMENTS) =>
  decideWithLedger(r, now, p, announcements);

/** The ledger after a run at `announcedAt` announced `r` with the deadline on its mark. */
const announced = (r: Resource, announcedAt: Date) =>
  new AnnouncementIndex([
    { arn: r.arn, identity: r.createdAt?.toISOString(), deadline: r.tags[MARK_TAG]!, announcedAt: announcedAt.toISOString() },
  ]);

describe('compliance', () => {
  it('a resource carrying a required tag with an allowed value is compliant and left alone', () => {
    expect(decide(resource({ ManagedBy: 'terraform' }), NOW, policy)).toMatchObject({ status: 'compliant', action: 'none' });
  });

  it('a required tag with a value outside the allowed list does not count', () => {
    expect(decide(resource({ ManagedBy: 'clickops' }), NOW, policy)).toMatchObject({ status: 'new-violation', action: 'mark' });
  });

  it("CloudFormation's stack-id tag counts as IaC, unless switched off", () => {
    const cfn = resource({ 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:eu-west-1:1:stack/app/x' });
    expect(decide(cfn, NOW, policy).status).toBe('compliant');
    const strict = policyWith({ compliance: { cloudFormationCountsAsIaC: false } });
    expect(decide(cfn, NOW, strict).status).toBe('new-violation');
  });

  it('"all" needs every rule, "any" needs one; a rule without values accepts any value', () => {
    const rules = [{ key: 'Team' }, { key: 'CostCenter' }];
    const all = policyWith({ compliance: { requiredTags: rules, match: 'all' } });
    const any = policyWith({ compliance: { requiredTags: rules, match: 'any' } });
    expect(decide(resource({ Team: 'payments' }), NOW, all).status).toBe('new-violation');
    expect(decide(resource({ Team: 'payments', CostCenter: '42' }), NOW, all).status).toBe('compliant');
    expect(decide(resource({ Team: 'payments' }), NOW, any).status).toBe('compliant');
  });

  it('a never-tagged resource is a violation like any other', () => {
    expect(decide(resource({}), NOW, policy)).toMatchObject({ status: 'new-violation', action: 'mark' });
  });
});

describe('protections win over everything', () => {
  it('a resource tagged by a managed service (aws:autoscaling, EKS, Beanstalk) is protected', () => {
    for (const key of ['aws:autoscaling:groupName', 'aws:eks:cluster-name', 'aws:elasticbeanstalk:environment-name']) {
      expect(decide(resource({ [key]: 'x' }), NOW, policy)).toMatchObject({ status: 'protected', action: 'none' });
    }
  });

  it('protection reported by the type plug-in (default security group, attached volume) is respected', () => {
    const d = decide(resource({}, { protectedBecause: 'default security group of vpc-1' }), NOW, policy);
    expect(d).toMatchObject({ status: 'protected', action: 'none', reason: 'default security group of vpc-1' });
  });

  it("the janitor's own stack and the CDK bootstrap stack are protected by name", () => {
    const own = resource({}, { arn: 'arn:aws:logs:eu-west-1:1:log-group:UntaggedResourceJanitor-RunLogs' });
    const bootstrap = resource({}, { arn: 'arn:aws:s3:::cdk-hnb659fds-assets-123456789012-eu-west-1' });
    expect(decide(own, NOW, policy).status).toBe('protected');
    expect(decide(bootstrap, NOW, policy).status).toBe('protected');
  });

  it("the janitor's own Slack token secret is protected, whether configured by name or by ARN", () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:janitor/slack-AbC123';
    const secret = resource({}, { type: 'secretsmanager:secret', arn: secretArn });
    expect(decide(secret, NOW, policy).status).toBe('protected');
    const byArn = policyWith({ slack: { channel: '#janitor', tokenSecretName: secretArn } });
    expect(decide(secret, NOW, byArn).status).toBe('protected');
    const other = resource({}, { type: 'secretsmanager:secret', arn: secretArn.replace('janitor/slack', 'janitor/slack-old') });
    expect(decide(other, NOW, policy).status).toBe('new-violation');
  });

  it('a protected resource that somehow carries a mark is unmarked, never deleted', () => {
    const d = decide(resource({ 'aws:autoscaling:groupName': 'asg', [MARK_TAG]: '2026-11-01T00:00:00Z' }), NOW, policy);
    expect(d).toMatchObject({ status: 'protected', action: 'unmark' });
  });
});

describe('exemptions', () => {
  it('janitor:exempt=true exempts permanently (any case)', () => {
    expect(decide(resource({ 'janitor:exempt': 'true' }), NOW, policy)).toMatchObject({ status: 'exempt', action: 'none' });
    expect(decide(resource({ 'janitor:exempt': 'TRUE' }), NOW, policy).status).toBe('exempt');
  });

  it('a date exempts through the end of that day in UTC', () => {
    const r = resource({ 'janitor:exempt': '2026-11-23' });
    expect(decide(r, at('2026-11-23T23:59:59Z'), policy).status).toBe('exempt');
    expect(decide(r, at('2026-11-24T00:00:00Z'), policy)).toMatchObject({ status: 'new-violation', action: 'mark' });
  });

  it('an expired exemption is marked and says so', () => {
    const d = decide(resource({ 'janitor:exempt': '2026-11-01' }), NOW, policy);
    expect(d.action).toBe('mark');
    expect(d.reason).toContain('exemption expired 2026-11-01');
  });

  it('a malformed exemption is never deleted, even when marked and due, and needs attention', () => {
    for (const value of ['yes', '2026-13-01', '23.11.2026', '', '2026-02-30']) {
      const d = decide(resource({ 'janitor:exempt': value, [MARK_TAG]: '2026-11-01T00:00:00Z' }), NOW, policy);
      expect(d).toMatchObject({ status: 'malformed-exemption', action: 'none' });
    }
  });

  it('configured exemptions by resource type and by ARN glob', () => {
    const p = policyWith({ exemptions: { resourceTypes: ['sqs:queue'], arnPatterns: ['arn:aws:ec2:*:*:instance/i-0ab?'] } });
    expect(decide(resource({}, { type: 'sqs:queue' }), NOW, p).status).toBe('exempt');
    expect(decide(resource({}), NOW, p)).toMatchObject({
      status: 'exempt',
      reason: 'ARN matches exemption arn:aws:ec2:*:*:instance/i-0ab?',
    });
    expect(decide(resource({}, { arn: 'arn:aws:ec2:eu-west-1:1:instance/i-0abcd' }), NOW, p).status).toBe('new-violation');
  });

  it('an exempted resource that carries a mark is unmarked', () => {
    expect(decide(resource({ 'janitor:exempt': 'true', [MARK_TAG]: '2026-11-22T23:00:00Z' }), NOW, policy)).toMatchObject({
      status: 'exempt',
      action: 'unmark',
    });
  });
});

describe('marks and deadlines', () => {
  it('a new violation is marked with a deadline one grace period later, less the early-run tolerance', () => {
    const d = decide(resource({}), NOW, policy);
    expect(d.deadline).toEqual(new Date(NOW.getTime() + DAY_MS - EARLY_RUN_TOLERANCE_MS));
    const threeDays = policyWith({ gracePeriodDays: 3 });
    expect(decide(resource({}), NOW, threeDays).deadline).toEqual(new Date(NOW.getTime() + 3 * DAY_MS - EARLY_RUN_TOLERANCE_MS));
  });

  it('marked on night N, due on night N+1 even if that run starts minutes earlier or an hour earlier (DST)', () => {
    const mark = formatDeadline(deadlineFor(NOW, policy));
    const marked = resource({ [MARK_TAG]: mark });
    const ledger = announced(marked, NOW);
    expect(decide(marked, new Date(NOW.getTime() + DAY_MS - 10 * 60_000), policy, ledger).status).toBe('due');
    expect(decide(marked, new Date(NOW.getTime() + DAY_MS - HOUR_MS - 10 * 60_000), policy, ledger).status).toBe('due');
    // ...but never on the same night, even when the run is repeated hours later.
    expect(decide(marked, new Date(NOW.getTime() + 12 * HOUR_MS), policy, ledger).status).toBe('waiting');
  });

  it('a marked, still non-compliant resource waits until its deadline, then is due', () => {
    const marked = resource({ [MARK_TAG]: '2026-11-24T00:00:00Z' });
    const ledger = announced(marked, at('2026-11-23T01:00:00Z'));
    expect(decide(marked, NOW, policy, ledger)).toMatchObject({ status: 'waiting', action: 'none' });
    expect(decide(marked, at('2026-11-24T00:00:00Z'), policy, ledger)).toMatchObject({ status: 'due', action: 'delete' });
  });

  it('a malformed mark is never due: it is re-marked with a fresh deadline', () => {
    for (const value of ['tomorrow', '2026-11-01', '2026-11-01T00:00:00', '2026-11-01T00:00:00+01:00', '2026-02-30T00:00:00Z']) {
      const d = decide(resource({ [MARK_TAG]: value }), NOW, policy);
      expect(d).toMatchObject({ status: 'malformed-mark', action: 'mark' });
      expect(d.deadline!.getTime()).toBeGreaterThan(NOW.getTime());
    }
  });

  it('a marked resource that got its IaC tags is unmarked, never deleted', () => {
    const d = decide(resource({ ManagedBy: 'cdk', [MARK_TAG]: '2026-11-01T00:00:00Z' }), NOW, policy);
    expect(d).toMatchObject({ status: 'compliant', action: 'unmark' });
  });
});

describe('minimum age', () => {
  it('a resource younger than the minimum age is not marked yet', () => {
    const young = resource({}, { createdAt: new Date(NOW.getTime() - 23 * HOUR_MS) });
    expect(decide(young, NOW, policy)).toMatchObject({ status: 'too-young', action: 'none' });
    const grown = resource({}, { createdAt: new Date(NOW.getTime() - 25 * HOUR_MS) });
    expect(decide(grown, NOW, policy).status).toBe('new-violation');
  });

  it('a resource of unknown age is judged on its tags alone (the grace period still warns first)', () => {
    expect(decide(resource({}, { createdAt: undefined }), NOW, policy).status).toBe('new-violation');
  });
});

describe('blast-radius caps', () => {
  it('allows up to the cap and refuses above it with an alert naming the setting', () => {
    expect(checkCap('mark', 50, 50, false)).toEqual({ allowed: true });
    const refused = checkCap('delete', 26, 25, false);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.alert).toContain('limits.maxDeletionsPerRun = 25');
  });

  it('says how to raise a cap to the count seen, and "unlimited" lifts it', () => {
    const refused = checkCap('mark', 70_000, 10_000, false);
    expect(!refused.allowed && refused.alert).toContain('set limits.maxMarksPerRun to 70000 or more, or to "unlimited"');
    expect(checkCap('mark', 5_000_000, 'unlimited', false)).toEqual({ allowed: true });
  });
});

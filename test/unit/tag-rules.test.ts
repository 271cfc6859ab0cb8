import { describe, expect, it } from 'vitest';
import { NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { CONTROLLER_TAG_KEY_PATTERNS } from '../../lambda/core/controller-tags';
import { decide } from '../../lambda/core/decide';
import { MARK_TAG, type Resource } from '../../lambda/core/model';
import { instanceWith, policyWith } from '../support/policy';

const NOW = new Date('2026-11-23T02:00:00Z');

const policy = policyWith();

const resource = instanceWith;
const statusOf = (tags: Record<string, string>, p = policy, extra: Partial<Resource> = {}) =>
  decide(resource(tags, extra), NOW, p, NO_ANNOUNCEMENTS).status;

describe('required tags as people write them', () => {
  it('keys and values are compared trimmed and case-insensitively by default', () => {
    const spellings: Record<string, string>[] = [
      { ManagedBy: 'Terraform' },
      { ManagedBy: 'TERRAFORM' },
      { ManagedBy: ' terraform ' },
      { ManagedBy: 'CDK' },
      { ManagedBy: 'Pulumi' },
      { managedby: 'terraform' },
      { ' ManagedBy ': 'CloudFormation' },
    ];
    for (const tags of spellings) {
      expect(statusOf(tags), JSON.stringify(tags)).toBe('compliant');
    }
  });

  it('with compliance.caseSensitive the comparison is exact', () => {
    const strict = policyWith({ compliance: { caseSensitive: true } });
    expect(statusOf({ ManagedBy: 'terraform' }, strict)).toBe('compliant');
    expect(statusOf({ ManagedBy: 'Terraform' }, strict)).toBe('new-violation');
    expect(statusOf({ managedby: 'terraform' }, strict)).toBe('new-violation');
    const d = decide(resource({ ManagedBy: 'Terraform' }), NOW, strict, NO_ANNOUNCEMENTS);
    expect(d.reason).toContain(
      'has ManagedBy=Terraform, which is not an allowed value (terraform|cdk|cloudformation|pulumi, matched case-sensitively)',
    );
  });

  it('allowed values may be globs', () => {
    const globs = policyWith({ compliance: { requiredTags: [{ key: 'ManagedBy', values: ['terraform*', 'cdk-?'] }] } });
    expect(statusOf({ ManagedBy: 'terraform-cloud' }, globs)).toBe('compliant');
    expect(statusOf({ ManagedBy: 'Terraform Enterprise' }, globs)).toBe('compliant');
    expect(statusOf({ ManagedBy: 'cdk-2' }, globs)).toBe('compliant');
    expect(statusOf({ ManagedBy: 'cdk-22' }, globs)).toBe('new-violation');
    expect(statusOf({ ManagedBy: 'opentofu' }, globs)).toBe('new-violation');
  });

  it('the reason says what was found, not "missing" for a tag that is there', () => {
    expect(decide(resource({ ManagedBy: 'manual' }), NOW, policy, NO_ANNOUNCEMENTS).reason).toBe(
      'not tagged as IaC (needs ManagedBy=terraform|cdk|cloudformation|pulumi): has ManagedBy=manual, which is not an allowed value (terraform|cdk|cloudformation|pulumi)',
    );
    expect(decide(resource({}), NOW, policy, NO_ANNOUNCEMENTS).reason).toBe(
      'not tagged as IaC (needs ManagedBy=terraform|cdk|cloudformation|pulumi): no ManagedBy tag',
    );
    expect(decide(resource({ managedBy: ' hand ' }), NOW, policy, NO_ANNOUNCEMENTS).reason).toContain(
      'has managedBy=" hand " (key spelt "managedBy")',
    );
  });

  it('with match "all", each failing rule is explained', () => {
    const all = policyWith({ compliance: { requiredTags: [{ key: 'Team' }, { key: 'Env', values: ['prod', 'dev'] }], match: 'all' } });
    const d = decide(resource({ env: 'staging' }), NOW, all, NO_ANNOUNCEMENTS);
    expect(d.reason).toBe(
      'not tagged as IaC (needs Team and Env=prod|dev): no Team tag; has env=staging (key spelt "env"), which is not an allowed value (prod|dev)',
    );
  });
});

describe("near-misses of the janitor's own exemption key", () => {
  it('count as the exemption they were meant to be, and say how to spell it', () => {
    for (const key of ['Janitor:Exempt', 'janitor:Exempt', 'janitor-exempt', 'JANITOR_EXEMPT', ' janitor:exempt ', 'janitor/exempt']) {
      const d = decide(resource({ [key]: 'true', [MARK_TAG]: '2026-11-01T00:00:00Z' }), NOW, policy, NO_ANNOUNCEMENTS);
      expect(d, key).toMatchObject({ status: 'misspelt-exemption', action: 'unmark' });
      expect(d.reason).toContain('rename the tag to "janitor:exempt"');
    }
  });

  it('honour a date, and a malformed value is never permission to delete', () => {
    expect(statusOf({ 'Janitor:Exempt': '2026-12-01' })).toBe('misspelt-exemption');
    expect(statusOf({ 'Janitor:Exempt': 'forever' })).toBe('malformed-exemption');
    expect(statusOf({ 'Janitor:Exempt': '2026-11-01' })).toBe('new-violation');
  });

  it('the correctly spelt key wins over a near-miss', () => {
    expect(statusOf({ 'janitor:exempt': 'true', 'Janitor:Exempt': 'nonsense' })).toBe('exempt');
  });

  it('unrelated keys are not taken for an exemption', () => {
    expect(statusOf({ 'janitor:exempted-by': 'true' })).toBe('new-violation');
    expect(statusOf({ exempt: 'true' })).toBe('new-violation');
  });
});

const CONTROLLER_KEYS: [string, string][] = [
  ['karpenter.sh/nodepool', 'Karpenter'],
  ['karpenter.k8s.aws/ec2nodeclass', 'Karpenter'],
  ['kubernetes.io/cluster/prod', 'a Kubernetes cluster'],
  ['ebs.csi.aws.com/cluster', 'the EBS CSI driver'],
  ['kubernetes.io/created-for/pvc/name', 'a Kubernetes storage driver'],
  ['CSIVolumeName', 'the EBS CSI driver'],
  ['elbv2.k8s.aws/cluster', 'the AWS Load Balancer Controller'],
  ['ingress.k8s.aws/stack', 'the AWS Load Balancer Controller'],
  ['service.k8s.aws/stack', 'the AWS Load Balancer Controller'],
  ['eks:cluster-name', 'Amazon EKS'],
  ['eks:nodegroup-name', 'Amazon EKS'],
  ['AmazonECSManaged', 'Amazon ECS'],
  ['elasticbeanstalk:environment-name', 'Elastic Beanstalk'],
  ['ManagedByAmazonSageMakerResource', 'Amazon SageMaker'],
  ['kubernetes.io/service-name', 'the Kubernetes cloud provider'],
  ['CSIVolumeSnapshotName', 'the EBS CSI driver'],
];

describe('resources other systems manage are protected', () => {
  it.each(CONTROLLER_KEYS)('a resource tagged %s (%s) is protected, and unmarked if marked', (key, writer) => {
    const d = decide(resource({ [key]: 'x', [MARK_TAG]: '2026-11-01T00:00:00Z' }), NOW, policy, NO_ANNOUNCEMENTS);
    expect(d).toMatchObject({ status: 'protected', action: 'unmark' });
    expect(d.reason).toBe(`managed by a controller: tag ${key} (${writer})`);
  });

  it('every built-in pattern is exercised above', () => {
    const unexercised = CONTROLLER_TAG_KEY_PATTERNS.filter(({ pattern }) => {
      const regex = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`, 'i');
      return !CONTROLLER_KEYS.some(([key]) => regex.test(key));
    });
    expect(unexercised).toEqual([]);
  });

  it('protections.tagKeyPatterns adds more, case-insensitively', () => {
    const p = policyWith({ protections: { tagKeyPatterns: ['crossplane.io/*', 'ArgoCD'] } });
    expect(statusOf({ 'crossplane.io/claim-name': 'db' }, p)).toBe('protected');
    expect(statusOf({ argocd: 'app' }, p)).toBe('protected');
    expect(statusOf({ 'crossplane.io/claim-name': 'db' })).toBe('new-violation');
  });
});

describe('protected buckets', () => {
  it('protections.buckets (names or globs) are protected, as the IAM deny would refuse them anyway', () => {
    const p = policyWith({ protections: { buckets: ['acme-terraform-state-*', 'legacy-data'] } });
    const bucket = (name: string) => ({ type: 's3:bucket', arn: `arn:aws:s3:::${name}`, id: name });
    expect(statusOf({}, p, bucket('acme-terraform-state-prod'))).toBe('protected');
    expect(statusOf({}, p, bucket('legacy-data'))).toBe('protected');
    expect(statusOf({}, p, bucket('legacy-data-2'))).toBe('new-violation');
    expect(statusOf({}, policy, bucket('cdk-hnb659fds-assets-123456789012-eu-west-1'))).toBe('protected');
  });
});

describe("the janitor's own secrets", () => {
  it('the Keep buttons signing secret is protected, like the bot-token secret', () => {
    const withButtons = policyWith({
      slack: {
        channel: '#janitor',
        tokenSecretName: 'janitor/slack',
        keepButtons: { signingSecretName: 'janitor/slack-signing', allowedUserIds: ['U0123ABCD'] },
      },
    });
    const secret = {
      type: 'secretsmanager:secret',
      arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:janitor/slack-signing-Ab12Cd',
    };
    expect(statusOf({}, withButtons, secret)).toBe('protected');
    expect(statusOf({}, policy, secret)).toBe('new-violation');
  });
});

import { describe, expect, it } from 'vitest';
import { MARK_TAG } from '../../lambda/core/model';
import { seedAutoScalingGroup } from '../fakes/services/autoscaling';
import { seedInstance, seedVolume } from '../fakes/services/ec2';
import { seedLoadBalancer, seedTargetGroup } from '../fakes/services/elbv2';
import { seedBucket } from '../fakes/services/s3';
import { seedNotebookInstance } from '../fakes/services/sagemaker';
import { seedSecret } from '../fakes/services/secrets-manager';
import { seedQueue } from '../fakes/services/sqs';
import { LONG_AGO, NIGHT_1, NIGHT_2, NIGHT_3, type NightResult, SECRET, useJanitorScenario } from './scenario';

const DAY = 24 * 3_600_000;
const NIGHT_4 = new Date(NIGHT_3.getTime() + DAY);
/** The deadline the run at NIGHT_1 writes: one grace period later, less the early-run tolerance. */
const NIGHT_1_DEADLINE = '2026-11-20T23:00:00Z';

/**
 * Signals someone else controls, over several nights of the deployed path: marks the janitor never
 * wrote, tags as people really write them, resources other systems manage, its own secrets.
 */
describe('trust: the janitor deletes only what it announced', () => {
  const scenario = useJanitorScenario();
  const deletedArns = (r: NightResult) => [...r.report.deleted, ...r.report.started].map((l) => l.arn);

  it('a well-formed, past-due mark it never wrote is announced, re-marked, and deleted only a night later', async () => {
    const { account } = scenario;
    const queue = seedQueue(account, { name: 'seeded-by-someone', createdAt: LONG_AGO, tags: { [MARK_TAG]: '2026-11-01T00:00:00Z' } });

    const first = await scenario.night(NIGHT_1);
    expect(account.exists(queue.arn)).toBe(true);
    expect(deletedArns(first)).toEqual([]);
    expect(first.warningPosted).toBe(true);
    expect(scenario.postedText()).toContain('seeded-by-someone');
    expect(scenario.postedText()).toMatch(/matches no recent announcement by the janitor/);
    expect(scenario.markOf(queue.arn)).toBe(NIGHT_1_DEADLINE);

    const second = await scenario.night(NIGHT_2);
    expect(account.exists(queue.arn)).toBe(false);
    expect(deletedArns(second)).toEqual([queue.arn]);
  });

  it('an instance ten minutes old carrying such a mark is neither deleted nor marked until it is old enough', async () => {
    const { account } = scenario;
    const young = seedInstance(account, {
      launchTime: new Date(NIGHT_1.getTime() - 10 * 60_000),
      tags: { [MARK_TAG]: '2026-11-01T00:00:00Z' },
    });

    const first = await scenario.night(NIGHT_1);
    expect(account.exists(young.arn)).toBe(true);
    expect(first.warningPosted).toBe(false);
    expect(account.callsOf('TerminateInstances')).toEqual([]);

    await scenario.night(NIGHT_2);
    expect(account.exists(young.arn)).toBe(true);
    expect(scenario.postedText()).toContain(young.data.instanceId);
    await scenario.night(NIGHT_3);
    expect(account.exists(young.arn)).toBe(false);
  });

  it('tags copied wholesale from an announced resource do not make the copy deletable', async () => {
    const { account } = scenario;
    const original = seedBucket(account, { name: 'announced-original', createdAt: LONG_AGO });
    await scenario.night(NIGHT_1);
    expect(scenario.markOf(original.arn)).toBe(NIGHT_1_DEADLINE);
    // Someone creates a bucket "like that one", tags and all.
    const copy = seedBucket(account, { name: 'copy-with-its-tags', createdAt: LONG_AGO, tags: { ...original.tags } });

    const second = await scenario.night(NIGHT_2);
    expect(deletedArns(second)).toEqual([original.arn]);
    expect(account.exists(copy.arn)).toBe(true);
    expect(scenario.markOf(copy.arn)).not.toBe(NIGHT_1_DEADLINE);

    await scenario.night(NIGHT_3);
    expect(account.exists(copy.arn)).toBe(false);
  });

  it('a far-future mark is no permanent keep: it is announced with a real deadline', async () => {
    const { account } = scenario;
    const bucket = seedBucket(account, { name: 'keep-me-forever-ha', createdAt: LONG_AGO, tags: { [MARK_TAG]: '9999-12-31T00:00:00Z' } });
    await scenario.night(NIGHT_1);
    expect(scenario.markOf(bucket.arn)).toBe(NIGHT_1_DEADLINE);
    expect(scenario.postedText()).toMatch(/further away than one grace period/);
    await scenario.night(NIGHT_2);
    expect(account.exists(bucket.arn)).toBe(false);
  });

  it('after a pause of 40 days an old announcement deletes nothing: people are warned again first', async () => {
    const { account } = scenario;
    const queue = seedQueue(account, { name: 'forgotten-queue', createdAt: LONG_AGO });
    await scenario.night(NIGHT_1);
    expect(scenario.markOf(queue.arn)).toBe(NIGHT_1_DEADLINE);

    const afterPause = new Date(NIGHT_1.getTime() + 41 * DAY);
    const back = await scenario.night(afterPause);
    expect(account.exists(queue.arn)).toBe(true);
    expect(deletedArns(back)).toEqual([]);
    expect(back.warningPosted).toBe(true);
    expect(scenario.markOf(queue.arn)).not.toBe(NIGHT_1_DEADLINE);

    await scenario.night(new Date(afterPause.getTime() + DAY));
    expect(account.exists(queue.arn)).toBe(false);
  });

  it('a deadline that passed more than maxDaysPastDeadline ago is called stale and announced again', async () => {
    const { account } = scenario;
    const queue = seedQueue(account, { name: 'paused-a-week', createdAt: LONG_AGO });
    await scenario.night(NIGHT_1);
    const back = await scenario.night(new Date(NIGHT_1.getTime() + 9 * DAY));
    expect(account.exists(queue.arn)).toBe(true);
    expect(back.warningPosted).toBe(true);
    expect(scenario.postedText()).toMatch(/more than deletion\.maxDaysPastDeadline = 7/);
  });

  it('a resource re-created under the same ARN is a new resource: the old announcement does not delete it', async () => {
    const { account } = scenario;
    const queue = seedQueue(account, { name: 'recreated', createdAt: LONG_AGO });
    await scenario.night(NIGHT_1);
    const mark = scenario.markOf(queue.arn)!;
    // Deleted and re-created an hour later with the same name, its tags restored (mark included).
    account.resources.delete(queue.arn);
    const again = seedQueue(account, { name: 'recreated', createdAt: new Date(NIGHT_1.getTime() + 3_600_000), tags: { [MARK_TAG]: mark } });
    expect(again.arn).toBe(queue.arn);

    await scenario.night(NIGHT_2);
    expect(account.exists(again.arn)).toBe(true);
    const third = await scenario.night(NIGHT_3);
    expect(account.exists(again.arn)).toBe(true);
    expect(third.warningPosted).toBe(true);
    expect(scenario.postedText()).toMatch(/announcement was for an earlier resource with this ARN/);
    await scenario.night(NIGHT_4);
    expect(account.exists(again.arn)).toBe(false);
  });

  it('IaC tags as people write them count: other case, padded, another key case', async () => {
    const { account } = scenario;
    const spellings: Record<string, string>[] = [
      { ManagedBy: 'Terraform' },
      { ManagedBy: 'TERRAFORM' },
      { ManagedBy: ' terraform ' },
      { ManagedBy: 'CDK' },
      { ManagedBy: 'Pulumi' },
      { managedby: 'terraform' },
    ];
    const instances = spellings.map((tags) => seedInstance(account, { launchTime: LONG_AGO, tags }));
    const first = await scenario.night(NIGHT_1);
    await scenario.night(NIGHT_2);
    expect(first.warningPosted).toBe(false);
    expect(instances.every((i) => account.exists(i.arn) && scenario.markOf(i.arn) === undefined)).toBe(true);
  });

  it('an exemption with its key misspelt is honoured and listed as needing attention with the right spelling', async () => {
    const { account } = scenario;
    const misspelt = ['Janitor:Exempt', 'janitor:Exempt', 'janitor-exempt'].map((key) =>
      seedInstance(account, { launchTime: LONG_AGO, tags: { [key]: 'true' } }),
    );
    const first = await scenario.night(NIGHT_1);
    await scenario.night(NIGHT_2);
    expect(misspelt.every((i) => account.exists(i.arn) && scenario.markOf(i.arn) === undefined)).toBe(true);
    expect(first.report.needsAttention.map((l) => l.arn).sort()).toEqual(misspelt.map((i) => i.arn).sort());
    expect(scenario.postedText()).toContain('rename the tag to \\"janitor:exempt\\"');
  });

  it('resources a controller manages are protected, family by family', async () => {
    const { account } = scenario;
    const managed = [
      seedInstance(account, { launchTime: LONG_AGO, tags: { 'karpenter.sh/nodepool': 'default', 'kubernetes.io/cluster/prod': 'owned' } }),
      seedVolume(account, {
        createTime: LONG_AGO,
        tags: { 'ebs.csi.aws.com/cluster': 'true', 'kubernetes.io/created-for/pvc/name': 'data' },
      }),
      seedLoadBalancer(account, { createdAt: LONG_AGO, tags: { 'elbv2.k8s.aws/cluster': 'prod', 'ingress.k8s.aws/stack': 'web' } }),
      seedTargetGroup(account, { tags: { 'service.k8s.aws/stack': 'web/api' } }),
      seedInstance(account, { launchTime: LONG_AGO, tags: { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'ng-1' } }),
      seedAutoScalingGroup(account, { createdAt: LONG_AGO, tags: { AmazonECSManaged: 'true' } }),
      seedInstance(account, { launchTime: LONG_AGO, tags: { 'elasticbeanstalk:environment-name': 'web-prod' } }),
      seedNotebookInstance(account, {
        createdAt: LONG_AGO,
        tags: { ManagedByAmazonSageMakerResource: 'arn:aws:sagemaker:eu-west-1:123456789012:project/p' },
      }),
    ];
    const first = await scenario.night(NIGHT_1);
    await scenario.night(NIGHT_2);
    expect(first.warningPosted).toBe(false);
    expect(managed.every((r) => account.exists(r.arn) && scenario.markOf(r.arn) === undefined)).toBe(true);
  });

  it("the Keep buttons' signing secret, created by hand and untagged, is never marked", async () => {
    const { account } = scenario;
    const signing = seedSecret(account, { name: 'janitor/slack-signing-secret', createdAt: LONG_AGO });
    const other = seedSecret(account, { name: 'someones-scratch-secret', createdAt: LONG_AGO });
    const withButtons = {
      slack: {
        channel: '#platform-janitor',
        tokenSecretName: SECRET,
        keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0123ABCD'] },
      },
    };
    await scenario.night(NIGHT_1, withButtons);
    expect(scenario.markOf(signing.arn)).toBeUndefined();
    expect(scenario.markOf(other.arn)).toBe(NIGHT_1_DEADLINE);
  });
});

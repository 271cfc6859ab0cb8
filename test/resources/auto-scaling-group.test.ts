import { describe, expect, it } from 'vitest';
import { autoScalingGroup } from '../../lambda/resources/auto-scaling-group';
import { FakeAwsError } from '../fakes/fake-account';
import { installAutoScaling, seedAutoScalingGroup } from '../fakes/services/autoscaling';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: autoScalingGroup,
    installers: [installAutoScaling],
    seed: seedAutoScalingGroup,
    deleteCommand: 'DeleteAutoScalingGroup',
    slowDeletion: true,
    fullDeletion: { seed: (account) => seedAutoScalingGroup(account, { instances: 1 }) },
    tagActions: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a group by name, with its ARN, creation time, tags and instance count', async () => {
        const createdAt = new Date('2024-03-01T10:00:00Z');
        const seeded = seedAutoScalingGroup(h.account, { name: 'hand-made-asg', createdAt, instances: 3, tags: { owner: 'ana' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'autoscaling:autoScalingGroup',
          arn: seeded.arn,
          id: 'hand-made-asg',
          name: 'hand-made-asg',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { owner: 'ana' },
          protectedBecause: undefined,
          details: { instances: 3, desiredCapacity: 3, minSize: 0, maxSize: 3 },
        });
        expect(seeded.arn).toMatch(
          new RegExp(
            `^arn:aws:autoscaling:${REGION}:${h.account.accountId}:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName/hand-made-asg$`,
          ),
        );
      });

      it('leaves out a group whose deletion is in progress', async () => {
        const live = seedAutoScalingGroup(h.account);
        seedAutoScalingGroup(h.account, { status: 'Delete in progress', instances: 2 });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([live.arn]);
      });

      it.each([
        [
          { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'workers' },
          'managed by EKS managed node group workers; delete it there (tag eks:nodegroup-name)',
        ],
        [
          { 'elasticbeanstalk:environment-name': 'web-prod' },
          'managed by Elastic Beanstalk environment web-prod; delete it there (tag elasticbeanstalk:environment-name)',
        ],
        [{ AmazonECSManaged: '' }, 'managed by an ECS capacity provider; delete it there (tag AmazonECSManaged)'],
      ])('protects a group that a service owns through its own (non-aws:) tags: %o', async (tags, reason) => {
        const seeded = seedAutoScalingGroup(h.account, { tags });

        expect((await h.listed(seeded.arn)).protectedBecause).toBe(reason);
      });

      it('reads tags from DescribeAutoScalingGroups alone, with no per-group call', async () => {
        for (let i = 0; i < 7; i++) seedAutoScalingGroup(h.account, { tags: i % 2 ? { team: 'web' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['DescribeAutoScalingGroups']);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedAutoScalingGroup(h.account);
        h.account.failNext('DescribeAutoScalingGroups', () => new FakeAwsError('AccessDenied', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion', () => {
      it('force-deletes a group with instances, which starts terminating them', async () => {
        const seeded = seedAutoScalingGroup(h.account, { instances: 2 });

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: '2 instance(s) are terminating; the next run confirms',
        });
        expect(h.account.callsOf('DeleteAutoScalingGroup').map((c) => c.input)).toEqual([
          { AutoScalingGroupName: seeded.data.name, ForceDelete: true },
        ]);
        // Still there while its instances terminate, but no longer inventory: the next run does not repeat the deletion.
        expect(h.account.exists(seeded.arn)).toBe(true);
        expect(await h.listAll()).toEqual([]);
      });

      it('says so when the group had no instances to terminate', async () => {
        const seeded = seedAutoScalingGroup(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'started', note: 'the group is being deleted; the next run confirms' });
        expect(h.account.exists(seeded.arn)).toBe(false);
      });

      it('throws ValidationError when the group is already gone', async () => {
        const seeded = seedAutoScalingGroup(h.account);
        const listed = await h.listed(seeded.arn);
        h.account.remove(seeded.arn);

        await expect(autoScalingGroup.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'ValidationError' });
      });
    });

    describe('declarations', () => {
      it('goes first, hints at the cost of its instances and links to the group in the EC2 console', async () => {
        const seeded = seedAutoScalingGroup(h.account, { name: 'web asg', instances: 4 });
        const listed = await h.listed(seeded.arn);

        expect(autoScalingGroup.deletionOrder).toBe(5);
        expect(autoScalingGroup.costHint?.(listed)).toBe('4 running instance(s), billed as EC2');
        expect(autoScalingGroup.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#AutoScalingGroupDetails:id=web%20asg;view=details',
        );
      });
    });
  },
);

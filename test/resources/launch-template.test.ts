import { describe, expect, it } from 'vitest';
import { ec2Instance } from '../../lambda/resources/ec2-instance';
import { launchTemplate } from '../../lambda/resources/launch-template';
import { FakeAwsError } from '../fakes/fake-account';
import { installAutoScaling, seedAutoScalingGroup } from '../fakes/services/autoscaling';
import { installEc2, seedLaunchTemplate } from '../fakes/services/ec2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: launchTemplate,
    installers: [installEc2, installAutoScaling],
    seed: seedLaunchTemplate,
    deleteCommand: 'DeleteLaunchTemplate',
    listCommand: 'DescribeLaunchTemplates',
  },
  (h) => {
    describe('listing', () => {
      it('protects a template an Auto Scaling group launches from, directly or through a mixed-instances policy', async () => {
        const direct = seedLaunchTemplate(h.account, {});
        const mixed = seedLaunchTemplate(h.account, {});
        const unused = seedLaunchTemplate(h.account, {});
        seedAutoScalingGroup(h.account, { name: 'web', launchTemplateId: direct.data.launchTemplateId, tags: { ManagedBy: 'terraform' } });
        seedAutoScalingGroup(h.account, { name: 'batch', mixedInstancesLaunchTemplateId: mixed.data.launchTemplateId });

        const protectedBecause = Object.fromEntries((await h.listAll()).map((r) => [r.arn, r.protectedBecause]));

        expect(protectedBecause[direct.arn]).toBe('used by Auto Scaling group web; it follows that group');
        expect(protectedBecause[mixed.arn]).toBe('used by Auto Scaling group batch; it follows that group');
        expect(protectedBecause[unused.arn]).toBeUndefined();
      });

      it('returns its name, creator, versions and creation time', async () => {
        const createTime = new Date('2024-08-01T10:00:00Z');
        const template = seedLaunchTemplate(h.account, { createTime, name: 'web-v2', latestVersionNumber: 3, tags: { team: 'web' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:launch-template',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:launch-template/${template.data.launchTemplateId}`,
            id: template.data.launchTemplateId,
            name: 'web-v2',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: createTime,
            tags: { team: 'web' },
            protectedBecause: undefined,
            details: { createdBy: template.data.createdBy, defaultVersion: 1, latestVersion: 3 },
          },
        ]);
      });

      it('asks for pages of at most 200, the limit of DescribeLaunchTemplates', async () => {
        seedLaunchTemplate(h.account);

        await h.listAll();

        expect(h.account.callsOf('DescribeLaunchTemplates').map((c) => c.input.MaxResults)).toEqual([200]);
      });

      it('protects a template an AWS service manages for itself', async () => {
        const managed = seedLaunchTemplate(h.account, { managedBy: 'eks.amazonaws.com' });

        expect((await h.listed(managed.arn)).protectedBecause).toBe('managed by eks.amazonaws.com');
      });
    });

    describe('deletion', () => {
      it('deletes by id, every version at once', async () => {
        const template = seedLaunchTemplate(h.account, { latestVersionNumber: 4 });

        expect(await h.deleteListed(template.arn)).toEqual({ status: 'deleted' });

        expect(h.account.callsOf('DeleteLaunchTemplate').map((c) => c.input)).toEqual([
          { LaunchTemplateId: template.data.launchTemplateId },
        ]);
      });

      it('throws InvalidLaunchTemplateId.NotFound when it is already gone', async () => {
        const template = seedLaunchTemplate(h.account);
        h.account.failNext(
          'DeleteLaunchTemplate',
          () =>
            new FakeAwsError(
              'InvalidLaunchTemplateId.NotFound',
              `The specified launch template, with template ID ${template.data.launchTemplateId}, does not exist.`,
            ),
        );

        await expect(h.deleteListed(template.arn)).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
      });

      it('goes after the instances launched from it', () => {
        expect(launchTemplate.deletionOrder).toBe(60);
        expect(launchTemplate.deletionOrder!).toBeGreaterThan(ec2Instance.deletionOrder!);
      });
    });

    it('has no cost hint: launch templates are free', () => {
      expect(launchTemplate.costHint).toBeUndefined();
    });
  },
);

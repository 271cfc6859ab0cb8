import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ebsVolume } from '../../lambda/resources/ebs-volume';
import { FakeAwsError, type FakeResource } from '../fakes/fake-account';
import { installEc2, seedInstance, seedVolume } from '../fakes/services/ec2';
import { describePlugin, type PluginHarness, REGION } from './plugin-harness';

/** Snapshots present in the account at the moment each DeleteVolume call reaches EC2. */
function snapshotsSeenByDeleteVolume(h: PluginHarness): FakeResource[][] {
  const seen: FakeResource[][] = [];
  const record = h.account.record.bind(h.account);
  h.account.record = (service, command, region, input) => {
    if (command === 'DeleteVolume') seen.push(h.account.list('ec2:snapshot').map((s) => ({ ...s, tags: { ...s.tags } })));
    record(service, command, region, input);
  };
  return seen;
}

describePlugin(
  { type: ebsVolume, installers: [installEc2], seed: seedVolume, deleteCommand: 'DeleteVolume', describeCommand: 'DescribeVolumes' },
  (h) => {
    describe('listing', () => {
      it('returns size, type and creation time, named by the Name tag', async () => {
        const createTime = new Date('2024-03-01T10:00:00Z');
        const bare = seedVolume(h.account, { createTime, sizeGiB: 100, volumeType: 'io2' });
        const named = seedVolume(h.account, { tags: { Name: 'scratch', team: 'data' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:volume',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:volume/${bare.data.volumeId}`,
            id: bare.data.volumeId,
            name: undefined,
            region: REGION,
            accountId: h.account.accountId,
            createdAt: createTime,
            tags: {},
            protectedBecause: undefined,
            details: { state: 'available', sizeGiB: 100, volumeType: 'io2' },
          },
          expect.objectContaining({ arn: named.arn, name: 'scratch', tags: { Name: 'scratch', team: 'data' } }),
        ]);
      });

      it('skips volumes that are already being deleted', async () => {
        seedVolume(h.account, { state: 'deleting' });

        expect(await h.listAll()).toEqual([]);
      });

      it('protects an attached volume: it is judged with its instance, whose CloudFormation tags it lacks', async () => {
        const instance = seedInstance(h.account, {
          tags: { 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1' },
        });
        const volume = seedVolume(h.account, { attachedTo: instance.data.instanceId });

        const listed = await h.listed(volume.arn);

        expect(listed.protectedBecause).toBe(`attached to instance ${instance.data.instanceId}; it follows that instance`);
        expect(listed.details?.state).toBe('in-use');
      });

      it('judges a volume on its own once its instance is terminated and it is detached', async () => {
        const instance = seedInstance(h.account);
        const volume = seedVolume(h.account, { attachedTo: instance.data.instanceId });
        await new EC2Client({ region: REGION }).send(new TerminateInstancesCommand({ InstanceIds: [instance.data.instanceId] }));

        const listed = await h.listed(volume.arn);

        expect(listed.protectedBecause).toBeUndefined();
        expect(listed.details?.state).toBe('available');
      });

      it('lets AWS errors from listing propagate with their AWS name', async () => {
        seedVolume(h.account);
        h.account.failNext(
          'DescribeVolumes',
          () => new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
        );

        await expect(h.listAll()).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
      });
    });

    describe('deletion with a backup', () => {
      it('the snapshot exists (tagged janitor:exempt=true, janitor:backup-of) before the volume is gone and the outcome names it', async () => {
        const volume = seedVolume(h.account, { sizeGiB: 50 });
        const seen = snapshotsSeenByDeleteVolume(h);

        const outcome = await h.deleteListed(volume.arn, { backup: true });

        const snapshot = h.account.list('ec2:snapshot')[0]!;
        expect(outcome).toEqual({ status: 'deleted', backup: `snapshot ${snapshot.data.snapshotId} (tagged janitor:exempt=true)` });
        expect(seen).toHaveLength(1);
        expect(seen[0]!.map((s) => s.arn)).toEqual([snapshot.arn]);
        expect(seen[0]![0]!.tags).toEqual({ 'janitor:backup-of': volume.data.volumeId, 'janitor:exempt': 'true' });
        expect(snapshot.data).toMatchObject({
          volumeId: volume.data.volumeId,
          sizeGiB: 50,
          description: `janitor backup of ${volume.data.volumeId} before deletion`,
        });
        expect(h.account.exists(volume.arn)).toBe(false);
      });

      it('takes no snapshot when backups are off', async () => {
        const volume = seedVolume(h.account);

        expect(await h.deleteListed(volume.arn, { backup: false })).toEqual({ status: 'deleted' });

        expect(h.account.list('ec2:snapshot')).toEqual([]);
        expect(h.account.callsOf('CreateSnapshot')).toEqual([]);
        expect(h.account.exists(volume.arn)).toBe(false);
      });

      it('takes no snapshot of a volume attached since the listing, and asks to be retried later', async () => {
        const volume = seedVolume(h.account);
        const listed = await h.listed(volume.arn);
        volume.data.attachedTo = seedInstance(h.account).data.instanceId;

        await expect(
          ebsVolume.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false }),
        ).rejects.toMatchObject({
          name: 'RetryLater',
          message: `volume ${volume.data.volumeId} is attached to instance ${volume.data.attachedTo}; it follows that instance`,
        });
        expect(h.account.list('ec2:snapshot')).toEqual([]);
        expect(h.account.exists(volume.arn)).toBe(true);
      });

      it('keeps the volume when the snapshot cannot be taken', async () => {
        const volume = seedVolume(h.account);
        h.account.failNext(
          'CreateSnapshot',
          () =>
            new FakeAwsError(
              'SnapshotCreationPerVolumeRateExceeded',
              'The maximum per volume CreateSnapshot request rate has been exceeded.',
            ),
        );

        await expect(h.deleteListed(volume.arn, { backup: true })).rejects.toMatchObject({ name: 'SnapshotCreationPerVolumeRateExceeded' });
        expect(h.account.callsOf('DeleteVolume')).toEqual([]);
        expect(h.account.exists(volume.arn)).toBe(true);
      });
    });

    describe('deletion without a backup', () => {
      it('throws VolumeInUse when the volume was attached after it was listed', async () => {
        const volume = seedVolume(h.account);
        const listed = await h.listed(volume.arn);
        volume.data.attachedTo = seedInstance(h.account).data.instanceId;

        await expect(
          ebsVolume.delete(h.clients, listed, { backup: false, disableProtection: false, emptyFirst: false }),
        ).rejects.toMatchObject({
          name: 'VolumeInUse',
        });
        expect(h.account.exists(volume.arn)).toBe(true);
      });
    });

    describe('cost hint', () => {
      it('prices storage by volume type, us-east-1', async () => {
        const gp3 = await h.listed(seedVolume(h.account, { sizeGiB: 100, volumeType: 'gp3' }).arn);
        const gp2 = await h.listed(seedVolume(h.account, { sizeGiB: 100, volumeType: 'gp2' }).arn);
        const io2 = await h.listed(seedVolume(h.account, { sizeGiB: 100, volumeType: 'io2' }).arn);

        expect(ebsVolume.costHint?.(gp3)).toBe('~$8.00/month');
        expect(ebsVolume.costHint?.(gp2)).toBe('~$10.00/month');
        expect(ebsVolume.costHint?.(io2)).toBe('~$12.50/month + provisioned IOPS');
      });
    });
  },
);

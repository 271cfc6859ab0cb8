import { describe, expect, it } from 'vitest';
import type { Resource } from '../../lambda/core/model';
import { ebsSnapshot } from '../../lambda/resources/ebs-snapshot';
import { ebsVolume } from '../../lambda/resources/ebs-volume';
import { FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedImage, seedSnapshot, seedVolume } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin({ type: ebsSnapshot, installers: [installEc2], seed: seedSnapshot, deleteCommand: 'DeleteSnapshot' }, (h) => {
  describe('listing', () => {
    it('returns size, source volume and start time, under an ARN without an account id', async () => {
      const startTime = new Date('2024-04-01T12:00:00Z');
      const snapshot = seedSnapshot(h.account, {
        startTime,
        sizeGiB: 100,
        volumeId: 'vol-0aaa',
        description: 'before upgrade',
        tags: { Name: 'db-before-upgrade' },
      });

      expect(await h.listAll()).toEqual([
        {
          type: 'ec2:snapshot',
          arn: `arn:aws:ec2:${REGION}::snapshot/${snapshot.data.snapshotId}`,
          id: snapshot.data.snapshotId,
          name: 'db-before-upgrade',
          region: REGION,
          accountId: h.account.accountId,
          createdAt: startTime,
          tags: { Name: 'db-before-upgrade' },
          protectedBecause: undefined,
          details: { state: 'completed', sizeGiB: 100, volumeId: 'vol-0aaa', storageTier: 'standard', description: 'before upgrade' },
        },
      ]);
    });

    it("asks only for the account's own snapshots, not public or shared ones", async () => {
      seedSnapshot(h.account);

      await h.listAll();

      expect(h.account.callsOf('DescribeSnapshots').map((c) => c.input.OwnerIds)).toEqual([['self']]);
    });

    it('protects a snapshot backing an AMI of the account: it goes with that AMI', async () => {
      const image = seedImage(h.account);
      const backing = h.account.list('ec2:snapshot')[0]!;

      const listed = await h.listed(backing.arn);

      expect(listed.protectedBecause).toBe(`backs AMI ${image.data.imageId}; it goes with that AMI`);
    });

    it('protects the snapshots of a disabled AMI too: EC2 refuses to delete them as well', async () => {
      const image = seedImage(h.account, { state: 'disabled' });
      const backing = h.account.list('ec2:snapshot')[0]!;

      expect((await h.listed(backing.arn)).protectedBecause).toBe(`backs AMI ${image.data.imageId}; it goes with that AMI`);
    });

    it('reads the AMIs once per listing, not once per snapshot', async () => {
      for (let i = 0; i < 3; i++) seedImage(h.account);
      Array.from({ length: 9 }, () => seedSnapshot(h.account));

      const listed = await h.listAll();

      expect(listed).toHaveLength(12);
      expect(listed.filter((s) => s.protectedBecause)).toHaveLength(3);
      expect(h.account.callsOf('DescribeImages').map((c) => c.input)).toEqual([
        { Owners: ['self'], IncludeDisabled: true, MaxResults: 1000 },
      ]);
    });

    it('protects the backup the janitor took before deleting a volume, whatever its exemption tag says', async () => {
      const volume = seedVolume(h.account);
      const volumeListing: Resource[] = [];
      for await (const r of ebsVolume.list(h.clients)) volumeListing.push(r);
      await ebsVolume.delete(h.clients, volumeListing[0]!, { ...DEFAULT_DELETION, backup: true });
      const backup = h.account.list('ec2:snapshot')[0]!;
      h.account.removeTags(backup.arn, ['janitor:exempt']);

      const listed = await h.listed(backup.arn);

      expect(listed.tags['janitor:backup-of']).toBe(volume.data.volumeId);
      expect(listed.protectedBecause).toBe('backup taken by the janitor');
    });
  });

  describe('deletion', () => {
    it('deletes with DeleteSnapshot', async () => {
      const snapshot = seedSnapshot(h.account);

      expect(await h.deleteListed(snapshot.arn)).toEqual({ status: 'deleted' });

      expect(h.account.callsOf('DeleteSnapshot').map((c) => c.input)).toEqual([{ SnapshotId: snapshot.data.snapshotId }]);
    });

    it('throws InvalidSnapshot.InUse when an AMI was registered from it since the listing, for a later wave', async () => {
      const snapshot = seedSnapshot(h.account);
      const listed = await h.listed(snapshot.arn);
      const image = seedImage(h.account);
      (image.data.snapshotIds as string[]).push(snapshot.data.snapshotId);

      await expect(ebsSnapshot.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'InvalidSnapshot.InUse' });
      expect(h.account.exists(snapshot.arn)).toBe(true);
    });

    it('lets other AWS errors propagate with their AWS name', async () => {
      const snapshot = seedSnapshot(h.account);
      h.account.failNext(
        'DeleteSnapshot',
        () => new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );

      await expect(h.deleteListed(snapshot.arn)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    });
  });

  describe('cost hint', () => {
    it('prices the full volume size as an upper bound: snapshots are incremental', async () => {
      const standard = await h.listed(seedSnapshot(h.account, { sizeGiB: 100 }).arn);
      const archived = await h.listed(seedSnapshot(h.account, { sizeGiB: 100, storageTier: 'archive' }).arn);

      expect(ebsSnapshot.costHint?.(standard)).toBe('~$5.00/month');
      expect(ebsSnapshot.costHint?.(archived)).toBe('~$1.25/month');
    });
  });
});

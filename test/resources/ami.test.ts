import { describe, expect, it } from 'vitest';
import { ami } from '../../lambda/resources/ami';
import { ebsSnapshot } from '../../lambda/resources/ebs-snapshot';
import { installEc2, seedImage, seedSnapshot } from '../fakes/services/ec2';
import { DEFAULT_DELETION, REGION, describePlugin } from './plugin-harness';

describePlugin({ type: ami, installers: [installEc2], seed: seedImage, deleteCommand: 'DeregisterImage' }, (h) => {
  describe('listing', () => {
    it('returns its snapshots and creation date, under an ARN without an account id', async () => {
      const creationDate = new Date('2024-05-06T07:08:09.000Z');
      const image = seedImage(h.account, { creationDate, name: 'golden-2024-05', rootSizeGiB: 30, extraSnapshots: 1 });

      expect(await h.listAll()).toEqual([
        {
          type: 'ec2:image',
          arn: `arn:aws:ec2:${REGION}::image/${image.data.imageId}`,
          id: image.data.imageId,
          name: 'golden-2024-05',
          region: REGION,
          accountId: h.account.accountId,
          createdAt: creationDate,
          tags: {},
          details: { state: 'available', snapshotIds: (image.data.snapshotIds as string[]).join(','), sizeGiB: 50 },
        },
      ]);
    });

    it('prefers the Name tag over the AMI name', async () => {
      const image = seedImage(h.account, { name: 'ami-name', tags: { Name: 'tag-name' } });

      expect((await h.listed(image.arn)).name).toBe('tag-name');
    });

    it("asks only for the account's own AMIs and leaves out deregistered ones", async () => {
      const available = seedImage(h.account);
      seedImage(h.account, { state: 'deregistered' });

      expect((await h.listAll()).map((i) => i.arn)).toEqual([available.arn]);
      expect(h.account.callsOf('DescribeImages')[0].input.Owners).toEqual(['self']);
    });
  });

  describe('deletion', () => {
    it('deregisters the AMI, then deletes the snapshot that backed it, and names it', async () => {
      const image = seedImage(h.account);
      const [snapshotId] = image.data.snapshotIds as string[];
      const [snapshot] = h.account.list('ec2:snapshot');

      const outcome = await h.deleteListed(image.arn);

      expect(outcome).toEqual({ status: 'deleted', note: `deleted its snapshot ${snapshotId}` });
      expect(h.account.exists(image.arn)).toBe(false);
      expect(h.account.exists(snapshot.arn)).toBe(false);
      expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
        ['DeregisterImage', { ImageId: image.data.imageId }],
        ['DeleteSnapshot', { SnapshotId: snapshotId }],
      ]);
    });

    it('deletes every snapshot of a multi-volume AMI', async () => {
      const image = seedImage(h.account, { extraSnapshots: 2 });
      const snapshotIds = image.data.snapshotIds as string[];

      const outcome = await h.deleteListed(image.arn);

      expect(outcome).toEqual({ status: 'deleted', note: `deleted its snapshots ${snapshotIds.join(', ')}` });
      expect(h.account.list('ec2:snapshot')).toEqual([]);
    });

    it('keeps a snapshot that still backs another AMI and says so; the AMI itself is gone', async () => {
      const image = seedImage(h.account);
      const [sharedSnapshotId] = image.data.snapshotIds as string[];
      const other = seedImage(h.account);
      (other.data.snapshotIds as string[]).push(sharedSnapshotId);

      const outcome = await h.deleteListed(image.arn);

      expect(outcome).toEqual({
        status: 'deleted',
        note: `kept ${sharedSnapshotId} (InvalidSnapshot.InUse: The snapshot ${sharedSnapshotId} is currently in use by ${other.data.imageId})`,
      });
      expect(h.account.exists(image.arn)).toBe(false);
      expect(h.account.findBy('ec2:snapshot', 'snapshotId', sharedSnapshotId)).toBeDefined();
    });

    it('reads the snapshots from the AMI at deletion time, not from the listing', async () => {
      const image = seedImage(h.account);
      const listed = await h.listed(image.arn);
      const attachedLater = seedSnapshot(h.account);
      (image.data.snapshotIds as string[]).push(attachedLater.data.snapshotId);

      await ami.delete(h.clients, listed, DEFAULT_DELETION);

      expect(h.account.exists(attachedLater.arn)).toBe(false);
    });

    it('goes before snapshots, which EC2 refuses to delete while an AMI uses them', () => {
      expect(ami.deletionOrder).toBe(40);
      expect(ami.deletionOrder!).toBeLessThan(ebsSnapshot.deletionOrder ?? 50);
    });
  });

  it('prices its snapshots, the full volume sizes as an upper bound', async () => {
    const image = await h.listed(seedImage(h.account, { rootSizeGiB: 30, extraSnapshots: 1 }).arn);

    expect(ami.costHint?.(image)).toBe('~$2.50/month for its snapshots');
  });
});

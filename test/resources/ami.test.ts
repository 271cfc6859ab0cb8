import { describe, expect, it } from 'vitest';
import { MARK_TAG } from '../../lambda/core/model';
import { ami } from '../../lambda/resources/ami';
import { ebsSnapshot } from '../../lambda/resources/ebs-snapshot';
import { FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedImage, seedSnapshot } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

/** The mark the engine wrote on the AMI; the engine deletes only AMIs carrying one. */
const MARK = '2026-11-24T02:00:00Z';
const MARKED = { [MARK_TAG]: MARK };

describePlugin(
  {
    type: ami,
    installers: [installEc2],
    seed: seedImage,
    deleteCommand: 'DeregisterImage',
    fullDeletion: { seed: (account) => seedImage(account, { tags: MARKED, extraSnapshots: 1 }) },
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
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
        expect(h.account.callsOf('DescribeImages')[0]!.input.Owners).toEqual(['self']);
      });
    });

    describe('deletion', () => {
      it("deregisters the AMI, then marks the snapshot that backed it with the AMI's mark and deletes it, and names it", async () => {
        const image = seedImage(h.account, { tags: MARKED });
        const [snapshotId] = image.data.snapshotIds as string[];
        const snapshot = h.account.list('ec2:snapshot')[0]!;

        const outcome = await h.deleteListed(image.arn);

        expect(outcome).toEqual({ status: 'deleted', note: `deleted its snapshot ${snapshotId}` });
        expect(h.account.exists(image.arn)).toBe(false);
        expect(h.account.exists(snapshot.arn)).toBe(false);
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['DeregisterImage', { ImageId: image.data.imageId }],
          ['CreateTags', { Resources: [snapshotId], Tags: [{ Key: MARK_TAG, Value: MARK }] }],
          ['DeleteSnapshot', { SnapshotId: snapshotId }],
        ]);
        // The snapshot carried the AMI's mark, value and all, when DeleteSnapshot reached it (what IAM checks).
        expect(h.account.removals.find((r) => r.arn === snapshot.arn)?.tags).toEqual({ [MARK_TAG]: MARK });
      });

      it('marks each snapshot right before deleting it, only its own, and none of another resource', async () => {
        const image = seedImage(h.account, { tags: MARKED, extraSnapshots: 2 });
        const snapshotIds = image.data.snapshotIds as string[];
        const bystander = seedSnapshot(h.account);

        const outcome = await h.deleteListed(image.arn);

        expect(outcome).toEqual({ status: 'deleted', note: `deleted its snapshots ${snapshotIds.join(', ')}` });
        expect(h.account.list('ec2:snapshot').map((s) => s.arn)).toEqual([bystander.arn]);
        expect(bystander.tags).toEqual({});
        // Mark, delete, mark, delete, ...: every DeleteSnapshot comes right after the mark on that very snapshot.
        const writes = h.account.calls.filter((c) => c.command === 'CreateTags' || c.command === 'DeleteSnapshot');
        expect(writes.map((c) => [c.command, c.input.Resources?.[0] ?? c.input.SnapshotId])).toEqual(
          snapshotIds.flatMap((id) => [
            ['CreateTags', id],
            ['DeleteSnapshot', id],
          ]),
        );
        const snapshotArns = new Set(h.account.removals.filter((r) => r.arn.includes(':snapshot/')).map((r) => r.arn));
        expect(h.account.tagWrites.map((w) => w.arn).every((arn) => snapshotArns.has(arn))).toBe(true);
        for (const write of h.account.tagWrites) {
          const removal = h.account.removals.find((r) => r.arn === write.arn)!;
          expect(write.written).toEqual({ [MARK_TAG]: MARK });
          expect(write.callIndex).toBeLessThan(removal.callIndex);
        }
      });

      it('leaves a mark the snapshot already carries as it is', async () => {
        const image = seedImage(h.account, { tags: MARKED, snapshotTags: { [MARK_TAG]: '2026-11-20T02:00:00Z' } });
        const [snapshotId] = image.data.snapshotIds as string[];

        expect(await h.deleteListed(image.arn)).toEqual({ status: 'deleted', note: `deleted its snapshot ${snapshotId}` });
        expect(h.account.callsOf('CreateTags')).toEqual([]);
        expect(h.account.tagWrites).toEqual([]);
      });

      it('neither marks nor deletes a snapshot that still backs another AMI, and says so; the AMI itself is gone', async () => {
        const image = seedImage(h.account, { tags: MARKED });
        const [sharedSnapshotId] = image.data.snapshotIds as string[];
        const other = seedImage(h.account, { state: 'disabled' });
        (other.data.snapshotIds as string[]).push(sharedSnapshotId!);
        const shared = h.account.findBy('ec2:snapshot', 'snapshotId', sharedSnapshotId)!;

        const outcome = await h.deleteListed(image.arn);

        expect(outcome).toEqual({ status: 'deleted', note: `kept ${sharedSnapshotId} (it also backs ${other.data.imageId})` });
        expect(h.account.exists(image.arn)).toBe(false);
        expect(h.account.exists(shared.arn)).toBe(true);
        expect(shared.tags).toEqual({});
        expect(h.account.mutatingCalls().map((c) => c.command)).toEqual(['DeregisterImage']);
      });

      it('takes its mark off a snapshot EC2 then refuses to delete (another AMI registered meanwhile), and keeps it', async () => {
        const image = seedImage(h.account, { tags: MARKED });
        const [snapshotId] = image.data.snapshotIds as string[];
        const snapshot = h.account.findBy('ec2:snapshot', 'snapshotId', snapshotId)!;
        h.account.failNext(
          'DeleteSnapshot',
          () => new FakeAwsError('InvalidSnapshot.InUse', `The snapshot ${snapshotId} is currently in use by ami-0race`),
        );

        const outcome = await h.deleteListed(image.arn);

        expect(outcome).toEqual({
          status: 'deleted',
          note: `kept ${snapshotId} (InvalidSnapshot.InUse: The snapshot ${snapshotId} is currently in use by ami-0race; its mark was removed again)`,
        });
        expect(h.account.exists(snapshot.arn)).toBe(true);
        expect(snapshot.tags).toEqual({});
        expect(h.account.mutatingCalls().map((c) => c.command)).toEqual(['DeregisterImage', 'CreateTags', 'DeleteSnapshot', 'DeleteTags']);
        expect(h.account.callsOf('DeleteTags')[0]!.input).toEqual({ Resources: [snapshotId], Tags: [{ Key: MARK_TAG, Value: MARK }] });
      });

      it('does not delete a snapshot it could not mark', async () => {
        const image = seedImage(h.account, { tags: MARKED });
        const [snapshotId] = image.data.snapshotIds as string[];
        h.account.failNext(
          'CreateTags',
          () => new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
        );

        const outcome = await h.deleteListed(image.arn);

        expect(outcome).toEqual({
          status: 'deleted',
          note: `kept ${snapshotId} (UnauthorizedOperation: You are not authorized to perform this operation.)`,
        });
        expect(h.account.callsOf('DeleteSnapshot')).toEqual([]);
        expect(h.account.callsOf('DeleteTags')).toEqual([]);
        expect(h.account.findBy('ec2:snapshot', 'snapshotId', snapshotId)).toBeDefined();
      });

      it('reads which snapshots other AMIs use before deregistering, so a failed read leaves the AMI in place', async () => {
        const image = seedImage(h.account, { tags: MARKED });
        const listed = await h.listed(image.arn);
        h.account.failNext('DescribeSnapshots', () => new FakeAwsError('RequestLimitExceeded', 'Request limit exceeded.'));

        await expect(ami.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
        expect(h.account.exists(image.arn)).toBe(true);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('writes no mark when the AMI carries none (the engine never deletes such an AMI; IAM would refuse its snapshots)', async () => {
        const image = seedImage(h.account);

        await h.deleteListed(image.arn);

        expect(h.account.callsOf('CreateTags')).toEqual([]);
        expect(h.account.tagWrites).toEqual([]);
      });

      it('reads the snapshots from the AMI at deletion time, not from the listing', async () => {
        const image = seedImage(h.account, { tags: MARKED });
        const listed = await h.listed(image.arn);
        const attachedLater = seedSnapshot(h.account);
        (image.data.snapshotIds as string[]).push(attachedLater.data.snapshotId);

        await ami.delete(h.clients, listed, DEFAULT_DELETION);

        expect(h.account.exists(attachedLater.arn)).toBe(false);
        expect(h.account.removals.find((r) => r.arn === attachedLater.arn)?.tags).toEqual(MARKED);
      });

      it('goes before snapshots, which EC2 refuses to delete while an AMI uses them', () => {
        expect(ami.deletionOrder).toBe(40);
        expect(ami.deletionOrder!).toBeLessThan(ebsSnapshot.deletionOrder ?? 50);
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        expect(ami.iam.delete).toEqual(['ec2:DeregisterImage', 'ec2:DeleteSnapshot']);
        expect(ami.iam.deleteUnconditioned).not.toContain('ec2:DeleteSnapshot');
      });
    });

    it('prices its snapshots, the full volume sizes as an upper bound', async () => {
      const image = await h.listed(seedImage(h.account, { rootSizeGiB: 30, extraSnapshots: 1 }).arn);

      expect(ami.costHint?.(image)).toBe('~$2.50/month for its snapshots');
    });
  },
);

import { describe, expect, it, vi } from 'vitest';
import { efsFileSystem } from '../../lambda/resources/efs-file-system';
import { FakeAwsError } from '../fakes/fake-account';
import { finishEfsDeletions, installEfs, mountTargetsOf, seedFileSystem } from '../fakes/services/efs';
import { describePlugin, grantedForListAndDelete, REGION } from './plugin-harness';

const OPTIONS = { backup: false, disableProtection: false, emptyFirst: false };

describePlugin(
  {
    type: efsFileSystem,
    installers: [installEfs],
    seed: (account, options) => seedFileSystem(account, options),
    deleteCommand: 'DeleteFileSystem',
  },
  (h) => {
    describe('listing', () => {
      it('describes a file system with its ARN, Name tag, creation time and mount targets', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        const fs = seedFileSystem(h.account, { createdAt, mountTargets: 2, standardBytes: 10 * 1024 ** 3, tags: { Name: 'shared-home' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'elasticfilesystem:file-system',
            arn: `arn:aws:elasticfilesystem:${REGION}:${h.account.accountId}:file-system/${fs.data.id}`,
            id: fs.data.id,
            name: 'shared-home',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { Name: 'shared-home' },
            details: { state: 'available', mountTargets: 2, standardBytes: 10 * 1024 ** 3, replicationOverwriteProtection: 'ENABLED' },
          },
        ]);
      });

      it('leaves out file systems being deleted', async () => {
        const live = seedFileSystem(h.account);
        seedFileSystem(h.account, { state: 'deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([live.arn]);
      });

      it('lets AWS errors from listing propagate with their AWS name', async () => {
        h.account.failNext('DescribeFileSystems', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
      });
    });

    describe('deletion', () => {
      it('removes every mount target first, then throws FileSystemInUse while they are still deleting', async () => {
        const fs = seedFileSystem(h.account, { mountTargets: 7 });

        await expect(h.deleteListed(fs.arn)).rejects.toMatchObject({ name: 'FileSystemInUse' });

        const mutations = h.account.mutatingCalls().map((c) => c.command);
        expect(mutations).toEqual([...Array(7).fill('DeleteMountTarget'), 'DeleteFileSystem']);
        expect(mountTargetsOf(fs).map((t) => t.state)).toEqual(Array(7).fill('deleting'));
        // Seven targets span two DescribeMountTargets pages.
        expect(h.account.callsOf('DescribeMountTargets')).toHaveLength(2);
      });

      it('deletes the file system on the retry once the mount targets are gone, without deleting them again', async () => {
        const fs = seedFileSystem(h.account, { mountTargets: 2 });
        const listed = await h.listed(fs.arn);
        await expect(efsFileSystem.delete(h.clients, listed, OPTIONS)).rejects.toMatchObject({ name: 'FileSystemInUse' });

        // A retry while they are still deleting asks for nothing new.
        await expect(efsFileSystem.delete(h.clients, listed, OPTIONS)).rejects.toMatchObject({ name: 'FileSystemInUse' });
        expect(h.account.callsOf('DeleteMountTarget')).toHaveLength(2);

        finishEfsDeletions(h.account);
        expect(await efsFileSystem.delete(h.clients, listed, OPTIONS)).toEqual({ status: 'deleted' });
        expect(h.account.exists(fs.arn)).toBe(false);
      });

      it('notes the mount targets it deleted and that EFS keeps no final backup', async () => {
        const fs = seedFileSystem(h.account, { mountTargets: 2 });
        // Mount targets already gone when DeleteFileSystem arrives let the file system go in the same call.
        const record = h.account.record.bind(h.account);
        vi.spyOn(h.account, 'record').mockImplementation((service, command, region, input) => {
          if (command === 'DeleteFileSystem') finishEfsDeletions(h.account);
          record(service, command, region, input);
        });

        expect(await h.deleteListed(fs.arn, { backup: true })).toEqual({
          status: 'deleted',
          note: '2 mount target(s) deleted first; EFS keeps no final backup',
        });
        expect(h.account.exists(fs.arn)).toBe(false);
      });

      it('skips a replication destination, whose replication must be removed on the source first', async () => {
        const fs = seedFileSystem(h.account, { replicationOverwriteProtection: 'REPLICATING', mountTargets: 1 });

        expect(await h.deleteListed(fs.arn)).toEqual({
          status: 'skipped',
          reason: 'replication destination: delete the replication configuration on the source first',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('throws FileSystemNotFound when the file system is already gone', async () => {
        const fs = seedFileSystem(h.account);
        const listed = await h.listed(fs.arn);
        h.account.remove(fs.arn);

        await expect(efsFileSystem.delete(h.clients, listed, OPTIONS)).rejects.toMatchObject({ name: 'FileSystemNotFound' });
      });
    });

    describe('declarations', () => {
      it('grants an IAM action for every call that list and delete make', async () => {
        const fs = seedFileSystem(h.account, { mountTargets: 1 });
        await h.deleteListed(fs.arn).catch(() => undefined);
        const granted = grantedForListAndDelete(efsFileSystem);

        for (const command of h.commandsCalled()) expect(granted).toContain(`elasticfilesystem:${command}`);
        // The mount target's interface never carries the file system's mark.
        expect(efsFileSystem.iam.deleteUnconditioned).toContain('ec2:DeleteNetworkInterface');
        expect(efsFileSystem.iam.tag).toEqual(['elasticfilesystem:TagResource', 'elasticfilesystem:UntagResource']);
      });

      it('links to the file system in the EFS console', async () => {
        const fs = seedFileSystem(h.account);

        expect(efsFileSystem.consoleUrl(await h.listed(fs.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/efs/home?region=eu-west-1#/file-systems/${fs.data.id}`,
        );
      });

      it('estimates the monthly cost of Standard storage', async () => {
        const big = seedFileSystem(h.account, { standardBytes: 200 * 1024 ** 3 });
        const tiny = seedFileSystem(h.account, { standardBytes: 6144 });

        expect(efsFileSystem.costHint!(await h.listed(big.arn))).toBe('~$60/month (200 GB Standard at $0.30/GB-month)');
        expect(efsFileSystem.costHint!(await h.listed(tiny.arn))).toBe('<$1/month (<1 GB Standard)');
      });
    });
  },
);

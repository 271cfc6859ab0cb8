import { describe, expect, it } from 'vitest';
import { fsxFileSystem } from '../../lambda/resources/fsx-file-system';
import { finishFsxDeletions, fsxBackups, installFsx, seedFsxFileSystem } from '../fakes/services/fsx';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: fsxFileSystem,
    installers: [installFsx],
    seed: (account, options) => seedFsxFileSystem(account, options),
    deleteCommand: 'DeleteFileSystem',
    slowDeletion: true,
    goneError: 'FileSystemNotFound',
    describeCommand: 'DescribeFileSystems',
    tagActions: ['fsx:TagResource', 'fsx:UntagResource'],
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing', () => {
      it('lists a file system with its ARN, tags, creation time, type and storage', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'LUSTRE', createdAt, tags: { Name: 'genomics' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'fsx:file-system',
            arn: `arn:aws:fsx:${REGION}:${h.account.accountId}:file-system/${fs.data.id}`,
            id: fs.data.id,
            name: 'genomics',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { Name: 'genomics' },
            details: { fileSystemType: 'LUSTRE', lifecycle: 'AVAILABLE', storageCapacityGiB: 1200, deploymentType: 'PERSISTENT_2' },
          },
        ]);
      });

      it('leaves out file systems being deleted, so a started deletion is not repeated', async () => {
        const kept = seedFsxFileSystem(h.account);
        seedFsxFileSystem(h.account, { lifecycle: 'DELETING' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('takes a final backup of a Windows file system, tagged exempt and named janitor-final-*, and names it', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'WINDOWS', tags: { 'janitor:delete-after': '2026-11-20T00:00:00Z' } });

        const outcome = await h.deleteListed(fs.arn);

        const name = `janitor-final-${fs.data.id}-202611240307`;
        const [backup] = fsxBackups(h.account);
        expect(outcome).toEqual({
          status: 'started',
          note: 'deletion takes several minutes',
          backup: `final backup ${backup!.data.id} (Name=${name}, tagged janitor:exempt=true)`,
        });
        expect(h.account.callsOf('DeleteFileSystem')[0]!.input).toEqual({
          FileSystemId: fs.data.id,
          WindowsConfiguration: {
            SkipFinalBackup: false,
            FinalBackupTags: [
              { Key: 'Name', Value: name },
              { Key: 'janitor:backup-of', Value: fs.data.id },
              { Key: 'janitor:exempt', Value: 'true' },
            ],
          },
        });
        // Only the janitor's tags: the file system's mark is not copied onto its backup.
        expect(backup!.tags).toEqual({ Name: name, 'janitor:backup-of': fs.data.id, 'janitor:exempt': 'true' });
      });

      it('asks Lustre (which backs up only when told) and OpenZFS for a final backup in their own configuration blocks', async () => {
        const lustre = seedFsxFileSystem(h.account, { fileSystemType: 'LUSTRE', deploymentType: 'PERSISTENT_1' });
        const zfs = seedFsxFileSystem(h.account, { fileSystemType: 'OPENZFS' });

        await h.deleteListed(lustre.arn);
        await h.deleteListed(zfs.arn);

        const [first, second] = h.account.callsOf('DeleteFileSystem').map((c) => c.input);
        expect(first.LustreConfiguration.SkipFinalBackup).toBe(false);
        expect(second.OpenZFSConfiguration.SkipFinalBackup).toBe(false);
        expect(fsxBackups(h.account).map((b) => b.data.fileSystemId)).toEqual([lustre.data.id, zfs.data.id]);
      });

      it('skips the backup when backups are off, saying so', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'WINDOWS' });

        expect(await h.deleteListed(fs.arn, { backup: false })).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; no final backup (backups are off)',
        });
        expect(h.account.callsOf('DeleteFileSystem')[0]!.input.WindowsConfiguration).toEqual({ SkipFinalBackup: true });
        expect(fsxBackups(h.account)).toEqual([]);
      });

      it('deletes a scratch Lustre file system, which FSx never backs up, without a backup and says so', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'LUSTRE', deploymentType: 'SCRATCH_2' });

        expect(await h.deleteListed(fs.arn)).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; a scratch file system keeps no backup',
        });
      });

      it('keeps a Lustre file system linked to S3 while backups are required: FSx cannot back it up', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'LUSTRE', deploymentType: 'PERSISTENT_1', s3ImportPath: 's3://lake' });

        expect(await h.deleteListed(fs.arn)).toEqual({
          status: 'skipped',
          reason: 'linked to an S3 data repository: FSx cannot take a final backup, and backups are required',
        });
        expect(h.account.callsOf('DeleteFileSystem')).toEqual([]);
        expect((await h.deleteListed(fs.arn, { backup: false })).status).toBe('started');
      });

      it('keeps an ONTAP file system: its volumes and SVMs would have to go first', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'ONTAP', childVolumes: 2 });

        expect(await h.deleteListed(fs.arn)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('ONTAP') });
        expect(h.account.callsOf('DeleteFileSystem')).toEqual([]);
      });

      it('never deletes child volumes of an OpenZFS file system: FSx refuses, with its error', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'OPENZFS', childVolumes: 1 });

        await expect(h.deleteListed(fs.arn)).rejects.toMatchObject({ name: 'BadRequest' });
        expect(h.account.get(fs.arn).data.lifecycle).toBe('AVAILABLE');
      });

      it('started deletions are no longer listed, and gone once FSx finishes', async () => {
        const fs = seedFsxFileSystem(h.account);
        await h.deleteListed(fs.arn);

        expect(await h.listAll()).toEqual([]);
        finishFsxDeletions(h.account);
        expect(h.account.exists(fs.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('reaches the new backup unconditioned only with the final backup tag keys', () => {
        expect(fsxFileSystem.iam.resources?.deleteUnconditioned).toEqual({
          'fsx:DeleteFileSystem': ['arn:${Partition}:fsx:*:*:backup/*'],
          'fsx:TagResource': ['arn:${Partition}:fsx:*:*:backup/*'],
        });
        expect(fsxFileSystem.iam.deleteUnconditionedConditions?.['fsx:TagResource']).toEqual({
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['Name', 'janitor:backup-of', 'janitor:exempt'] },
        });
      });

      it('estimates the storage cost, and links to the file system in the FSx console', async () => {
        const fs = seedFsxFileSystem(h.account, { fileSystemType: 'LUSTRE', storageCapacity: 2400 });
        const listed = await h.listed(fs.arn);

        expect(fsxFileSystem.costHint!(listed)).toBe('~$336/month storage (2400 GiB) + throughput');
        expect(fsxFileSystem.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/fsx/home?region=eu-west-1#file-system-details/${fs.data.id}`,
        );
      });
    });
  },
);

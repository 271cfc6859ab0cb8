import {
  DeleteFileSystemCommand,
  type DeleteFileSystemCommandInput,
  type DeleteFileSystemCommandOutput,
  DescribeFileSystemsCommand,
  type FileSystem,
  FSxClient,
  paginateDescribeFileSystems,
} from '@aws-sdk/client-fsx';
import { consoleBase } from '../aws/arn';
import { EXEMPT_TAG } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, theOne } from './configuration';
import { BACKUP_OF_TAG } from './ebs-snapshot';
import { finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';
import type { DeletionOutcome } from './resource-type';

/** A file system on its way out is not inventory. */
const GONE_LIFECYCLES = new Set(['DELETING']);

/** What the final backup is tagged with: never itself a candidate, and traceable to its source. */
const FINAL_BACKUP_TAG_KEYS = ['Name', BACKUP_OF_TAG, EXEMPT_TAG];

/** FSx backups have generated ids, so the grants that reach a new backup name no backup but narrow its tag keys. */
const BACKUP_ARN = 'arn:${Partition}:fsx:*:*:backup/*';

/**
 * Rough us-east-1 SSD storage price per GB-month by file system type, throughput extra
 * (https://aws.amazon.com/fsx/pricing/).
 */
const STORAGE_PRICE_PER_GB: Readonly<Record<string, number>> = { WINDOWS: 0.13, LUSTRE: 0.14, OPENZFS: 0.09, ONTAP: 0.125 };

// https://docs.aws.amazon.com/fsx/latest/APIReference/API_DeleteFileSystem.html: FSx takes no backup of an
// S3-linked Lustre file system, and scratch deployments take none at all.

/** Lustre linked to S3 by ImportPath: deleting it loses what was not exported, and no backup can keep it. */
function s3Linked(fs: FileSystem): boolean {
  return Boolean(fs.LustreConfiguration?.DataRepositoryConfiguration?.ImportPath);
}

/** Scratch Lustre: temporary storage by design, never backed up. */
function scratch(fs: FileSystem): boolean {
  return fs.LustreConfiguration?.DeploymentType?.startsWith('SCRATCH') === true;
}

type FinalBackup = { readonly SkipFinalBackup: boolean; readonly FinalBackupTags?: { Key: string; Value: string }[] };

/** The per-type configuration block of DeleteFileSystem; ONTAP has none the janitor uses. */
function deleteInput(fs: FileSystem, id: string, backup: FinalBackup): DeleteFileSystemCommandInput {
  switch (fs.FileSystemType) {
    case 'WINDOWS':
      return { FileSystemId: id, WindowsConfiguration: backup };
    case 'LUSTRE':
      return { FileSystemId: id, LustreConfiguration: backup };
    // No DELETE_CHILD_VOLUMES_AND_SNAPSHOTS: FSx then refuses a file system with child volumes,
    // which the janitor never judged (https://docs.aws.amazon.com/fsx/latest/APIReference/API_DeleteFileSystemOpenZFSConfiguration.html).
    case 'OPENZFS':
      return { FileSystemId: id, OpenZFSConfiguration: backup };
    default:
      return { FileSystemId: id };
  }
}

function finalBackupIdOf(output: DeleteFileSystemCommandOutput): string | undefined {
  return (
    output.WindowsResponse?.FinalBackupId ?? output.LustreResponse?.FinalBackupId ?? output.OpenZFSResponse?.FinalBackupId ?? undefined
  );
}

async function describeFileSystem(fsx: FSxClient, id: string): Promise<FileSystem> {
  const { FileSystems } = await fsx.send(new DescribeFileSystemsCommand({ FileSystemIds: [id] }));
  return theOne(FileSystems, `file system ${id}`);
}

/** FSx for Windows File Server, Lustre, OpenZFS and NetApp ONTAP file systems. */
export const fsxFileSystem = pagedType({
  // ARN `arn:aws:fsx:{region}:{account}:file-system/{id}` (ResourceARN).
  id: 'fsx:file-system',
  label: 'FSx file system',
  // DescribeFileSystems returns Tags with every file system.
  tagsFromList: true,
  iam: {
    read: ['fsx:DescribeFileSystems'],
    tag: ['fsx:TagResource', 'fsx:UntagResource'],
    delete: ['fsx:DeleteFileSystem'],
    // DeleteFileSystem also authorizes against the final backup it creates, and tagging it on
    // creation is TagResource on it (https://docs.aws.amazon.com/fsx/latest/WindowsGuide/supported-iam-actions-tagging.html).
    deleteUnconditioned: ['fsx:DeleteFileSystem', 'fsx:TagResource'],
    deleteUnconditionedReason:
      'The final backup is new, so it has no tags when DeleteFileSystem and TagResource authorize against it (FSx backups only, with the final backup tag keys only).',
    resources: { deleteUnconditioned: { 'fsx:DeleteFileSystem': [BACKUP_ARN], 'fsx:TagResource': [BACKUP_ARN] } },
    deleteUnconditionedConditions: {
      'fsx:DeleteFileSystem': { 'ForAllValues:StringEquals': { 'aws:TagKeys': FINAL_BACKUP_TAG_KEYS } },
      'fsx:TagResource': { 'ForAllValues:StringEquals': { 'aws:TagKeys': FINAL_BACKUP_TAG_KEYS } },
    },
  },
  // After the instances that mount it (10); before security groups (80).
  deletionOrder: 30,

  listing: {
    pages: (clients) => paginateDescribeFileSystems({ client: clients.get(FSxClient), pageSize: 100 }, {}),
    items: (page) => page.FileSystems,
    resource: (fs) => {
      if (!fs.FileSystemId || !fs.ResourceARN || GONE_LIFECYCLES.has(fs.Lifecycle ?? '')) return undefined;
      const tags = tagsFromList(fs.Tags);
      return {
        arn: fs.ResourceARN,
        id: fs.FileSystemId,
        name: tags.Name,
        createdAt: fs.CreationTime,
        tags,
        details: {
          fileSystemType: fs.FileSystemType,
          lifecycle: fs.Lifecycle,
          storageCapacityGiB: fs.StorageCapacity,
          deploymentType: fs.LustreConfiguration?.DeploymentType ?? fs.WindowsConfiguration?.DeploymentType,
        },
      };
    },
  },

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const fsx = clients.get(FSxClient);
    // Read again: the type decides the configuration block, and a data repository may have been linked since.
    const fs = await describeFileSystem(fsx, resource.id);
    if (fs.FileSystemType === 'ONTAP') {
      return { status: 'skipped', reason: 'an ONTAP file system: its volumes and storage virtual machines must be deleted first, by hand' };
    }
    if (options.backup && s3Linked(fs)) {
      return { status: 'skipped', reason: 'linked to an S3 data repository: FSx cannot take a final backup, and backups are required' };
    }
    const takeBackup = options.backup && !scratch(fs);
    const backupName = finalSnapshotIdentifier(resource.id, new Date());
    // With FinalBackupTags, FSx copies none of the file system's tags (the mark included) to the backup
    // (https://docs.aws.amazon.com/fsx/latest/APIReference/API_WindowsFileSystemConfiguration.html, CopyTagsToBackups).
    const backup: FinalBackup = takeBackup
      ? {
          SkipFinalBackup: false,
          FinalBackupTags: [
            { Key: 'Name', Value: backupName },
            { Key: BACKUP_OF_TAG, Value: resource.id },
            { Key: EXEMPT_TAG, Value: 'true' },
          ],
        }
      : { SkipFinalBackup: true };
    const output = await fsx.send(new DeleteFileSystemCommand(deleteInput(fs, resource.id, backup)));
    if (!takeBackup) {
      const why = options.backup ? 'a scratch file system keeps no backup' : 'no final backup (backups are off)';
      return { status: 'started', note: `deletion takes several minutes; ${why}` };
    }
    const backupId = finalBackupIdOf(output);
    return {
      status: 'started',
      note: 'deletion takes several minutes',
      backup: `final backup ${backupId ?? backupName} (Name=${backupName}, tagged ${EXEMPT_TAG}=true)`,
    };
  },

  // Type, storage, throughput, network, Active Directory or data repository settings: one DescribeFileSystems.
  describe: (clients, resource) => configurationOr(resource, () => describeFileSystem(clients.get(FSxClient), resource.id)),

  consoleUrl: (r) => `${consoleBase(r.region)}/fsx/home?region=${r.region}#file-system-details/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const price = STORAGE_PRICE_PER_GB[String(r.details?.fileSystemType)];
    const gib = r.details?.storageCapacityGiB;
    if (price === undefined || typeof gib !== 'number') return undefined;
    return `~$${Math.round(price * gib)}/month storage (${gib} GiB) + throughput`;
  },
});

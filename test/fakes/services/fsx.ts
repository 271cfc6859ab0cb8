import {
  DeleteFileSystemCommand,
  type DeleteFileSystemCommandInput,
  DescribeFileSystemsCommand,
  type FileSystem,
  FSxClient,
  ListTagsForResourceCommand,
  type Tag,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-fsx';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * Amazon FSx file systems (`fsx:file-system`) and the final backups their deletion leaves
 * (`fsx:backup`). DeleteFileSystem moves a file system to DELETING; `finishFsxDeletions` plays the
 * minutes after. Final backups follow the per-type defaults of
 * https://docs.aws.amazon.com/fsx/latest/APIReference/API_DeleteFileSystem.html.
 */

const FILE_SYSTEM = 'fsx:file-system';
export const FSX_BACKUP = 'fsx:backup';

export interface SeedFsxOptions {
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** WINDOWS unless given. */
  fileSystemType?: 'WINDOWS' | 'LUSTRE' | 'OPENZFS' | 'ONTAP';
  /** Lustre: PERSISTENT_2 unless given; Windows: SINGLE_AZ_2. */
  deploymentType?: string;
  /** Lustre linked to S3 by an import path. */
  s3ImportPath?: string;
  /** OpenZFS child volumes below the root volume; ONTAP volumes. */
  childVolumes?: number;
  lifecycle?: string;
  storageCapacity?: number;
}

export function seedFsxFileSystem(account: FakeAccount, options: SeedFsxOptions = {}): FakeResource {
  const id = account.nextId('fs-0');
  const region = options.region ?? 'eu-west-1';
  const type = options.fileSystemType ?? 'WINDOWS';
  return account.put({
    type: FILE_SYSTEM,
    arn: buildArn('fsx', region, account.accountId, `file-system/${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      fileSystemType: type,
      deploymentType: options.deploymentType ?? (type === 'LUSTRE' ? 'PERSISTENT_2' : type === 'WINDOWS' ? 'SINGLE_AZ_2' : undefined),
      s3ImportPath: options.s3ImportPath,
      childVolumes: options.childVolumes ?? 0,
      lifecycle: options.lifecycle ?? 'AVAILABLE',
      storageCapacity: options.storageCapacity ?? (type === 'LUSTRE' ? 1200 : 32),
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

export function fsxBackups(account: FakeAccount): FakeResource[] {
  return account.list(FSX_BACKUP);
}

/** What FSx does minutes later: every file system in DELETING is gone. */
export function finishFsxDeletions(account: FakeAccount): void {
  for (const fs of account.list(FILE_SYSTEM)) if (fs.data.lifecycle === 'DELETING') account.remove(fs.arn);
}

function description(fs: FakeResource): FileSystem {
  const d = fs.data;
  return {
    FileSystemId: d.id,
    ResourceARN: fs.arn,
    FileSystemType: d.fileSystemType,
    Lifecycle: d.lifecycle,
    StorageCapacity: d.storageCapacity,
    CreationTime: d.createdAt,
    OwnerId: fs.arn.split(':')[4],
    Tags: tagList(fs.tags),
    WindowsConfiguration: d.fileSystemType === 'WINDOWS' ? { DeploymentType: d.deploymentType, ThroughputCapacity: 32 } : undefined,
    LustreConfiguration:
      d.fileSystemType === 'LUSTRE'
        ? { DeploymentType: d.deploymentType, DataRepositoryConfiguration: d.s3ImportPath ? { ImportPath: d.s3ImportPath } : undefined }
        : undefined,
    OpenZFSConfiguration: d.fileSystemType === 'OPENZFS' ? { DeploymentType: 'SINGLE_AZ_2', ThroughputCapacity: 160 } : undefined,
    OntapConfiguration: d.fileSystemType === 'ONTAP' ? { DeploymentType: 'SINGLE_AZ_1', ThroughputCapacity: 128 } : undefined,
  };
}

function fileSystemIn(account: FakeAccount, id: string, region: string): FakeResource {
  const fs = account.findBy(FILE_SYSTEM, 'id', id, region);
  if (!fs) throw new FakeAwsError('FileSystemNotFound', `File system '${id}' does not exist.`);
  return fs;
}

const badRequest = (message: string) => new FakeAwsError('BadRequest', message);

type BackupBlock = { SkipFinalBackup?: boolean; FinalBackupTags?: Tag[]; Options?: string[] };

/** Whether FSx takes a final backup, and refusals, by the file system's type and the request's block. */
function finalBackupWanted(fs: FakeResource, block: BackupBlock | undefined): boolean {
  const d = fs.data;
  // Windows and OpenZFS back up unless told not to; Lustre only when asked (SkipFinalBackup false).
  const wanted = d.fileSystemType === 'LUSTRE' ? block?.SkipFinalBackup === false : block?.SkipFinalBackup !== true;
  if (d.fileSystemType === 'LUSTRE' && wanted && (d.s3ImportPath || String(d.deploymentType).startsWith('SCRATCH'))) {
    throw badRequest('Backups are not supported for scratch or data-repository-linked file systems.');
  }
  return wanted;
}

function deleteFileSystem(account: FakeAccount, input: DeleteFileSystemCommandInput, region: string) {
  const fs = fileSystemIn(account, required(input, 'FileSystemId'), region);
  const d = fs.data;
  if (d.lifecycle !== 'AVAILABLE' && d.lifecycle !== 'FAILED' && d.lifecycle !== 'MISCONFIGURED') {
    throw badRequest(`File system ${d.id} is in lifecycle ${d.lifecycle} and cannot be deleted.`);
  }
  if (d.fileSystemType === 'ONTAP' && d.childVolumes > 0) {
    throw badRequest('Cannot delete a file system that has volumes or storage virtual machines.');
  }
  const block: BackupBlock | undefined = {
    WINDOWS: input.WindowsConfiguration,
    LUSTRE: input.LustreConfiguration,
    OPENZFS: input.OpenZFSConfiguration,
  }[d.fileSystemType as string];
  if (d.fileSystemType === 'OPENZFS' && d.childVolumes > 0 && !block?.Options?.includes('DELETE_CHILD_VOLUMES_AND_SNAPSHOTS')) {
    throw badRequest('The file system has child volumes; use DELETE_CHILD_VOLUMES_AND_SNAPSHOTS to delete them.');
  }
  let FinalBackupId: string | undefined;
  if (d.fileSystemType !== 'ONTAP' && finalBackupWanted(fs, block)) {
    FinalBackupId = account.nextId('backup-0');
    const tags = Object.fromEntries((block?.FinalBackupTags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    account.put({
      type: FSX_BACKUP,
      arn: buildArn('fsx', region, account.accountId, `backup/${FinalBackupId}`),
      region,
      tags,
      data: { id: FinalBackupId, fileSystemId: d.id },
    });
  }
  d.lifecycle = 'DELETING';
  const response = { FinalBackupId, FinalBackupTags: block?.FinalBackupTags };
  return {
    FileSystemId: d.id,
    Lifecycle: 'DELETING' as const,
    WindowsResponse: d.fileSystemType === 'WINDOWS' ? response : undefined,
    LustreResponse: d.fileSystemType === 'LUSTRE' ? response : undefined,
    OpenZFSResponse: d.fileSystemType === 'OPENZFS' ? response : undefined,
  };
}

export function installFsx(account: FakeAccount) {
  const stub = fakeService(FSxClient, account);

  handle(stub, account, 'fsx', DescribeFileSystemsCommand, (input, region) => {
    if (input.MaxResults !== undefined && input.MaxResults < 1) throw badRequest('MaxResults must be at least 1.');
    if (input.FileSystemIds) return { FileSystems: input.FileSystemIds.map((id) => description(fileSystemIn(account, id, region))) };
    const pageSize = Math.min(input.MaxResults ?? 2147483647, account.defaultPageSize);
    const { page, next } = paginate(account.list(FILE_SYSTEM, region), input.NextToken, pageSize);
    return { FileSystems: page.map(description), NextToken: next };
  });

  handle(stub, account, 'fsx', DeleteFileSystemCommand, (input, region) => deleteFileSystem(account, input, region));

  // Handled so that a per-file-system tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'fsx', ListTagsForResourceCommand, (input) => ({
    Tags: tagList(account.get(required(input, 'ResourceARN')).tags),
  }));
  handle(stub, account, 'fsx', TagResourceCommand, (input) => {
    account.setTags(required(input, 'ResourceARN'), Object.fromEntries(required(input, 'Tags').map((t) => [t.Key ?? '', t.Value ?? ''])));
    return {};
  });
  handle(stub, account, 'fsx', UntagResourceCommand, (input) => {
    account.removeTags(required(input, 'ResourceARN'), required(input, 'TagKeys'));
    return {};
  });

  return stub;
}

import {
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeFileSystemsCommand,
  DescribeMountTargetsCommand,
  EFSClient,
  type FileSystemDescription,
  type LifeCycleState,
  ListTagsForResourceCommand,
  type MountTargetDescription,
} from '@aws-sdk/client-efs';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * EFS file systems (`elasticfilesystem:file-system`) and their mount targets (kept in the file
 * system's data: mount targets are not taggable resources). DeleteMountTarget leaves a target
 * `deleting`, and DeleteFileSystem fails with FileSystemInUse until `finishEfsDeletions` removes it.
 */

const FILE_SYSTEM = 'elasticfilesystem:file-system';

export interface FakeMountTarget {
  id: string;
  subnetId: string;
  networkInterfaceId: string;
  state: LifeCycleState;
}

export interface SeedFileSystemOptions {
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** Number of mount targets (one per subnet), none unless given. */
  mountTargets?: number;
  standardBytes?: number;
  /** LifeCycleState, `available` unless given. */
  state?: string;
  /** FileSystemProtection.ReplicationOverwriteProtection; `REPLICATING` for a replication destination. */
  replicationOverwriteProtection?: 'ENABLED' | 'DISABLED' | 'REPLICATING';
}

export function seedFileSystem(account: FakeAccount, options: SeedFileSystemOptions = {}): FakeResource {
  const id = account.nextId('fs-');
  const region = options.region ?? 'eu-west-1';
  const mountTargets: FakeMountTarget[] = Array.from({ length: options.mountTargets ?? 0 }, (_, i) => ({
    id: account.nextId('fsmt-'),
    subnetId: `subnet-${i + 1}`,
    networkInterfaceId: account.nextId('eni-'),
    state: 'available',
  }));
  return account.put({
    type: FILE_SYSTEM,
    arn: buildArn('elasticfilesystem', region, account.accountId, `file-system/${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      createdAt: options.createdAt ?? new Date(),
      state: options.state ?? 'available',
      standardBytes: options.standardBytes ?? 6144,
      mountTargets,
      replicationOverwriteProtection: options.replicationOverwriteProtection ?? 'ENABLED',
    },
  });
}

export function mountTargetsOf(fileSystem: FakeResource): FakeMountTarget[] {
  return fileSystem.data.mountTargets;
}

/** What EFS does a minute later: mount targets and file systems in `deleting` are gone. */
export function finishEfsDeletions(account: FakeAccount): void {
  for (const fs of account.list(FILE_SYSTEM)) {
    fs.data.mountTargets = mountTargetsOf(fs).filter((t) => t.state !== 'deleting');
    if (fs.data.state === 'deleting') account.remove(fs.arn);
  }
}

function fileSystemIn(account: FakeAccount, id: string, region: string): FakeResource {
  const fs = account.findBy(FILE_SYSTEM, 'id', id, region);
  if (!fs) throw new FakeAwsError('FileSystemNotFound', `File system '${id}' does not exist.`);
  return fs;
}

/** EFS pages with Marker/NextMarker; at most `account.defaultPageSize` per page to exercise them. */
function page<T>(account: FakeAccount, items: readonly T[], input: { MaxItems?: number; Marker?: string }) {
  if (input.MaxItems !== undefined && input.MaxItems < 1) throw new FakeAwsError('BadRequest', 'MaxItems must be at least 1.');
  return paginate(items, input.Marker || undefined, Math.min(input.MaxItems ?? 100, account.defaultPageSize));
}

function description(account: FakeAccount, fs: FakeResource): FileSystemDescription {
  const name = fs.tags.Name;
  return {
    OwnerId: account.accountId,
    CreationToken: `token-${fs.data.id}`,
    FileSystemId: fs.data.id,
    FileSystemArn: fs.arn,
    CreationTime: fs.data.createdAt,
    LifeCycleState: fs.data.state,
    Name: name,
    NumberOfMountTargets: mountTargetsOf(fs).length,
    SizeInBytes: { Value: fs.data.standardBytes, ValueInStandard: fs.data.standardBytes, ValueInIA: 0 },
    PerformanceMode: 'generalPurpose',
    FileSystemProtection: { ReplicationOverwriteProtection: fs.data.replicationOverwriteProtection },
    Tags: tagList(fs.tags),
  };
}

export function installEfs(account: FakeAccount) {
  const stub = fakeService(EFSClient, account);

  handle(stub, account, 'efs', DescribeFileSystemsCommand, (input, region) => {
    if (input.FileSystemId) return { FileSystems: [description(account, fileSystemIn(account, input.FileSystemId, region))] };
    const { page: fileSystems, next } = page(account, account.list(FILE_SYSTEM, region), input);
    return { FileSystems: fileSystems.map((fs) => description(account, fs)), Marker: input.Marker, NextMarker: next };
  });

  handle(stub, account, 'efs', DescribeMountTargetsCommand, (input, region) => {
    if (!input.FileSystemId) throw new FakeAwsError('BadRequest', 'FileSystemId, MountTargetId or AccessPointId is required.');
    const fs = fileSystemIn(account, input.FileSystemId, region);
    const { page: targets, next } = page(account, mountTargetsOf(fs), input);
    return {
      MountTargets: targets.map(
        (t): MountTargetDescription => ({
          MountTargetId: t.id,
          FileSystemId: fs.data.id,
          SubnetId: t.subnetId,
          NetworkInterfaceId: t.networkInterfaceId,
          LifeCycleState: t.state,
          OwnerId: account.accountId,
        }),
      ),
      NextMarker: next,
    };
  });

  handle(stub, account, 'efs', DeleteMountTargetCommand, (input, region) => {
    const target = account
      .list(FILE_SYSTEM, region)
      .flatMap(mountTargetsOf)
      .find((t) => t.id === input.MountTargetId);
    if (!target) throw new FakeAwsError('MountTargetNotFound', `Mount target '${input.MountTargetId}' does not exist.`);
    if (target.state !== 'available')
      throw new FakeAwsError('IncorrectMountTargetState', `Mount target '${target.id}' is ${target.state}.`);
    target.state = 'deleting';
    return {};
  });

  handle(stub, account, 'efs', DeleteFileSystemCommand, (input, region) => {
    const fs = fileSystemIn(account, required(input, 'FileSystemId'), region);
    // Mount targets still `deleting` keep it in use, as in EFS.
    if (mountTargetsOf(fs).length > 0) throw new FakeAwsError('FileSystemInUse', `File system '${fs.data.id}' is in use.`);
    account.remove(fs.arn);
    return {};
  });

  // Handled so that a per-file-system tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'efs', ListTagsForResourceCommand, (input) => ({
    Tags: tagList(account.list(FILE_SYSTEM).find((fs) => fs.data.id === input.ResourceId)?.tags ?? {}),
  }));

  return stub;
}

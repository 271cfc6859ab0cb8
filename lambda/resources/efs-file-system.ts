import {
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeFileSystemsCommand,
  EFSClient,
  paginateDescribeFileSystems,
  paginateDescribeMountTargets,
} from '@aws-sdk/client-efs';
import { consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** A file system (or mount target) on its way out is not inventory, and not deleted twice. */
const GONE_STATES = new Set(['deleting', 'deleted']);

/** EFS Standard storage, us-east-1. */
const STANDARD_PER_GB_MONTH = 0.3;
const GIB = 1024 ** 3;

/** EFS file systems with their mount targets. */
export const efsFileSystem = pagedType({
  // Tagging API type (AWS::EFS::FileSystem in Tag Editor / Resource Explorer),
  // ARN `arn:aws:elasticfilesystem:{region}:{account}:file-system/{id}` (FileSystemArn).
  id: 'elasticfilesystem:file-system',
  label: 'EFS file system',
  // DescribeFileSystems returns Tags with every file system: no tag join needed.
  tagsFromList: true,
  iam: {
    read: ['elasticfilesystem:DescribeFileSystems'],
    tag: ['elasticfilesystem:TagResource', 'elasticfilesystem:UntagResource'],
    // DeleteMountTarget also needs ec2:DeleteNetworkInterface on the mount target's interface (EFS API reference).
    delete: [
      'elasticfilesystem:DescribeFileSystems',
      'elasticfilesystem:DescribeMountTargets',
      'elasticfilesystem:DeleteMountTarget',
      'elasticfilesystem:DeleteFileSystem',
    ],
    deleteUnconditioned: ['ec2:DeleteNetworkInterface'],
    deleteUnconditionedReason:
      "DeleteMountTarget also deletes the mount target's network interface with the caller's ec2:DeleteNetworkInterface permission; that interface never carries the file system's mark. Granted only when an AWS service makes the call on the janitor's behalf, never to the janitor's own direct calls.",
    // EFS makes that call with the caller's identity (a forward access session), where
    // aws:ViaAWSService is true; a direct DeleteNetworkInterface has it false:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
    deleteUnconditionedConditions: { 'ec2:DeleteNetworkInterface': { Bool: { 'aws:ViaAWSService': 'true' } } },
  },
  // After the instances that mount it (10); before the security groups its mount targets use (80).
  deletionOrder: 30,

  listing: {
    // MaxItems defaults to 100, the page EFS serves anyway.
    pages: (clients) => paginateDescribeFileSystems({ client: clients.get(EFSClient), pageSize: 100 }, {}),
    items: (page) => page.FileSystems,
    resource: (fs) => {
      if (!fs.FileSystemId || !fs.FileSystemArn || GONE_STATES.has(fs.LifeCycleState ?? '')) return undefined;
      return {
        arn: fs.FileSystemArn,
        id: fs.FileSystemId,
        // EFS's Name is the Name tag.
        name: fs.Name,
        createdAt: fs.CreationTime,
        tags: tagsFromList(fs.Tags),
        details: {
          state: fs.LifeCycleState,
          mountTargets: fs.NumberOfMountTargets,
          standardBytes: fs.SizeInBytes?.ValueInStandard ?? fs.SizeInBytes?.Value,
          replicationOverwriteProtection: fs.FileSystemProtection?.ReplicationOverwriteProtection,
        },
      };
    },
  },

  async delete(clients, resource, options) {
    const efs = clients.get(EFSClient);
    // Read again: it may have become a replication destination since the listing.
    const { FileSystems } = await efs.send(new DescribeFileSystemsCommand({ FileSystemId: resource.id }));
    if (FileSystems?.[0]?.FileSystemProtection?.ReplicationOverwriteProtection === 'REPLICATING') {
      return { status: 'skipped', reason: 'replication destination: delete the replication configuration on the source first' };
    }

    // Mount targets must go first. Their deletion is asynchronous: DeleteFileSystem fails with
    // FileSystemInUse until they are gone, which the engine retries in a later wave or run.
    let mountTargetsDeleted = 0;
    for await (const page of paginateDescribeMountTargets({ client: efs, pageSize: 100 }, { FileSystemId: resource.id })) {
      for (const target of page.MountTargets ?? []) {
        if (!target.MountTargetId || GONE_STATES.has(target.LifeCycleState ?? '')) continue;
        await efs.send(new DeleteMountTargetCommand({ MountTargetId: target.MountTargetId }));
        mountTargetsDeleted += 1;
      }
    }
    await efs.send(new DeleteFileSystemCommand({ FileSystemId: resource.id }));

    const notes = [
      ...(mountTargetsDeleted > 0 ? [`${mountTargetsDeleted} mount target(s) deleted first`] : []),
      // EFS has no final snapshot; only AWS Backup, which is not instantaneous.
      ...(options.backup ? ['EFS keeps no final backup'] : []),
    ];
    return notes.length > 0 ? { status: 'deleted', note: notes.join('; ') } : { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/efs/home?region=${r.region}#/file-systems/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const bytes = r.details?.standardBytes;
    if (typeof bytes !== 'number') return undefined;
    const gb = bytes / GIB;
    const monthly = gb * STANDARD_PER_GB_MONTH;
    const size = gb < 1 ? '<1 GB' : `${Math.round(gb)} GB`;
    return monthly < 1 ? `<$1/month (${size} Standard)` : `~$${Math.round(monthly)}/month (${size} Standard at $0.30/GB-month)`;
  },
});

import {
  CreateSnapshotCommand,
  DeleteVolumeCommand,
  DescribeVolumesCommand,
  EC2Client,
  paginateDescribeVolumes,
  type Volume,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { EXEMPT_TAG } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, theOne } from './configuration';
import { BACKUP_OF_TAG } from './ebs-snapshot';
import { pagedType } from './paged-list';
import { RetryLaterError } from './resource-type';

/** Volumes on their way out are not inventory. */
const GONE_STATES = new Set(['deleting', 'deleted']);

/** us-east-1 storage price per GB-month by volume type (provisioned IOPS and throughput cost extra). */
const PRICE_PER_GB_MONTH: Readonly<Record<string, number>> = {
  gp3: 0.08,
  gp2: 0.1,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05,
};

/**
 * CloudFormation's tags do not reach volumes created from an instance's block device mapping, so an
 * attached volume would look hand-made. It lives and dies with its instance instead.
 */
function attachmentProtection(volume: Volume): string | undefined {
  const instanceIds = (volume.Attachments ?? []).flatMap((a) => (a.InstanceId ? [a.InstanceId] : []));
  if (instanceIds.length === 1) return `attached to instance ${instanceIds[0]}; it follows that instance`;
  if (instanceIds.length > 1) return `attached to instances ${instanceIds.join(', ')}; it follows those instances`;
  if (volume.State === 'in-use') return 'in use by an instance; it follows that instance';
  return undefined;
}

/**
 * Re-reads the volume before a backup: one attached since the listing would fail DeleteVolume
 * anyway, and a snapshot taken now would be left behind with every retry.
 */
async function ensureDetached(ec2: EC2Client, volumeId: string): Promise<void> {
  const { Volumes } = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
  const volume = Volumes?.[0];
  const reason = volume ? attachmentProtection(volume) : undefined;
  if (reason) throw new RetryLaterError(`volume ${volumeId} is ${reason}`);
}

/** Tagged on creation, so there is no moment where the backup is itself an untagged candidate. */
async function createBackup(ec2: EC2Client, volumeId: string): Promise<string> {
  const { SnapshotId } = await ec2.send(
    new CreateSnapshotCommand({
      VolumeId: volumeId,
      Description: `janitor backup of ${volumeId} before deletion`,
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [
            { Key: BACKUP_OF_TAG, Value: volumeId },
            { Key: EXEMPT_TAG, Value: 'true' },
          ],
        },
      ],
    }),
  );
  if (!SnapshotId) throw new Error(`CreateSnapshot returned no snapshot id for ${volumeId}; the volume is kept`);
  return SnapshotId;
}

export const ebsVolume = pagedType({
  id: 'ec2:volume',
  label: 'EBS volume',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeVolumes'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    // CreateSnapshot authorizes against the marked volume (conditioned) and the new snapshot, which
    // has no tags yet (unconditioned, snapshots only). Tagging the backup on creation is authorized
    // as CreateTags on the new snapshot.
    delete: ['ec2:CreateSnapshot', 'ec2:DeleteVolume'],
    deleteUnconditioned: ['ec2:DescribeVolumes', 'ec2:CreateSnapshot', 'ec2:CreateTags'],
    deleteUnconditionedReason:
      'DescribeVolumes has no resource-level permissions; the backup snapshot is new, so it cannot carry the mark when CreateSnapshot and CreateTags authorize against it.',
    resources: {
      deleteUnconditioned: {
        'ec2:CreateSnapshot': ['arn:${Partition}:ec2:*::snapshot/*'],
        'ec2:CreateTags': ['arn:${Partition}:ec2:*::snapshot/*'],
      },
    },
    // Tagging on creation is CreateTags with ec2:CreateAction, and only the backup's own keys:
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
    deleteUnconditionedConditions: {
      'ec2:CreateTags': {
        StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [BACKUP_OF_TAG, EXEMPT_TAG] },
      },
    },
  },

  listing: {
    pages: (clients) => paginateDescribeVolumes({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.Volumes,
    resource: (volume, { region, accountId }) => {
      if (!volume.VolumeId || GONE_STATES.has(volume.State ?? '')) return undefined;
      const tags = tagsFromList(volume.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `volume/${volume.VolumeId}`),
        id: volume.VolumeId,
        name: tags.Name,
        createdAt: volume.CreateTime,
        tags,
        protectedBecause: attachmentProtection(volume),
        details: { state: volume.State, sizeGiB: volume.Size, volumeType: volume.VolumeType },
      };
    },
  },

  /**
   * With `backup`, a snapshot is started first: EBS snapshots are point-in-time as of the
   * CreateSnapshot call, so the volume can go while the snapshot completes. EC2 itself refuses
   * (VolumeInUse) if the volume is attached between the check and the delete.
   */
  async delete(clients, resource, options) {
    const ec2 = clients.get(EC2Client);
    let snapshotId: string | undefined;
    if (options.backup) {
      await ensureDetached(ec2, resource.id);
      snapshotId = await createBackup(ec2, resource.id);
    }
    await ec2.send(new DeleteVolumeCommand({ VolumeId: resource.id }));
    return snapshotId ? { status: 'deleted', backup: `snapshot ${snapshotId} (tagged ${EXEMPT_TAG}=true)` } : { status: 'deleted' };
  },

  // Size, type, IOPS, throughput, encryption, zone, tags: one DescribeVolumes.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { Volumes } = await clients.get(EC2Client).send(new DescribeVolumesCommand({ VolumeIds: [resource.id] }));
      return theOne(Volumes, `volume ${resource.id}`);
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#VolumeDetails:volumeId=${r.id}`,

  costHint(resource) {
    const size = resource.details?.sizeGiB;
    const volumeType = String(resource.details?.volumeType);
    const price = PRICE_PER_GB_MONTH[volumeType];
    if (typeof size !== 'number' || price === undefined) return undefined;
    const extra = volumeType === 'io1' || volumeType === 'io2' ? ' + provisioned IOPS' : '';
    return `~$${(size * price).toFixed(2)}/month${extra}`;
  },
});

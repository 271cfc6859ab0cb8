import { DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, EC2Client, paginateDescribeImages, type Image } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { errorText } from '../aws/tagging';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';
import { tagsFromList } from './tag-list';

/** Standard snapshot storage, us-east-1, per GB-month. */
const SNAPSHOT_PRICE_PER_GB_MONTH = 0.05;

/** AMIs on their way out are not inventory. */
const GONE_STATES = new Set(['deregistered']);

/**
 * ARN without an account id, as for snapshots: the IAM Service Authorization Reference gives
 * `arn:${Partition}:ec2:${Region}::image/${ImageId}` (AMIs can be public or shared).
 */
export function imageArn(region: string, imageId: string): string {
  return buildArn('ec2', region, '', `image/${imageId}`);
}

function snapshotIdsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

function totalSnapshotGiB(image: Image): number {
  return (image.BlockDeviceMappings ?? []).reduce((sum, m) => sum + (m.Ebs?.VolumeSize ?? 0), 0);
}

export const ami: ResourceType = {
  id: 'ec2:image',
  label: 'AMI',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeImages'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeregisterImage'],
    deleteUnconditioned: ['ec2:DescribeImages', 'ec2:DeleteSnapshot'],
    deleteUnconditionedReason:
      "DescribeImages has no resource-level permissions; the AMI's EBS snapshots are deleted with it but never carry the AMI's mark (EC2 refuses to delete a snapshot another AMI still uses).",
  },
  // Before snapshots (default 50), which EC2 refuses to delete while an AMI still uses them.
  deletionOrder: 40,

  // Owners `self`: without it EC2 also returns every public AMI the account can launch.
  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const page of paginateDescribeImages({ client: clients.get(EC2Client), pageSize: 1000 }, { Owners: ['self'] })) {
      for (const image of page.Images ?? []) {
        if (!image.ImageId || GONE_STATES.has(image.State ?? '')) continue;
        const tags = tagsFromList(image.Tags);
        yield {
          type: 'ec2:image',
          arn: imageArn(region, image.ImageId),
          id: image.ImageId,
          name: tags.Name ?? image.Name,
          region,
          accountId,
          createdAt: image.CreationDate ? new Date(image.CreationDate) : undefined,
          tags,
          details: {
            state: image.State,
            snapshotIds: snapshotIdsOf(image).join(','),
            sizeGiB: totalSnapshotGiB(image),
          },
        } satisfies Resource;
      }
    }
  },

  /**
   * Deregisters the AMI, then deletes the snapshots that backed it: left alone they would be
   * orphans billed per GB. The snapshots are re-read from the AMI now, not taken from the listing.
   */
  async delete(clients, resource) {
    const ec2 = clients.get(EC2Client);
    const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: [resource.id], IncludeDisabled: true }));
    const snapshotIds = Images?.[0] ? snapshotIdsOf(Images[0]) : [];
    await ec2.send(new DeregisterImageCommand({ ImageId: resource.id }));

    // The AMI is gone from here on, so a snapshot that cannot go is reported rather than thrown:
    // a retry would find no AMI. It is left for the snapshot type to judge (e.g. it backs another AMI).
    const deleted: string[] = [];
    const kept: string[] = [];
    for (const snapshotId of snapshotIds) {
      try {
        await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
        deleted.push(snapshotId);
      } catch (error) {
        kept.push(`${snapshotId} (${errorText(error)})`);
      }
    }
    if (snapshotIds.length === 0) return { status: 'deleted', note: 'it had no EBS snapshots' };
    const notes = [
      ...(deleted.length > 0 ? [`deleted its snapshot${deleted.length > 1 ? 's' : ''} ${deleted.join(', ')}`] : []),
      ...(kept.length > 0 ? [`kept ${kept.join(', ')}`] : []),
    ];
    return { status: 'deleted', note: notes.join('; ') };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#ImageDetails:imageId=${r.id}`,

  costHint(resource) {
    const size = resource.details?.sizeGiB;
    if (typeof size !== 'number' || size === 0) return undefined;
    return `~$${(size * SNAPSHOT_PRICE_PER_GB_MONTH).toFixed(2)}/month for its snapshots`;
  },
};

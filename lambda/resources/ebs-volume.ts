import { DeleteVolumeCommand, EC2Client, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';
import { tagsFromList } from './tag-list';

/** Volumes on their way out are not inventory. */
const GONE_STATES = new Set(['deleting', 'deleted']);

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

export const ebsVolume: ResourceType = {
  id: 'ec2:volume',
  label: 'EBS volume',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeVolumes'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteVolume'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const page of paginateDescribeVolumes({ client: clients.get(EC2Client), pageSize: 1000 }, {})) {
      for (const volume of page.Volumes ?? []) {
        if (!volume.VolumeId || GONE_STATES.has(volume.State ?? '')) continue;
        const tags = tagsFromList(volume.Tags);
        yield {
          type: 'ec2:volume',
          arn: buildArn('ec2', region, accountId, `volume/${volume.VolumeId}`),
          id: volume.VolumeId,
          name: tags.Name,
          region,
          accountId,
          createdAt: volume.CreateTime,
          tags,
          protectedBecause: attachmentProtection(volume),
          details: { state: volume.State, sizeGiB: volume.Size, volumeType: volume.VolumeType },
        } satisfies Resource;
      }
    }
  },

  // EC2 itself refuses (VolumeInUse) if the volume was attached since it was listed.
  async delete(clients, resource) {
    await clients.get(EC2Client).send(new DeleteVolumeCommand({ VolumeId: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#VolumeDetails:volumeId=${r.id}`,
};

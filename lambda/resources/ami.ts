import {
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  EC2Client,
  type Image,
  paginateDescribeImages,
  paginateDescribeSnapshots,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { MARK_TAG, type Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { errorText } from '../util/errors';
import { pagedType } from './paged-list';

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

/**
 * Of `snapshotIds`, those another AMI of the account still uses (disabled AMIs included), with that
 * AMI's id. The AMI being deleted is left out: EC2 may still return it for a while after deregistration.
 */
async function snapshotsOfOtherImages(ec2: EC2Client, imageId: string, snapshotIds: readonly string[]): Promise<Map<string, string>> {
  const users = new Map<string, string>();
  const filter = {
    Owners: ['self'],
    IncludeDisabled: true,
    Filters: [{ Name: 'block-device-mapping.snapshot-id', Values: [...snapshotIds] }],
  };
  for await (const page of paginateDescribeImages({ client: ec2, pageSize: 1000 }, filter)) {
    for (const image of page.Images ?? []) {
      if (!image.ImageId || image.ImageId === imageId || GONE_STATES.has(image.State ?? '')) continue;
      for (const snapshotId of snapshotIdsOf(image)) if (snapshotIds.includes(snapshotId)) users.set(snapshotId, image.ImageId);
    }
  }
  return users;
}

/** The tags of those of `snapshotIds` the account owns; one it does not own (or that is gone) is absent. */
async function ownSnapshotTags(ec2: EC2Client, snapshotIds: readonly string[]): Promise<Map<string, Tags>> {
  const tags = new Map<string, Tags>();
  if (snapshotIds.length === 0) return tags;
  // A filter rather than SnapshotIds: one id gone since the AMI was read must not fail the others.
  const filter = { OwnerIds: ['self'], Filters: [{ Name: 'snapshot-id', Values: [...snapshotIds] }] };
  for await (const page of paginateDescribeSnapshots({ client: ec2, pageSize: 1000 }, filter)) {
    for (const snapshot of page.Snapshots ?? []) if (snapshot.SnapshotId) tags.set(snapshot.SnapshotId, tagsFromList(snapshot.Tags));
  }
  return tags;
}

function totalSnapshotGiB(image: Image): number {
  return (image.BlockDeviceMappings ?? []).reduce((sum, m) => sum + (m.Ebs?.VolumeSize ?? 0), 0);
}

/**
 * Takes off the mark written on a snapshot whose deletion then failed: it was written for that
 * deletion only, and a snapshot that stays is judged by the snapshot type on its own tags.
 * Returns what to add to the snapshot's note.
 */
async function unmark(ec2: EC2Client, snapshotId: string, mark: string): Promise<string> {
  try {
    // With the value: a mark someone else wrote meanwhile is not taken off.
    await ec2.send(new DeleteTagsCommand({ Resources: [snapshotId], Tags: [{ Key: MARK_TAG, Value: mark }] }));
    return '; its mark was removed again';
  } catch (error) {
    return `; its mark could not be removed: ${errorText(error)}`;
  }
}

export const ami = pagedType({
  id: 'ec2:image',
  label: 'AMI',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeImages'],
    // CreateTags/DeleteTags also carry the AMI's mark onto its snapshots just before deleting them
    // (and take it off again should the deletion fail), so DeleteSnapshot is conditioned like the rest.
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeregisterImage', 'ec2:DeleteSnapshot'],
    deleteUnconditioned: ['ec2:DescribeImages', 'ec2:DescribeSnapshots'],
    deleteUnconditionedReason:
      "DescribeImages and DescribeSnapshots have no resource-level permissions: deletion re-reads the AMI's snapshots, which other AMIs still use them, and their tags.",
  },
  // Before snapshots (default 50), which EC2 refuses to delete while an AMI still uses them.
  deletionOrder: 40,

  // Owners `self`: without it EC2 also returns every public AMI the account can launch.
  listing: {
    pages: (clients) => paginateDescribeImages({ client: clients.get(EC2Client), pageSize: 1000 }, { Owners: ['self'] }),
    items: (page) => page.Images,
    resource: (image, { region }) => {
      if (!image.ImageId || GONE_STATES.has(image.State ?? '')) return undefined;
      const tags = tagsFromList(image.Tags);
      return {
        arn: imageArn(region, image.ImageId),
        id: image.ImageId,
        name: tags.Name ?? image.Name,
        createdAt: image.CreationDate ? new Date(image.CreationDate) : undefined,
        tags,
        details: {
          state: image.State,
          snapshotIds: snapshotIdsOf(image).join(','),
          sizeGiB: totalSnapshotGiB(image),
        },
      };
    },
  },

  /**
   * Deregisters the AMI, then deletes the snapshots that backed it: left alone they would be
   * orphans billed per GB. The snapshots are re-read from the AMI now, not taken from the listing.
   *
   * DeleteSnapshot is granted only on snapshots carrying the mark, which an AMI's snapshots never
   * do by themselves: each one without it first gets the AMI's own mark (same value), then is
   * deleted. A snapshot another AMI still uses is neither marked nor deleted.
   */
  async delete(clients, resource) {
    const ec2 = clients.get(EC2Client);
    const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: [resource.id], IncludeDisabled: true }));
    const snapshotIds = Images?.[0] ? [...new Set(snapshotIdsOf(Images[0]))] : [];
    // Read before anything changes, so a failed read leaves the AMI in place for a later retry.
    const usedElsewhere = snapshotIds.length > 0 ? await snapshotsOfOtherImages(ec2, resource.id, snapshotIds) : new Map<string, string>();
    const tagsOf = await ownSnapshotTags(
      ec2,
      snapshotIds.filter((id) => !usedElsewhere.has(id)),
    );
    await ec2.send(new DeregisterImageCommand({ ImageId: resource.id }));
    if (snapshotIds.length === 0) return { status: 'deleted', note: 'it had no EBS snapshots' };

    // The AMI is gone from here on, so a snapshot that cannot go is reported rather than thrown:
    // a retry would find no AMI. It is left, without a mark from here, for the snapshot type to judge.
    // The engine deletes only marked AMIs; should one come without a mark there is nothing to pass
    // on, and IAM refuses DeleteSnapshot on a snapshot that does not carry a mark of its own.
    const mark = resource.tags[MARK_TAG];
    const deleted: string[] = [];
    const kept: string[] = [];
    for (const snapshotId of snapshotIds) {
      const otherImage = usedElsewhere.get(snapshotId);
      const tags = tagsOf.get(snapshotId);
      if (otherImage) {
        kept.push(`${snapshotId} (it also backs ${otherImage})`);
        continue;
      }
      if (!tags) {
        kept.push(`${snapshotId} (not among the account's snapshots any more)`);
        continue;
      }
      let marked: string | undefined;
      try {
        if (mark !== undefined && tags[MARK_TAG] === undefined) {
          await ec2.send(new CreateTagsCommand({ Resources: [snapshotId], Tags: [{ Key: MARK_TAG, Value: mark }] }));
          marked = mark;
        }
        await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
        deleted.push(snapshotId);
      } catch (error) {
        kept.push(`${snapshotId} (${errorText(error)}${marked !== undefined ? await unmark(ec2, snapshotId, marked) : ''})`);
      }
    }
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
});

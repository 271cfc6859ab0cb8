import { DeleteSnapshotCommand, EC2Client, paginateDescribeImages, paginateDescribeSnapshots, type Snapshot } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import type { ResourceType } from './resource-type';

/** Written by the EBS volume type on the snapshot it takes before deleting a volume. */
export const BACKUP_OF_TAG = 'janitor:backup-of';

/** us-east-1 price per GB-month by storage tier; snapshots are incremental, so the volume size is an upper bound. */
const PRICE_PER_GB_MONTH: Readonly<Record<string, number>> = { archive: 0.0125 };
const STANDARD_PRICE_PER_GB_MONTH = 0.05;

/**
 * ARN without an account id: the format of the IAM Service Authorization Reference ("Resource
 * types defined by Amazon EC2": `arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}`), also
 * what AWS Backup reports as a snapshot's recovery point ARN and what Terraform's
 * `aws_ebs_snapshot.arn` holds. Snapshots can be shared across accounts, so the ARN names none.
 */
export function snapshotArn(region: string, snapshotId: string): string {
  return buildArn('ec2', region, '', `snapshot/${snapshotId}`);
}

/**
 * Snapshot id → the id of the AMI it backs, for every AMI the account owns. One paginated sweep per
 * listing, not one call per snapshot. Disabled AMIs count: they still hold their snapshots.
 */
async function amiBySnapshot(ec2: EC2Client): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for await (const page of paginateDescribeImages({ client: ec2, pageSize: 1000 }, { Owners: ['self'], IncludeDisabled: true })) {
    for (const image of page.Images ?? []) {
      for (const mapping of image.BlockDeviceMappings ?? []) {
        if (mapping.Ebs?.SnapshotId && image.ImageId) owners.set(mapping.Ebs.SnapshotId, image.ImageId);
      }
    }
  }
  return owners;
}

function protection(tags: Tags, backedAmi: string | undefined): string | undefined {
  // Also exempt by tag; this holds even if someone strips the exemption from the janitor's own backup.
  if (tags[BACKUP_OF_TAG] !== undefined) return 'backup taken by the janitor';
  // DeleteSnapshot would fail anyway (InvalidSnapshot.InUse); the AMI type deletes both together.
  if (backedAmi) return `backs AMI ${backedAmi}; it goes with that AMI`;
  return undefined;
}

function toResource(
  snapshot: Snapshot & { SnapshotId: string },
  region: string,
  accountId: string,
  backedAmi: string | undefined,
): Resource {
  const tags = tagsFromList(snapshot.Tags);
  return {
    type: 'ec2:snapshot',
    arn: snapshotArn(region, snapshot.SnapshotId),
    id: snapshot.SnapshotId,
    name: tags.Name,
    region,
    accountId,
    createdAt: snapshot.StartTime,
    tags,
    protectedBecause: protection(tags, backedAmi),
    details: {
      state: snapshot.State,
      sizeGiB: snapshot.VolumeSize,
      volumeId: snapshot.VolumeId,
      storageTier: snapshot.StorageTier,
      description: snapshot.Description,
    },
  };
}

export const ebsSnapshot: ResourceType = {
  id: 'ec2:snapshot',
  label: 'EBS snapshot',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeSnapshots', 'ec2:DescribeImages'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteSnapshot'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    const ec2 = clients.get(EC2Client);
    let backedAmis: Map<string, string> | undefined;
    // `self` only: without it EC2 also returns every public snapshot and those shared with the account.
    for await (const page of paginateDescribeSnapshots({ client: ec2, pageSize: 1000 }, { OwnerIds: ['self'] })) {
      // Read once the first page is in, so an account without snapshots costs no DescribeImages call.
      backedAmis ??= await amiBySnapshot(ec2);
      for (const snapshot of page.Snapshots ?? []) {
        const { SnapshotId } = snapshot;
        if (!SnapshotId) continue;
        yield toResource({ ...snapshot, SnapshotId }, region, accountId, backedAmis.get(SnapshotId));
      }
    }
  },

  // An AMI registered since the listing makes EC2 refuse with InvalidSnapshot.InUse, retried in a later wave.
  async delete(clients, resource) {
    await clients.get(EC2Client).send(new DeleteSnapshotCommand({ SnapshotId: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#SnapshotDetails:snapshotId=${r.id}`,

  costHint(resource) {
    const size = resource.details?.sizeGiB;
    if (typeof size !== 'number') return undefined;
    const price = PRICE_PER_GB_MONTH[String(resource.details?.storageTier ?? 'standard')] ?? STANDARD_PRICE_PER_GB_MONTH;
    return `~$${(size * price).toFixed(2)}/month`;
  },
};

import type { DBClusterSnapshotAttribute, DBSnapshotAttribute, Tag } from '@aws-sdk/client-rds';
import type { Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { FINAL_BACKUP_PREFIX } from './final-backup-name';
import type { ListedFacts } from './paged-list';
import type { DeletionOutcome } from './resource-type';

/**
 * What manual DB snapshots (`rds:snapshot`) and DB cluster snapshots (`rds:cluster-snapshot`) share:
 * which ones the janitor keeps, who else may depend on one, what one costs.
 */

/** The source resource AWS Backup tags its recovery points with. */
export const AWS_BACKUP_SOURCE_TAG = 'aws:backup:source-resource';

/** AWS Backup names the RDS snapshots it takes `awsbackup:job-{id}` (also their recovery point ARN). */
const AWS_BACKUP_NAME_PREFIX = 'awsbackup:';

/** A snapshot on its way out is not inventory. */
export const GONE_STATUSES = new Set(['deleting', 'deleted']);

/**
 * Why the janitor never marks or deletes this snapshot, if it does not. Never silently dropped:
 * the decision reports the reason (and takes off a mark it finds, e.g. one copied by CopyTagsToSnapshot).
 */
export function snapshotProtection(id: string, tags: Tags, status: string | undefined): string | undefined {
  // Not tagged janitor:exempt (RDS takes the final snapshot itself, with the database's tags
  // when CopyTagsToSnapshot is on, the janitor's mark included): the name is what marks it.
  if (id.startsWith(`${FINAL_BACKUP_PREFIX}-`)) {
    return `final snapshot the janitor took when it deleted the database (${FINAL_BACKUP_PREFIX}-*): delete it yourself once it is no longer needed`;
  }
  // RDS instance snapshots AWS Backup takes have SnapshotType `awsbackup`, left out by the listing; for
  // Aurora that type "does not apply" (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html),
  // so its backups come as manual cluster snapshots. Their backup plan's lifecycle deletes them.
  if (id.startsWith(AWS_BACKUP_NAME_PREFIX) || tags[AWS_BACKUP_SOURCE_TAG] !== undefined) {
    return 'created by AWS Backup: its backup plan deletes it (delete the recovery point in AWS Backup, not here)';
  }
  // RDS deletes only `available` snapshots (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSnapshot.html);
  // one still being created or copied is judged on a later night.
  if (status !== 'available') return `status ${status ?? 'unknown'}: not yet available`;
  return undefined;
}

/**
 * Why a snapshot shared with other accounts is not deleted, read at deletion time: the `restore`
 * attribute lists the accounts allowed to copy or restore it, `all` when public
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSnapshotAttribute.html).
 */
export function sharedBecause(attributes: readonly (DBSnapshotAttribute | DBClusterSnapshotAttribute)[] | undefined): string | undefined {
  const accounts = (attributes ?? []).filter((a) => a.AttributeName === 'restore').flatMap((a) => a.AttributeValues ?? []);
  if (accounts.length === 0) return undefined;
  if (accounts.includes('all')) return 'public (restore attribute "all"): someone elsewhere may depend on it; make it private first';
  return `shared with account(s) ${accounts.join(', ')}: someone there may depend on it; stop sharing it first`;
}

/**
 * RDS backup storage beyond the free allowance (100% of the region's provisioned database storage,
 * and only while those databases run), us-east-1, USD per GB-month (https://aws.amazon.com/rds/pricing/).
 * A snapshot is billed for its full size, so the allocated storage is the upper bound.
 */
const BACKUP_STORAGE_PER_GB_MONTH = 0.095;

/** E.g. "up to ~$1.90/month (20 GB; free within the region's backup allowance)". */
export function snapshotCost(allocatedGb: unknown): string | undefined {
  if (typeof allocatedGb !== 'number' || allocatedGb <= 0) return undefined;
  return `up to ~$${(allocatedGb * BACKUP_STORAGE_PER_GB_MONTH).toFixed(2)}/month (${allocatedGb} GB; free within the region's backup allowance)`;
}

/** What DB snapshots and DB cluster snapshots both report, under their own member names. */
export interface SnapshotFields {
  readonly id?: string;
  readonly arn?: string;
  readonly status?: string;
  readonly tagList?: readonly Tag[];
  readonly createdAt?: Date;
  readonly engine?: string;
  readonly allocatedStorageGb?: number;
  /** What it was taken of, e.g. `{ instanceId: 'orders-db' }`. */
  readonly source: Readonly<Record<string, string | undefined>>;
}

/** A listed manual snapshot with its protections; undefined while it is on its way out. */
export function snapshotResource(f: SnapshotFields): ListedFacts | undefined {
  if (!f.id || !f.arn || GONE_STATUSES.has(f.status ?? '')) return undefined;
  const tags = tagsFromList(f.tagList);
  return {
    arn: f.arn,
    id: f.id,
    name: f.id,
    createdAt: f.createdAt,
    tags,
    protectedBecause: snapshotProtection(f.id, tags, f.status),
    details: { status: f.status, engine: f.engine, ...f.source, allocatedStorageGb: f.allocatedStorageGb },
  };
}

/**
 * Deletes the snapshot unless it is shared, its sharing read now, not when listed: it can change
 * any time, and another account may be relying on it.
 */
export async function deleteUnlessShared(
  readAttributes: () => Promise<readonly (DBSnapshotAttribute | DBClusterSnapshotAttribute)[] | undefined>,
  remove: () => Promise<unknown>,
): Promise<DeletionOutcome> {
  const shared = sharedBecause(await readAttributes());
  if (shared) return { status: 'skipped', reason: shared };
  await remove();
  return { status: 'deleted' };
}

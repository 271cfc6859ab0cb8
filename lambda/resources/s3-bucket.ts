import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { noneIf, readOrError } from './configuration';
import type { ResourceType } from './resource-type';
import { mwaaEnvironmentsUsing } from './s3-dag-buckets';
import { outsideWriters } from './s3-outside-writers';

/**
 * Read at deletion time: CloudTrail, Config, flow logs, access logs or another account may have
 * been pointed at the bucket since it was marked (a destination is often empty at first).
 */
async function outsideWritersOf(s3: S3Client, resource: Resource): Promise<string[]> {
  const policy = await noneIf(
    ['NoSuchBucketPolicy'],
    async () => (await s3.send(new GetBucketPolicyCommand({ Bucket: resource.id }))).Policy,
  );
  return policy ? outsideWriters(policy, resource.accountId) : [];
}

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_OBJECTS_BATCH = 1000;

/** A DeleteObjects key that S3 refused (Object Lock, a bucket policy, ...), named by its S3 error code. */
class ObjectDeletionError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/**
 * Deletes every object version and delete marker (both block DeleteBucket), in batches of at most
 * 1,000. Listing resumes from key/version markers, which stay valid as the versions behind them go.
 * Returns how many were deleted.
 */
async function emptyBucket(s3: S3Client, bucket: string): Promise<number> {
  let deleted = 0;
  let batch: ObjectIdentifier[] = [];
  const deleteBatch = async () => {
    if (batch.length === 0) return;
    const { Errors } = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
    // DeleteObjects reports refused keys in the response, not as an exception: a silent partial
    // failure would otherwise only surface as BucketNotEmpty later, without the reason.
    const first = Errors?.[0];
    if (first) {
      throw new ObjectDeletionError(
        first.Code ?? 'DeleteObjectsFailed',
        `could not delete ${Errors.length} of ${batch.length} object versions; first: ${first.Key} (version ${first.VersionId ?? '-'}): ${first.Code} ${first.Message ?? ''}`.trim(),
      );
    }
    deleted += batch.length;
    batch = [];
  };

  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  let truncated = true;
  while (truncated) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      if (entry.Key === undefined) continue;
      // The version id is what makes this a permanent deletion; without it S3 only adds a delete marker.
      batch.push({ Key: entry.Key, VersionId: entry.VersionId });
      if (batch.length === DELETE_OBJECTS_BATCH) await deleteBatch();
    }
    truncated = page.IsTruncated === true;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
  await deleteBatch();
  return deleted;
}

export const s3Bucket: ResourceType = {
  id: 's3:bucket',
  label: 'S3 bucket',
  tagsFromList: false,
  iam: {
    // The Get* three are `describe`'s: the bucket's policy, lifecycle rules and versioning, for the audit record.
    // The airflow two find the MWAA environments whose DAG bucket it is, at deletion time.
    read: [
      's3:ListAllMyBuckets',
      's3:GetBucketPolicy',
      's3:GetLifecycleConfiguration',
      's3:GetBucketVersioning',
      'airflow:ListEnvironments',
      'airflow:GetEnvironment',
    ],
    // The tagging API rewrites a bucket's whole tag set (read, merge, put); S3's newer
    // TagResource/UntagResource actions also cover general purpose buckets, so both paths are granted.
    tag: ['s3:GetBucketTagging', 's3:PutBucketTagging', 's3:TagResource', 's3:UntagResource'],
    // DeleteObjects is authorised per key as s3:DeleteObject, and as s3:DeleteObjectVersion when a version id is given.
    delete: [],
    deleteUnconditioned: ['s3:ListBucketVersions', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket'],
    deleteUnconditionedReason:
      'S3 general purpose buckets evaluate aws:ResourceTag only once ABAC is enabled on the bucket (off by default, AWS docs "Enabling ABAC in general purpose buckets"): the mark condition would deny every bucket. Objects never carry the bucket\'s tags either.',
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    // ListBuckets is global: without BucketRegion every region's sweep would see every bucket.
    const pages = paginateListBuckets({ client: clients.get(S3Client), pageSize: 1000 }, { BucketRegion: region });
    for await (const page of pages) {
      for (const bucket of page.Buckets ?? []) {
        if (!bucket.Name) continue;
        yield {
          type: 's3:bucket',
          arn: buildArn('s3', '', '', bucket.Name, region),
          id: bucket.Name,
          name: bucket.Name,
          region,
          accountId,
          createdAt: bucket.CreationDate,
          tags: {},
        } satisfies Resource;
      }
    }
  },

  emptyFirst: (settings) => settings.deleteNonEmptyBuckets,

  async delete(clients, resource, options) {
    const s3 = clients.get(S3Client);
    const writers = await outsideWritersOf(s3, resource);
    if (writers.length > 0) {
      return {
        status: 'skipped',
        reason: `a delivery destination in use: its bucket policy lets ${writers.join(', ')} write into it; remove that grant (or exempt it) first`,
      };
    }
    const environments = await mwaaEnvironmentsUsing(clients, resource.id);
    if (environments.length > 0) {
      return {
        status: 'skipped',
        reason: `the DAG bucket of MWAA environment ${environments.join(', ')}: delete the environment, or point it at another bucket, first`,
      };
    }
    // Versions and delete markers both block DeleteBucket; one key is enough to know the bucket holds data.
    const contents = await s3.send(new ListObjectVersionsCommand({ Bucket: resource.id, MaxKeys: 1 }));
    const empty = (contents.Versions?.length ?? 0) === 0 && (contents.DeleteMarkers?.length ?? 0) === 0;
    if (empty) {
      await s3.send(new DeleteBucketCommand({ Bucket: resource.id }));
      return { status: 'deleted' };
    }
    if (!options.emptyFirst) {
      return { status: 'skipped', reason: 'not empty, kept (the janitor only deletes empty buckets)' };
    }
    const emptied = await emptyBucket(s3, resource.id);
    await s3.send(new DeleteBucketCommand({ Bucket: resource.id }));
    return { status: 'deleted', note: `emptied ${emptied} object versions first` };
  },

  // Policy, lifecycle rules and versioning, one call each; "NoSuch…" means none is set (undefined).
  // Each part that cannot be read is recorded as `{ error }`, the others still are.
  async describe(clients, resource) {
    const s3 = clients.get(S3Client);
    const Bucket = resource.id;
    const [policy, lifecycleRules, versioning] = await Promise.all([
      readOrError(() => noneIf(['NoSuchBucketPolicy'], async () => (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy)),
      readOrError(() =>
        noneIf(['NoSuchLifecycleConfiguration'], async () => (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules),
      ),
      readOrError(async () => {
        const { Status, MFADelete } = await s3.send(new GetBucketVersioningCommand({ Bucket }));
        return { status: Status, mfaDelete: MFADelete };
      }),
    ]);
    return { bucket: Bucket, region: resource.region, tags: resource.tags, policy, lifecycleRules, versioning };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/s3/buckets/${encodeURIComponent(r.id)}?region=${r.region}&tab=objects`,
};

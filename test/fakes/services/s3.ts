import {
  DeleteBucketCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { buildArn } from '../../../lambda/aws/arn';
import { FakeAccount, FakeAwsError, handle, paginate, tagList, type FakeResource } from '../fake-account';

const TYPE = 's3:bucket';

export interface SeedBucketOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** Object versions in the bucket. */
  objects?: number;
  deleteMarkers?: number;
}

export function seedBucket(account: FakeAccount, options: SeedBucketOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('bucket-');
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: TYPE,
    arn: buildArn('s3', '', '', name, region),
    region,
    tags: options.tags,
    data: {
      name,
      createdAt: options.createdAt ?? new Date(),
      objects: options.objects ?? 0,
      deleteMarkers: options.deleteMarkers ?? 0,
    },
  });
}

/** Bucket names are global; asking the wrong region's endpoint about a bucket redirects, as S3 does. */
function bucketIn(account: FakeAccount, name: string, region: string): FakeResource {
  const bucket = account.findBy(TYPE, 'name', name);
  if (!bucket) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist');
  if (bucket.region !== region) {
    throw new FakeAwsError('PermanentRedirect', `The bucket ${name} is in ${bucket.region}; send requests to that endpoint.`);
  }
  return bucket;
}

/** S3: ListBuckets is global (filtered only by BucketRegion); bucket calls must go to the bucket's region. */
export function installS3(account: FakeAccount) {
  const stub = mockClient(S3Client);

  handle(stub, account, 's3', ListBucketsCommand, (input: any) => {
    if (input.MaxBuckets !== undefined && (input.MaxBuckets < 1 || input.MaxBuckets > 10000)) {
      throw new FakeAwsError('InvalidArgument', 'MaxBuckets must be 1-10000');
    }
    const buckets = account
      .list(TYPE)
      .filter((b) => !input.BucketRegion || b.region === input.BucketRegion)
      .filter((b) => !input.Prefix || b.data.name.startsWith(input.Prefix))
      .sort((a, b) => a.data.name.localeCompare(b.data.name));
    // S3 may return fewer than MaxBuckets; small pages exercise the caller's pagination.
    const pageSize = Math.min(input.MaxBuckets ?? account.defaultPageSize, account.defaultPageSize);
    const { page, next } = paginate(buckets, input.ContinuationToken, pageSize);
    return {
      Buckets: page.map((b) => ({ Name: b.data.name, CreationDate: b.data.createdAt, BucketRegion: b.region, BucketArn: b.arn })),
      Owner: { ID: `owner-${account.accountId}` },
      ContinuationToken: next,
      Prefix: input.Prefix,
    };
  });

  handle(stub, account, 's3', ListObjectVersionsCommand, (input: any, region) => {
    const bucket = bucketIn(account, input.Bucket, region);
    const maxKeys: number = input.MaxKeys ?? 1000;
    const versions = Array.from({ length: bucket.data.objects }, (_, i) => ({
      Key: `object-${i}`,
      VersionId: `v${i}`,
      IsLatest: true,
      Size: 1,
    }));
    const markers = Array.from({ length: bucket.data.deleteMarkers }, (_, i) => ({
      Key: `deleted-${i}`,
      VersionId: `m${i}`,
      IsLatest: true,
    }));
    const returnedVersions = versions.slice(0, maxKeys);
    const returnedMarkers = markers.slice(0, maxKeys - returnedVersions.length);
    return {
      Name: bucket.data.name,
      MaxKeys: maxKeys,
      IsTruncated: returnedVersions.length + returnedMarkers.length < versions.length + markers.length,
      Versions: returnedVersions.length > 0 ? returnedVersions : undefined,
      DeleteMarkers: returnedMarkers.length > 0 ? returnedMarkers : undefined,
    };
  });

  handle(stub, account, 's3', DeleteBucketCommand, (input: any, region) => {
    const bucket = bucketIn(account, input.Bucket, region);
    if (bucket.data.objects > 0 || bucket.data.deleteMarkers > 0) {
      throw new FakeAwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty');
    }
    account.remove(bucket.arn);
    return {};
  });

  // Handled so that a per-bucket tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 's3', GetBucketTaggingCommand, (input: any, region) => {
    const bucket = bucketIn(account, input.Bucket, region);
    if (Object.keys(bucket.tags).length === 0) throw new FakeAwsError('NoSuchTagSet', 'The TagSet does not exist');
    return { TagSet: tagList(bucket.tags) };
  });

  return stub;
}

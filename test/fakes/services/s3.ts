import { Readable } from 'node:stream';
import {
  type _Error,
  DeleteBucketCommand,
  type DeletedObject,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SdkStream } from '@smithy/types';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

const TYPE = 's3:bucket';

export interface SeedBucketOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** Object versions in the bucket, spread over `objects / versionsPerKey` keys. */
  objects?: number;
  /** Versions per key (a versioned bucket keeps every overwrite); default 1. */
  versionsPerKey?: number;
  /** Delete markers, each on top of an existing key (or on its own key when there are no objects). */
  deleteMarkers?: number;
  /** Keys whose versions DeleteObjects refuses (Object Lock, a bucket policy), reported in its `Errors`. */
  deniedKeys?: string[];
}

/** One object version or delete marker. `seq` orders versions: higher is newer. */
interface StoredVersion {
  key: string;
  versionId: string;
  seq: number;
  deleteMarker: boolean;
}

function versionId(seq: number): string {
  return `3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY-${seq}`;
}

/** The sequence number behind one of our version ids; undefined for anything S3 would not have issued. */
function seqOf(id: string): number | undefined {
  const match = /-(\d+)$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export function seedBucket(account: FakeAccount, options: SeedBucketOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('bucket-');
  const region = options.region ?? 'eu-west-1';
  const objects = options.objects ?? 0;
  const keyCount = Math.ceil(objects / (options.versionsPerKey ?? 1));
  const versions: StoredVersion[] = [];
  let seq = 0;
  for (let i = 0; i < objects; i++) {
    seq += 1;
    versions.push({ key: `object-${i % keyCount}`, versionId: versionId(seq), seq, deleteMarker: false });
  }
  for (let i = 0; i < (options.deleteMarkers ?? 0); i++) {
    seq += 1;
    const key = keyCount > 0 ? `object-${i % keyCount}` : `deleted-${i}`;
    versions.push({ key, versionId: versionId(seq), seq, deleteMarker: true });
  }
  return account.put({
    type: TYPE,
    arn: buildArn('s3', '', '', name, region),
    region,
    tags: options.tags,
    data: {
      name,
      createdAt: options.createdAt ?? new Date(),
      versions,
      nextSeq: seq + 1,
      deniedKeys: options.deniedKeys ?? [],
    },
  });
}

/** What is left in a fake bucket: object versions and delete markers. */
export function bucketContents(bucket: FakeResource): { versions: number; deleteMarkers: number } {
  const stored: StoredVersion[] = bucket.data.versions;
  const deleteMarkers = stored.filter((v) => v.deleteMarker).length;
  return { versions: stored.length - deleteMarkers, deleteMarkers };
}

/** S3's listing order: by key, then newest version first. */
function listingOrder(bucket: FakeResource): StoredVersion[] {
  return [...(bucket.data.versions as StoredVersion[])].sort((a, b) => (a.key === b.key ? b.seq - a.seq : a.key < b.key ? -1 : 1));
}

/**
 * Where a listing resumes: after KeyMarker, or after the VersionIdMarker version of KeyMarker. Markers
 * compare by key and age, so they stay valid when the versions they name have been deleted since.
 */
function afterMarker(input: { KeyMarker?: string; VersionIdMarker?: string }): (v: StoredVersion) => boolean {
  const { KeyMarker, VersionIdMarker } = input;
  if (KeyMarker === undefined) {
    if (VersionIdMarker) throw new FakeAwsError('InvalidArgument', 'A version-id marker cannot be specified without a key marker.');
    return () => true;
  }
  if (!VersionIdMarker) return (v) => v.key > KeyMarker;
  const markerSeq = seqOf(VersionIdMarker);
  if (markerSeq === undefined) throw new FakeAwsError('InvalidArgument', 'Invalid version id specified');
  return (v) => v.key > KeyMarker || (v.key === KeyMarker && v.seq < markerSeq);
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
/** An object body as the SDK hands it out in Node: a stream that can also collect itself. */
function sdkStreamOf(body: Uint8Array): SdkStream<Readable> {
  const bytes = Buffer.from(body);
  return Object.assign(Readable.from([bytes]), {
    transformToString: async (encoding?: string) => bytes.toString((encoding ?? 'utf8') as BufferEncoding),
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToWebStream: () => Readable.toWeb(Readable.from([bytes])),
  });
}

export function installS3(account: FakeAccount) {
  const stub = fakeService(S3Client, account);

  handle(stub, account, 's3', ListBucketsCommand, (input) => {
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

  handle(stub, account, 's3', ListObjectVersionsCommand, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    if (input.MaxKeys !== undefined && input.MaxKeys < 0) throw new FakeAwsError('InvalidArgument', 'max-keys must be positive');
    // S3 returns at most 1,000 entries (versions and delete markers together); small pages exercise the caller's pagination.
    const pageSize = Math.min(input.MaxKeys ?? 1000, 1000, account.defaultPageSize);
    const ordered = listingOrder(bucket);
    const latestSeqByKey = new Map<string, number>();
    for (const v of ordered) if (!latestSeqByKey.has(v.key)) latestSeqByKey.set(v.key, v.seq);
    const remaining = ordered.filter(afterMarker(input));
    const page = remaining.slice(0, pageSize);
    const truncated = remaining.length > page.length;
    const last = page[page.length - 1];
    const isLatest = (v: StoredVersion) => latestSeqByKey.get(v.key) === v.seq;
    const versions = page
      .filter((v) => !v.deleteMarker)
      .map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: isLatest(v), Size: 1 }));
    const markers = page.filter((v) => v.deleteMarker).map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: isLatest(v) }));
    return {
      Name: bucket.data.name,
      MaxKeys: input.MaxKeys ?? 1000,
      KeyMarker: input.KeyMarker,
      VersionIdMarker: input.VersionIdMarker,
      IsTruncated: truncated,
      NextKeyMarker: truncated ? last!.key : undefined,
      NextVersionIdMarker: truncated ? last!.versionId : undefined,
      Versions: versions.length > 0 ? versions : undefined,
      DeleteMarkers: markers.length > 0 ? markers : undefined,
    };
  });

  handle(stub, account, 's3', DeleteObjectsCommand, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    const objects = input.Delete?.Objects ?? [];
    // S3 validates the request body against its schema, which allows 1 to 1,000 keys.
    if (objects.length < 1 || objects.length > 1000) {
      throw new FakeAwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    const stored: StoredVersion[] = bucket.data.versions;
    const deleted: DeletedObject[] = [];
    const errors: _Error[] = [];
    for (const { Key, VersionId } of objects) {
      if (Key === undefined)
        throw new FakeAwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
      if ((bucket.data.deniedKeys as string[]).includes(Key)) {
        errors.push({ Key, VersionId, Code: 'AccessDenied', Message: 'Access Denied' });
        continue;
      }
      if (VersionId === undefined) {
        // Without a version id, a versioned bucket only hides the object behind a new delete marker.
        const seq: number = bucket.data.nextSeq++;
        stored.push({ key: Key, versionId: versionId(seq), seq, deleteMarker: true });
        deleted.push({ Key, DeleteMarker: true, DeleteMarkerVersionId: versionId(seq) });
        continue;
      }
      const index = stored.findIndex((v) => v.key === Key && v.versionId === VersionId);
      const removed = index >= 0 ? stored.splice(index, 1)[0] : undefined;
      deleted.push({ Key, VersionId, ...(removed?.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: VersionId } : {}) });
    }
    return { Deleted: input.Delete?.Quiet ? undefined : deleted, Errors: errors.length > 0 ? errors : undefined };
  });

  handle(stub, account, 's3', DeleteBucketCommand, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    if ((bucket.data.versions as StoredVersion[]).length > 0) {
      throw new FakeAwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty');
    }
    account.remove(bucket.arn);
    return {};
  });

  // The janitor writes its audit records with PutObject; bodies are kept so tests can read them.
  handle(stub, account, 's3', PutObjectCommand, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    const key = required(input, 'Key');
    // Conditional write: If-None-Match "*" fails when the key already exists.
    if (input.IfNoneMatch === '*' && objectBytes(bucket, key) !== undefined) {
      throw new FakeAwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
    return { VersionId: putObjectBody(bucket, key, bytesOfBody(input.Body)) };
  });

  handle(stub, account, 's3', GetObjectCommand, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    const key = required(input, 'Key');
    const refusal = (bucket.data.kmsRefused as Set<string> | undefined)?.has(key);
    if (refusal)
      throw new FakeAwsError('AccessDenied', 'User is not authorized to perform: kms:Decrypt on the resource associated with this object');
    const body = objectBytes(bucket, key);
    if (body === undefined) throw new FakeAwsError('NoSuchKey', 'The specified key does not exist.');
    return { Body: sdkStreamOf(body), ContentLength: body.byteLength, VersionId: latestVersionOf(bucket, key) };
  });

  // The announcement ledger lists one target's objects by prefix, from a start key on.
  handle(stub, account, 's3', ListObjectsV2Command, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    if (input.MaxKeys !== undefined && input.MaxKeys < 0) throw new FakeAwsError('InvalidArgument', 'max-keys must be positive');
    const keys = keysFrom(bucket, input.Prefix ?? '', input.StartAfter);
    const pageSize = Math.min(input.MaxKeys ?? 1000, 1000, account.defaultPageSize);
    const { page, next } = paginate(keys, input.ContinuationToken, pageSize);
    return {
      Contents: page.map((Key) => ({ Key, Size: objectBytes(bucket, Key)?.byteLength ?? 0 })),
      KeyCount: page.length,
      IsTruncated: next !== undefined,
      NextContinuationToken: next,
      Prefix: input.Prefix,
    };
  });

  // Handled so that a per-bucket tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 's3', GetBucketTaggingCommand, (input, region) => {
    const bucket = bucketIn(account, required(input, 'Bucket'), region);
    if (Object.keys(bucket.tags).length === 0) throw new FakeAwsError('NoSuchTagSet', 'The TagSet does not exist');
    return { TagSet: tagList(bucket.tags) };
  });

  return stub;
}

/** The body last written to `key` with PutObject, as UTF-8 text. */
export function objectBody(bucket: FakeResource, key: string): string | undefined {
  const bytes = objectBytes(bucket, key);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

/** The body last written to `key`, byte for byte (gzipped objects stay binary). */
export function objectBytes(bucket: FakeResource, key: string): Uint8Array | undefined {
  return (bucket.data.bodies as Map<string, Uint8Array> | undefined)?.get(key);
}

/** Stores an object as PutObject would (a new version); returns its version id. */
export function putObjectBody(bucket: FakeResource, key: string, body: string | Uint8Array): string {
  bucket.data.bodies ??= new Map<string, Uint8Array>();
  const bodies = bucket.data.bodies as Map<string, Uint8Array>;
  if (!bodies.has(key)) insertSorted(sortedKeysOf(bucket), key);
  bodies.set(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : Uint8Array.from(body));
  const versions = bucket.data.versions as StoredVersion[];
  bucket.data.nextSeq ??= versions.reduce((max, v) => Math.max(max, v.seq), 0) + 1;
  const seq: number = bucket.data.nextSeq++;
  versions.push({ key, versionId: versionId(seq), seq, deleteMarker: false });
  return versionId(seq);
}

/**
 * The keys holding a body, in S3's (UTF-16 code unit) order, kept as objects are put: a bucket of
 * tens of thousands of run records (bench/org-scale.ts) is listed by prefix once per sweep.
 */
function sortedKeysOf(bucket: FakeResource): string[] {
  bucket.data.sortedKeys ??= [...((bucket.data.bodies as Map<string, Uint8Array> | undefined)?.keys() ?? [])].sort();
  return bucket.data.sortedKeys as string[];
}

/** The first index whose key is not below `key` (or, with `after`, above it). */
function lowerBound(keys: readonly string[], key: string, after = false): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key || (after && keys[mid] === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(keys: string[], key: string): void {
  keys.splice(lowerBound(keys, key), 0, key);
}

/** Keys starting with `prefix` and after `startAfter`, sorted, as ListObjectsV2 lists them. */
function keysFrom(bucket: FakeResource, prefix: string, startAfter?: string): string[] {
  const keys = sortedKeysOf(bucket);
  const start = Math.max(lowerBound(keys, prefix), startAfter === undefined ? 0 : lowerBound(keys, startAfter, true));
  const out: string[] = [];
  for (let i = start; i < keys.length && keys[i]!.startsWith(prefix); i += 1) out.push(keys[i]!);
  return out;
}

/** An SSE-KMS object whose key the reader may not use: GetObject is refused with AccessDenied, as S3 does. */
export function refuseKmsDecrypt(bucket: FakeResource, key: string): void {
  bucket.data.kmsRefused ??= new Set<string>();
  (bucket.data.kmsRefused as Set<string>).add(key);
}

function latestVersionOf(bucket: FakeResource, key: string): string | undefined {
  const versions = bucket.data.versions as StoredVersion[];
  for (let i = versions.length - 1; i >= 0; i -= 1)
    if (versions[i]!.key === key && !versions[i]!.deleteMarker) return versions[i]!.versionId;
  return undefined;
}

/** PutObject bodies as the janitor sends them: text or bytes. */
function bytesOfBody(body: unknown): Uint8Array {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  throw new FakeAwsError('InvalidRequest', `the fake S3 takes string or byte bodies, not ${typeof body}`);
}

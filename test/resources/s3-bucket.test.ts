import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { s3Bucket } from '../../lambda/resources/s3-bucket';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installS3, seedBucket } from '../fakes/services/s3';
import { installTagging } from '../fakes/services/tagging';

const REGION = 'eu-west-1';

let account: FakeAccount;
let clients: AwsClients;
let restore: () => void;

beforeEach(() => {
  account = new FakeAccount();
  const stubs = [installTagging(account), installS3(account)];
  restore = () => stubs.forEach((stub) => stub.restore());
  clients = new AwsClients({ accountId: account.accountId, region: REGION });
});

afterEach(() => restore());

async function listAll(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of s3Bucket.list(clients)) resources.push(resource);
  return resources;
}

/** What the engine's tag join sees: one GetResources sweep of the region. */
async function arnsFromTaggingApi(): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.get(ResourceGroupsTaggingAPIClient) }, { ResourceTypeFilters: ['s3:bucket'] });
  for await (const page of pages) for (const mapping of page.ResourceTagMappingList ?? []) arns.push(mapping.ResourceARN!);
  return arns;
}

const commandsCalled = () => [...new Set(account.calls.map((call) => call.command))];

describe('s3:bucket list', () => {
  it('finds never-tagged and tagged buckets of the target region over several pages', async () => {
    const untagged = Array.from({ length: 4 }, () => seedBucket(account));
    const tagged = Array.from({ length: 3 }, () => seedBucket(account, { tags: { team: 'data' } }));

    const resources = await listAll();

    expect(resources.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((b) => b.arn).sort());
    expect(account.callsOf('ListBuckets').length).toBeGreaterThan(1);
  });

  it('describes a bucket by name, with its S3 ARN, creation date and no tags of its own', async () => {
    const createdAt = new Date('2024-03-01T10:00:00Z');
    seedBucket(account, { name: 'hand-made-bucket', createdAt, tags: { owner: 'ana' } });

    const [bucket] = await listAll();

    expect(bucket).toEqual({
      type: 's3:bucket',
      arn: 'arn:aws:s3:::hand-made-bucket',
      id: 'hand-made-bucket',
      name: 'hand-made-bucket',
      region: REGION,
      accountId: account.accountId,
      createdAt,
      tags: {},
    });
  });

  it('ignores buckets of other regions although ListBuckets is global', async () => {
    const here = seedBucket(account);
    seedBucket(account, { region: 'us-east-1' });
    seedBucket(account, { region: 'eu-central-1', tags: { team: 'web' } });

    const resources = await listAll();

    expect(resources.map((r) => r.arn)).toEqual([here.arn]);
    for (const call of account.callsOf('ListBuckets')) expect(call.input.BucketRegion).toBe(REGION);
  });

  it('returns a never-tagged bucket that the tagging API does not know', async () => {
    const neverTagged = seedBucket(account);
    const tagged = seedBucket(account, { tags: { team: 'data' } });

    expect(await arnsFromTaggingApi()).toEqual([tagged.arn]);
    expect((await listAll()).map((r) => r.arn)).toContain(neverTagged.arn);
  });

  it('makes no per-bucket call, for tags or anything else', async () => {
    for (let i = 0; i < 7; i++) seedBucket(account, { tags: i % 2 ? { team: 'data' } : {} });

    await listAll();

    expect(commandsCalled()).toEqual(['ListBuckets']);
  });

  it('throws AWS errors with their AWS name', async () => {
    seedBucket(account);
    account.failNext('ListBuckets', () => new FakeAwsError('AccessDenied', 'Access Denied'));

    await expect(listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('s3:bucket delete', () => {
  async function listedBucket(name: string): Promise<Resource> {
    const found = (await listAll()).find((r) => r.id === name);
    if (!found) throw new Error(`bucket ${name} not listed`);
    return found;
  }

  it('deletes an empty bucket with DeleteBucket', async () => {
    const bucket = seedBucket(account, { name: 'empty-bucket' });

    const outcome = await s3Bucket.delete(clients, await listedBucket('empty-bucket'));

    expect(outcome).toEqual({ status: 'deleted' });
    expect(account.exists(bucket.arn)).toBe(false);
    expect(account.callsOf('DeleteBucket').map((c) => c.input)).toEqual([{ Bucket: 'empty-bucket' }]);
  });

  it('keeps a bucket that still holds objects', async () => {
    const bucket = seedBucket(account, { name: 'full-bucket', objects: 3 });

    const outcome = await s3Bucket.delete(clients, await listedBucket('full-bucket'));

    expect(outcome).toEqual({ status: 'skipped', reason: 'not empty, kept (the janitor only deletes empty buckets)' });
    expect(account.exists(bucket.arn)).toBe(true);
    expect(account.callsOf('DeleteBucket')).toEqual([]);
    expect(account.callsOf('ListObjectVersions').map((c) => c.input.MaxKeys)).toEqual([1]);
  });

  it('keeps a bucket that holds only delete markers of a versioned past', async () => {
    const bucket = seedBucket(account, { name: 'versioned-bucket', deleteMarkers: 2 });

    const outcome = await s3Bucket.delete(clients, await listedBucket('versioned-bucket'));

    expect(outcome.status).toBe('skipped');
    expect(account.exists(bucket.arn)).toBe(true);
  });

  it('throws NoSuchBucket when the bucket is already gone', async () => {
    const bucket = seedBucket(account, { name: 'vanishing-bucket' });
    const listed = await listedBucket('vanishing-bucket');
    account.remove(bucket.arn);

    await expect(s3Bucket.delete(clients, listed)).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('throws a failing DeleteBucket with its AWS name', async () => {
    seedBucket(account, { name: 'locked-bucket' });
    account.failNext('DeleteBucket', () => new FakeAwsError('AccessDenied', 'Access Denied'));

    await expect(s3Bucket.delete(clients, await listedBucket('locked-bucket'))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('s3:bucket declarations', () => {
  it('grants an IAM action for every call that list and delete make', async () => {
    seedBucket(account, { name: 'empty-bucket' });
    await s3Bucket.delete(clients, (await listAll())[0]);
    const actionOf: Record<string, string> = {
      ListBuckets: 's3:ListAllMyBuckets',
      ListObjectVersions: 's3:ListBucketVersions',
      DeleteBucket: 's3:DeleteBucket',
    };
    const granted = [...s3Bucket.iam.read, ...s3Bucket.iam.delete];

    for (const command of commandsCalled().filter((c) => c !== 'GetResources')) expect(granted).toContain(actionOf[command]);
    expect(s3Bucket.iam.tag).toContain('s3:PutBucketTagging');
  });

  it('links to the bucket in the S3 console', async () => {
    seedBucket(account, { name: 'hand-made-bucket' });
    const [bucket] = await listAll();

    expect(s3Bucket.consoleUrl(bucket)).toBe(
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/hand-made-bucket?region=eu-west-1&tab=objects',
    );
  });
});

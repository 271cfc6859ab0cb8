import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { FakeAccount } from '../fake-account';
import { seedVolume } from '../services/ec2';
import { objectBody, seedBucket } from '../services/s3';
import { seedTopic } from '../services/sns';
import type { AwsHttpEndpointOptions } from './aws-http-endpoint';
import { useServeOverHttp } from './serve-over-http';

/** The query (awsQuery, ec2Query) and restXml protocols through real SDK clients over HTTP: errors, throttling, S3 objects. */

const REGION = 'eu-west-1';

const http = useServeOverHttp(REGION);
const serve = (account: FakeAccount, options?: Partial<AwsHttpEndpointOptions>) => http.serve(account, options);

describe('the query and XML protocols over HTTP', () => {
  it("turns a fake's error into the SDK exception, and the HTTP status, the real service gives", async () => {
    const account = new FakeAccount();
    const clients = await serve(account);
    const arn = `arn:aws:elasticloadbalancing:${REGION}:${account.accountId}:loadbalancer/app/gone/0123456789abcdef`;
    const cases: [() => Promise<unknown>, string, number][] = [
      // awsQuery: the fake names the exception, RDS sends its code `DBInstanceNotFound`, the SDK maps it back.
      [() => clients.get(RDSClient).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'gone' })), 'DBInstanceNotFoundFault', 404],
      // The fake names the wire code `LoadBalancerNotFound`: the SDK's exception is LoadBalancerNotFoundException.
      [
        () => clients.get(ElasticLoadBalancingV2Client).send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })),
        'LoadBalancerNotFoundException',
        400,
      ],
      // The fake sets SNS's query code itself (`NotFound`).
      [
        () => clients.get(SNSClient).send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:${REGION}:${account.accountId}:gone` })),
        'NotFoundException',
        404,
      ],
      // ec2Query: EC2's codes are not modeled; the SDK names the error by its code.
      [() => clients.get(EC2Client).send(new DescribeInstancesCommand({ InstanceIds: ['i-0gone'] })), 'InvalidInstanceID.NotFound', 400],
      // restXml: S3's <Error><Code>.
      [() => clients.get(S3Client).send(new GetObjectCommand({ Bucket: 'gone', Key: 'k' })), 'NoSuchBucket', 404],
      // Not modeled: the fake's own status.
      [
        () => clients.get(STSClient).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/none', RoleSessionName: 's' })),
        'AccessDenied',
        400,
      ],
    ];
    for (const [call, name, httpStatusCode] of cases) {
      await expect(call()).rejects.toMatchObject({ name, $metadata: { httpStatusCode } });
    }
    expect(http.endpoint.stats.errors.get('rds:DescribeDBInstances:DBInstanceNotFoundFault')).toBe(1);
    expect(http.endpoint.stats.unserved.size).toBe(0);
  });

  it('answers a throttled query, ec2Query or restXml call with the error the SDK retries, and the retry succeeds', async () => {
    const account = new FakeAccount();
    seedTopic(account);
    seedVolume(account);
    seedBucket(account);
    const once = { perSecond: 5, burst: 1 };
    const clients = await serve(account, {
      throttling: { rates: { 'sns:ListTopics': once, 'ec2:DescribeVolumes': once, 's3:ListBuckets': once } },
    });
    const twice = async (call: () => Promise<unknown>) => [await call(), await call()];
    const [topics, volumes, buckets] = await Promise.all([
      twice(() => clients.get(SNSClient).send(new ListTopicsCommand({}))),
      twice(() => clients.get(EC2Client).send(new DescribeVolumesCommand({}))),
      twice(() => clients.get(S3Client).send(new ListBucketsCommand({ BucketRegion: REGION }))),
    ]);
    expect(topics!.map((t) => (t as { Topics: unknown[] }).Topics.length)).toEqual([1, 1]);
    expect(volumes!.map((v) => (v as { Volumes: unknown[] }).Volumes.length)).toEqual([1, 1]);
    expect(buckets!.map((b) => (b as { Buckets: unknown[] }).Buckets.length)).toEqual([1, 1]);
    for (const key of ['sns:ListTopics', 'ec2:DescribeVolumes', 's3:ListBuckets']) {
      expect(http.endpoint.stats.throttled.get(key), key).toBeGreaterThanOrEqual(1);
      expect(http.endpoint.stats.calls.get(key), key).toBe(2);
    }
  });

  it('round-trips S3 object bodies: conditional puts, reads, listings by prefix over pages, flattened DeleteObjects', async () => {
    const account = new FakeAccount();
    account.defaultPageSize = 2;
    const bucket = seedBucket(account, { name: 'janitor-audit' });
    const clients = await serve(account);
    const s3 = clients.get(S3Client);
    const keys = [
      'runs/2026-11-20T02:00:00.000Z a.json',
      'runs/2026-11-20T02:00:00.000Z b.json',
      'runs/x/c.json',
      'other/d.json',
      'runs/ü+%.json',
    ];
    for (const [i, Key] of keys.entries()) {
      const Body = JSON.stringify({ i, key: Key, note: 'a <b> & "c"' });
      const put = {
        Bucket: 'janitor-audit',
        Key,
        Body,
        ContentType: 'application/json',
        ServerSideEncryption: 'AES256',
        IfNoneMatch: '*',
      } as const;
      expect((await s3.send(new PutObjectCommand(put))).VersionId).toMatch(/^3sL4/);
      // A record is written once: a second conditional put of the key fails.
      await expect(s3.send(new PutObjectCommand(put))).rejects.toMatchObject({ name: 'PreconditionFailed' });
    }
    expect(objectBody(account.get(bucket.arn), keys[0]!)).toBe(JSON.stringify({ i: 0, key: keys[0], note: 'a <b> & "c"' }));

    const read = await s3.send(new GetObjectCommand({ Bucket: 'janitor-audit', Key: keys[4] }));
    expect(JSON.parse(await read.Body!.transformToString())).toEqual({ i: 4, key: keys[4], note: 'a <b> & "c"' });

    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'janitor-audit', Prefix: 'runs/', ContinuationToken: token }));
      listed.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(listed).toEqual(keys.filter((k) => k.startsWith('runs/')).sort());
    expect(http.endpoint.stats.calls.get('s3:ListObjectsV2')).toBe(2);

    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'janitor-audit', MaxKeys: 10 }));
    const objects = (versions.Versions ?? []).map((v) => ({ Key: v.Key!, VersionId: v.VersionId! }));
    expect(objects).toHaveLength(2);
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'janitor-audit', Delete: { Objects: objects, Quiet: false } }));
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual(objects.map((o) => o.Key));
    expect(deleted.Errors).toBeUndefined();
  });

  it('serves STS over awsQuery', async () => {
    const account = new FakeAccount();
    const clients = await serve(account);
    expect(await clients.get(STSClient).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: account.accountId });
  });
});

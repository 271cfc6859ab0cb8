import { DeleteObjectsCommand, type LifecycleRule, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3Bucket } from '../../lambda/resources/s3-bucket';
import { FakeAwsError } from '../fakes/fake-account';
import { installBucketConfigurationReads, setBucketConfiguration } from '../fakes/services/configuration-reads';
import { installMwaa, seedMwaaEnvironment } from '../fakes/services/mwaa';
import { bucketContents, installS3, seedBucket } from '../fakes/services/s3';
import { describePlugin, OTHER_REGION, REGION } from './plugin-harness';

describePlugin(
  {
    type: s3Bucket,
    installers: [installS3, installBucketConfigurationReads, installMwaa],
    seed: seedBucket,
    deleteCommand: 'DeleteBucket',
    goneError: 'NoSuchBucket',
    describeCommand: 'GetBucketPolicy',
    fullDeletion: { seed: (account) => seedBucket(account, { objects: 3, deleteMarkers: 1 }), options: { emptyFirst: true } },
    actionsOf: {
      ListBuckets: ['s3:ListAllMyBuckets'],
      ListObjectVersions: ['s3:ListBucketVersions'],
      DeleteObjects: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      DeleteBucket: ['s3:DeleteBucket'],
      GetBucketPolicy: ['s3:GetBucketPolicy'],
      GetBucketLifecycleConfiguration: ['s3:GetLifecycleConfiguration'],
      GetBucketVersioning: ['s3:GetBucketVersioning'],
    },
  },
  (h) => {
    describe('listing', () => {
      it('describes a bucket by name, with its S3 ARN, creation date and no tags of its own', async () => {
        const createdAt = new Date('2024-03-01T10:00:00Z');
        seedBucket(h.account, { name: 'hand-made-bucket', createdAt, tags: { owner: 'ana' } });

        expect(await h.listAll()).toEqual([
          {
            type: 's3:bucket',
            arn: 'arn:aws:s3:::hand-made-bucket',
            id: 'hand-made-bucket',
            name: 'hand-made-bucket',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: {},
          },
        ]);
      });

      it('asks ListBuckets for the target region only, since ListBuckets is global', async () => {
        const here = seedBucket(h.account);
        seedBucket(h.account, { region: OTHER_REGION });
        seedBucket(h.account, { region: 'eu-central-1', tags: { team: 'web' } });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([here.arn]);
        for (const call of h.account.callsOf('ListBuckets')) expect(call.input.BucketRegion).toBe(REGION);
      });

      it('makes no per-bucket call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedBucket(h.account, { tags: i % 2 ? { team: 'data' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['ListBuckets']);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedBucket(h.account);
        h.account.failNext('ListBuckets', () => new FakeAwsError('AccessDenied', 'Access Denied'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion', () => {
      it('deletes an empty bucket with DeleteBucket', async () => {
        const bucket = seedBucket(h.account, { name: 'empty-bucket' });

        expect(await h.deleteListed(bucket.arn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(bucket.arn)).toBe(false);
        expect(h.account.callsOf('DeleteBucket').map((c) => c.input)).toEqual([{ Bucket: 'empty-bucket' }]);
      });

      it('keeps a bucket that still holds objects, by default', async () => {
        const bucket = seedBucket(h.account, { name: 'full-bucket', objects: 3 });

        const outcome = await h.deleteListed(bucket.arn);

        expect(outcome).toEqual({ status: 'skipped', reason: 'not empty, kept (the janitor only deletes empty buckets)' });
        expect(h.account.exists(bucket.arn)).toBe(true);
        expect(h.account.mutatingCalls()).toEqual([]);
        expect(h.account.callsOf('ListObjectVersions').map((c) => c.input.MaxKeys)).toEqual([1]);
      });

      it('keeps a bucket that holds only delete markers of a versioned past, by default', async () => {
        const bucket = seedBucket(h.account, { name: 'versioned-bucket', deleteMarkers: 2 });

        expect((await h.deleteListed(bucket.arn)).status).toBe('skipped');
        expect(h.account.exists(bucket.arn)).toBe(true);
      });

      it('keeps an empty bucket a service or another account may write into: a destination in use', async () => {
        const bucket = seedBucket(h.account, { name: 'trail-logs' });
        const policy = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: bucket.arn },
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `${bucket.arn}/AWSLogs/*`,
            },
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::156460612806:root' },
              Action: ['s3:PutObject'],
              Resource: `${bucket.arn}/*`,
            },
          ],
        };
        setBucketConfiguration(h.account, 'trail-logs', { policy: JSON.stringify(policy) });

        expect(await h.deleteListed(bucket.arn, { emptyFirst: true })).toEqual({
          status: 'skipped',
          reason:
            'a delivery destination in use: its bucket policy lets cloudtrail.amazonaws.com, arn:aws:iam::156460612806:root write into it; remove that grant (or exempt it) first',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('deletes an empty bucket whose policy lets only its own account write', async () => {
        const bucket = seedBucket(h.account, { name: 'own-writes' });
        const own = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${h.account.accountId}:role/app` }, Action: 's3:PutObject' };
        const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
        setBucketConfiguration(h.account, 'own-writes', { policy: JSON.stringify({ Statement: [own, deny] }) });

        expect(await h.deleteListed(bucket.arn)).toEqual({ status: 'deleted' });
      });

      it("keeps an MWAA environment's DAG bucket, which MWAA reads through its role (no bucket policy shows it)", async () => {
        const bucket = seedBucket(h.account, { name: 'airflow-dags', objects: 3 });
        seedMwaaEnvironment(h.account, { name: 'etl', sourceBucket: 'airflow-dags', tags: { ManagedBy: 'terraform' } });
        seedMwaaEnvironment(h.account, { name: 'other', sourceBucket: 'other-dags' });

        expect(await h.deleteListed(bucket.arn, { emptyFirst: true })).toEqual({
          status: 'skipped',
          reason: 'the DAG bucket of MWAA environment etl: delete the environment, or point it at another bucket, first',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it("deletes a bucket once no environment of its region uses it (an environment elsewhere reads its own region's buckets)", async () => {
        const bucket = seedBucket(h.account, { name: 'old-dags' });
        seedMwaaEnvironment(h.account, { name: 'elsewhere', region: 'us-east-1', sourceBucket: 'old-dags' });

        expect(await h.deleteListed(bucket.arn)).toEqual({ status: 'deleted' });
      });

      it('keeps the bucket when the MWAA environments cannot be read', async () => {
        const bucket = seedBucket(h.account, { name: 'maybe-dags' });
        h.account.failNext(
          'ListEnvironments',
          () => new FakeAwsError('AccessDeniedException', 'not authorized to perform airflow:ListEnvironments'),
        );

        await expect(h.deleteListed(bucket.arn)).rejects.toMatchObject({ name: 'AccessDeniedException' });
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('throws a failing DeleteBucket with its AWS name', async () => {
        const bucket = seedBucket(h.account, { name: 'locked-bucket' });
        h.account.failNext('DeleteBucket', () => new FakeAwsError('AccessDenied', 'Access Denied'));

        await expect(h.deleteListed(bucket.arn)).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion of non-empty buckets, when the configuration allows it', () => {
      it('deletes 2,500 object versions and their delete markers in batches of at most 1,000, then the bucket', async () => {
        // Pages of 300 (S3 may return fewer than asked): batches are filled across pages.
        h.account.defaultPageSize = 300;
        const bucket = seedBucket(h.account, { name: 'big-bucket', objects: 2500, versionsPerKey: 5, deleteMarkers: 300 });

        const outcome = await h.deleteListed(bucket.arn, { emptyFirst: true });

        expect(outcome).toEqual({ status: 'deleted', note: 'emptied 2800 object versions first' });
        expect(h.account.exists(bucket.arn)).toBe(false);
        const batches = h.account.callsOf('DeleteObjects').map((c) => c.input.Delete.Objects as { Key: string; VersionId?: string }[]);
        expect(batches.length).toBeGreaterThanOrEqual(3);
        expect(batches.map((b) => b.length)).toEqual([1000, 1000, 800]);
        // Every entry names its version: a key alone would only add another delete marker.
        const deleted = batches.flat();
        expect(deleted.every((o) => o.VersionId !== undefined)).toBe(true);
        expect(new Set(deleted.map((o) => `${o.Key}@${o.VersionId}`)).size).toBe(2800);
        expect(h.account.calls.filter((c) => c.command !== 'ListBuckets').at(-1)?.command).toBe('DeleteBucket');
      });

      it('follows the listing markers across pages while the versions behind them are being deleted', async () => {
        const bucket = seedBucket(h.account, { objects: 12, versionsPerKey: 3, deleteMarkers: 2 });

        await h.deleteListed(bucket.arn, { emptyFirst: true });

        const pages = h.account.callsOf('ListObjectVersions').slice(1);
        expect(pages.length).toBe(Math.ceil(14 / h.account.defaultPageSize));
        expect(pages[0]!.input.KeyMarker).toBeUndefined();
        for (const page of pages.slice(1))
          expect(page.input).toMatchObject({ KeyMarker: expect.any(String), VersionIdMarker: expect.any(String) });
      });

      it('empties a bucket holding only delete markers', async () => {
        const bucket = seedBucket(h.account, { deleteMarkers: 7 });

        expect(await h.deleteListed(bucket.arn, { emptyFirst: true })).toEqual({
          status: 'deleted',
          note: 'emptied 7 object versions first',
        });
      });

      it('throws with the first refused key when DeleteObjects reports errors, and keeps the bucket', async () => {
        const bucket = seedBucket(h.account, { objects: 6, deniedKeys: ['object-2'] });

        const error = await h.deleteListed(bucket.arn, { emptyFirst: true }).catch((e: unknown) => e);

        expect(error).toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('object-2') });
        expect(h.account.callsOf('DeleteBucket')).toEqual([]);
        expect(bucketContents(h.account.get(bucket.arn))).toEqual({ versions: 1, deleteMarkers: 0 });
      });

      it('has a fake that, like S3, rejects more than 1,000 keys per DeleteObjects request', async () => {
        seedBucket(h.account, { name: 'any-bucket' });
        const objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));

        await expect(
          h.clients.get(S3Client).send(new DeleteObjectsCommand({ Bucket: 'any-bucket', Delete: { Objects: objects } })),
        ).rejects.toMatchObject({ name: 'MalformedXML' });
      });
    });

    describe('declarations', () => {
      it('tags through PutBucketTagging', () => {
        expect(s3Bucket.iam.tag).toContain('s3:PutBucketTagging');
      });

      it('links to the bucket in the S3 console', async () => {
        const bucket = seedBucket(h.account, { name: 'hand-made-bucket' });

        expect(s3Bucket.consoleUrl(await h.listed(bucket.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/s3/buckets/hand-made-bucket?region=eu-west-1&tab=objects',
        );
      });
    });
    describe('configuration before deletion', () => {
      it('records policy, lifecycle rules and versioning, one read each', async () => {
        const bucket = seedBucket(h.account, { name: 'configured-bucket' });
        const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
        const rules: LifecycleRule[] = [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } }];
        setBucketConfiguration(h.account, 'configured-bucket', { policy, rules, versioning: 'Enabled' });
        const listed = await h.listed(bucket.arn);
        h.account.calls.length = 0;

        expect(await s3Bucket.describe!(h.clients, listed)).toEqual({
          bucket: 'configured-bucket',
          region: REGION,
          tags: {},
          policy,
          lifecycleRules: rules,
          versioning: { status: 'Enabled', mfaDelete: undefined },
        });
        expect(h.commandsCalled().sort()).toEqual(['GetBucketLifecycleConfiguration', 'GetBucketPolicy', 'GetBucketVersioning']);
      });

      it('records no policy and no lifecycle rules when S3 says NoSuchBucketPolicy / NoSuchLifecycleConfiguration', async () => {
        const bucket = seedBucket(h.account, { name: 'plain-bucket' });

        expect(await s3Bucket.describe!(h.clients, await h.listed(bucket.arn))).toEqual({
          bucket: 'plain-bucket',
          region: REGION,
          tags: {},
          policy: undefined,
          lifecycleRules: undefined,
          versioning: { status: undefined, mfaDelete: undefined },
        });
      });

      it('records a part it cannot read as { error } and keeps the others', async () => {
        const bucket = seedBucket(h.account, { name: 'guarded-bucket' });
        setBucketConfiguration(h.account, 'guarded-bucket', { versioning: 'Suspended' });
        h.account.failNext('GetBucketPolicy', () => new FakeAwsError('AccessDenied', 'Access Denied'));

        expect(await s3Bucket.describe!(h.clients, await h.listed(bucket.arn))).toMatchObject({
          policy: { error: 'AccessDenied: Access Denied' },
          lifecycleRules: undefined,
          versioning: { status: 'Suspended' },
        });
      });
    });
  },
);

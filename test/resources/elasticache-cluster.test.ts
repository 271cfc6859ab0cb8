import { describe, expect, it } from 'vitest';
import { elasticacheCluster } from '../../lambda/resources/elasticache-cluster';
import { FakeAwsError } from '../fakes/fake-account';
import { elastiCacheSnapshots, finishElastiCacheDeletions, installElastiCache, seedCacheCluster } from '../fakes/services/elasticache';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: elasticacheCluster,
    installers: [installElastiCache],
    seed: (account, options) => seedCacheCluster(account, options),
    deleteCommand: 'DeleteCacheCluster',
    slowDeletion: true,
    fullDeletion: { options: { backup: true } },
    tagActions: ['elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing', () => {
      it('describes a cluster with its ARN, creation time, engine and nodes', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        seedCacheCluster(h.account, { id: 'sessions', createdAt, engine: 'memcached', nodeType: 'cache.t3.small', nodes: 2 });

        expect(await h.listAll()).toEqual([
          {
            type: 'elasticache:cluster',
            arn: `arn:aws:elasticache:${REGION}:${h.account.accountId}:cluster:sessions`,
            id: 'sessions',
            name: 'sessions',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: {},
            details: { status: 'available', engine: 'memcached', nodeType: 'cache.t3.small', nodes: 2 },
          },
        ]);
      });

      it('leaves out replication group members (deleted with their group) and clusters being deleted', async () => {
        const standalone = seedCacheCluster(h.account);
        seedCacheCluster(h.account, { replicationGroupId: 'orders-cache' });
        seedCacheCluster(h.account, { status: 'deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([standalone.arn]);
      });
    });

    describe('deletion', () => {
      it('takes a final snapshot of a Valkey/Redis cluster when backups are on, and names it', async () => {
        const cluster = seedCacheCluster(h.account, { id: 'sessions', engine: 'valkey' });

        const outcome = await h.deleteListed(cluster.arn, { backup: true });

        expect(outcome).toEqual({
          status: 'started',
          note: 'deletion takes several minutes',
          backup: 'final snapshot janitor-final-sessions-202611240307',
        });
        expect(h.account.callsOf('DeleteCacheCluster').map((c) => c.input)).toEqual([
          { CacheClusterId: 'sessions', FinalSnapshotIdentifier: 'janitor-final-sessions-202611240307' },
        ]);
        expect(elastiCacheSnapshots(h.account).map((s) => s.data.name)).toEqual(['janitor-final-sessions-202611240307']);
      });

      it('deletes without a snapshot when backups are off', async () => {
        const cluster = seedCacheCluster(h.account, { id: 'sessions', engine: 'redis' });

        expect(await h.deleteListed(cluster.arn, { backup: false })).toEqual({ status: 'started', note: 'deletion takes several minutes' });
        expect(h.account.callsOf('DeleteCacheCluster').map((c) => c.input)).toEqual([{ CacheClusterId: 'sessions' }]);
        expect(elastiCacheSnapshots(h.account)).toEqual([]);
      });

      it('asks no snapshot of Memcached, which cannot take one', async () => {
        const cluster = seedCacheCluster(h.account, { id: 'pages', engine: 'memcached' });

        expect(await h.deleteListed(cluster.arn, { backup: true })).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; Memcached keeps no snapshot',
        });
        expect(h.account.callsOf('DeleteCacheCluster').map((c) => c.input)).toEqual([{ CacheClusterId: 'pages' }]);
      });

      it('lets ElastiCache refuse a cluster that is not available, with the AWS error name', async () => {
        const cluster = seedCacheCluster(h.account);
        const listed = await h.listed(cluster.arn);
        cluster.data.status = 'snapshotting';

        await expect(
          elasticacheCluster.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false }),
        ).rejects.toMatchObject({
          name: 'InvalidCacheClusterStateFault',
        });
      });

      it('started deletions are no longer listed, and gone once ElastiCache finishes', async () => {
        const cluster = seedCacheCluster(h.account);
        await h.deleteListed(cluster.arn);

        expect(await h.listAll()).toEqual([]);
        finishElastiCacheDeletions(h.account);
        expect(h.account.exists(cluster.arn)).toBe(false);
      });

      it('lets AWS errors from listing propagate with their AWS name', async () => {
        h.account.failNext('DescribeCacheClusters', () => new FakeAwsError('AccessDenied', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        expect(elasticacheCluster.iam.delete).toContain('elasticache:CreateSnapshot');
      });

      it('links to the cluster in the ElastiCache console, by engine', async () => {
        const redis = seedCacheCluster(h.account, { id: 'sessions' });
        const memcached = seedCacheCluster(h.account, { id: 'pages', engine: 'memcached' });

        expect(elasticacheCluster.consoleUrl(await h.listed(redis.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/elasticache/home?region=eu-west-1#/redis/sessions',
        );
        expect(elasticacheCluster.consoleUrl(await h.listed(memcached.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/elasticache/home?region=eu-west-1#/memcached/pages',
        );
      });

      it('estimates the monthly cost from node type and count', async () => {
        const small = seedCacheCluster(h.account, { nodeType: 'cache.t3.micro' });
        const pair = seedCacheCluster(h.account, { engine: 'memcached', nodeType: 'cache.r6g.large', nodes: 2 });
        const exotic = seedCacheCluster(h.account, { nodeType: 'cache.x2gd.16xlarge' });

        expect(elasticacheCluster.costHint!(await h.listed(small.arn))).toBe('~$12/month (cache.t3.micro)');
        expect(elasticacheCluster.costHint!(await h.listed(pair.arn))).toBe('~$301/month (2 × cache.r6g.large)');
        expect(elasticacheCluster.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);

import { describe, expect, it } from 'vitest';
import { elasticacheServerlessCache } from '../../lambda/resources/elasticache-serverless-cache';
import {
  elastiCacheServerlessSnapshots,
  finishElastiCacheDeletions,
  installElastiCache,
  seedServerlessCache,
} from '../fakes/services/elasticache';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: elasticacheServerlessCache,
    installers: [installElastiCache],
    seed: (account, options) => seedServerlessCache(account, options),
    deleteCommand: 'DeleteServerlessCache',
    slowDeletion: true,
    listCommand: 'DescribeServerlessCaches',
    completeCommand: 'DescribeServerlessCaches',
    describeCommand: 'DescribeServerlessCaches',
    goneError: 'ServerlessCacheNotFoundFault',
    fullDeletion: { options: { backup: true } },
    tagActions: ['elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists name, ARN and engine, leaving creation time and tags to complete()', async () => {
        seedServerlessCache(h.account, { name: 'sessions', engine: 'valkey' });

        expect(await h.listAll()).toEqual([
          {
            type: 'elasticache:serverlesscache',
            arn: `arn:aws:elasticache:${REGION}:${h.account.accountId}:serverlesscache:sessions`,
            id: 'sessions',
            name: 'sessions',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: { status: 'available', engine: 'valkey', engineVersion: '8' },
            needsCompletion: true,
          },
        ]);
      });

      it('finds a never-tagged cache and reads tags from ElastiCache itself', async () => {
        const neverTagged = seedServerlessCache(h.account);
        const tagged = seedServerlessCache(h.account, { tags: { team: 'payments' } });
        h.account.taggingApiGaps.add(tagged.arn);
        expect(await h.arnsFromTaggingApi()).toEqual([]);

        const completed = new Map((await h.listAndComplete()).map((r) => [r.arn, r.tags]));

        expect(completed).toEqual(
          new Map([
            [neverTagged.arn, {}],
            [tagged.arn, { team: 'payments' }],
          ]),
        );
        expect(h.account.callsOf('ListTagsForResource').map((c) => c.input.ResourceName)).toEqual([neverTagged.arn, tagged.arn]);
      });

      it('leaves out caches being deleted, and waits another night for one that is not available', async () => {
        const kept = seedServerlessCache(h.account);
        seedServerlessCache(h.account, { status: 'deleting' });
        seedServerlessCache(h.account, { status: 'modifying' });

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('deletes with a final snapshot named janitor-final-<name>-<yyyymmddhhmm>, and names it', async () => {
        const cache = seedServerlessCache(h.account, { name: 'sessions' });

        expect(await h.deleteListed(cache.arn)).toEqual({
          status: 'started',
          note: 'deletion takes several minutes',
          backup: 'final snapshot janitor-final-sessions-202611240307',
        });
        expect(h.account.callsOf('DeleteServerlessCache').map((c) => c.input)).toEqual([
          { ServerlessCacheName: 'sessions', FinalSnapshotName: 'janitor-final-sessions-202611240307' },
        ]);
        expect(elastiCacheServerlessSnapshots(h.account).map((s) => [s.data.name, s.data.sourceId])).toEqual([
          ['janitor-final-sessions-202611240307', 'sessions'],
        ]);
      });

      it('takes a final snapshot of a serverless Memcached cache too', async () => {
        const cache = seedServerlessCache(h.account, { name: 'pages', engine: 'memcached' });

        expect(await h.deleteListed(cache.arn)).toMatchObject({ backup: 'final snapshot janitor-final-pages-202611240307' });
      });

      it('deletes without a snapshot when backups are off, saying so', async () => {
        const cache = seedServerlessCache(h.account, { name: 'sessions' });

        expect(await h.deleteListed(cache.arn, { backup: false })).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; no final snapshot (backups are off)',
        });
        expect(h.account.callsOf('DeleteServerlessCache')[0]!.input).toEqual({ ServerlessCacheName: 'sessions' });
        expect(elastiCacheServerlessSnapshots(h.account)).toEqual([]);
      });

      it('skips a cache that is no longer available, rather than have ElastiCache refuse it', async () => {
        const cache = seedServerlessCache(h.account);
        const listed = await h.completed(cache.arn);
        cache.data.status = 'modifying';

        expect(
          await elasticacheServerlessCache.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false }),
        ).toEqual({
          status: 'skipped',
          reason: 'status is modifying, not available',
        });
        expect(h.account.callsOf('DeleteServerlessCache')).toEqual([]);
      });

      it('started deletions are no longer listed, and gone once ElastiCache finishes', async () => {
        const cache = seedServerlessCache(h.account);
        await h.deleteListed(cache.arn);

        expect(await h.listAll()).toEqual([]);
        finishElastiCacheDeletions(h.account);
        expect(h.account.exists(cache.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('reaches the new final snapshot unconditioned, janitor-final-* serverless snapshots only', () => {
        const snapshots = ['arn:${Partition}:elasticache:*:*:serverlesscachesnapshot:janitor-final-*'];
        expect(elasticacheServerlessCache.iam.resources?.deleteUnconditioned).toEqual({
          'elasticache:DeleteServerlessCache': snapshots,
          'elasticache:CreateServerlessCacheSnapshot': snapshots,
        });
        expect(elasticacheServerlessCache.iam.read).toContain('elasticache:ListTagsForResource');
      });

      it('links to the cache in the ElastiCache console, and states the minimum monthly cost by engine', async () => {
        const valkey = await h.listed(seedServerlessCache(h.account, { name: 'sessions', engine: 'valkey' }).arn);
        const redis = await h.listed(seedServerlessCache(h.account, { engine: 'redis' }).arn);

        expect(elasticacheServerlessCache.consoleUrl(valkey)).toBe(
          'https://eu-west-1.console.aws.amazon.com/elasticache/home?region=eu-west-1#/serverless/sessions',
        );
        expect(elasticacheServerlessCache.costHint!(valkey)).toBe('~$6/month at the 100 MB minimum, + data stored beyond it and ECPUs');
        expect(elasticacheServerlessCache.costHint!(redis)).toBe('~$91/month at the 1 GB minimum, + data stored beyond it and ECPUs');
      });
    });
  },
);

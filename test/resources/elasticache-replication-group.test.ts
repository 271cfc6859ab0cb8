import { describe, expect, it } from 'vitest';
import { elasticacheCluster } from '../../lambda/resources/elasticache-cluster';
import { elasticacheReplicationGroup } from '../../lambda/resources/elasticache-replication-group';
import { FakeAwsError } from '../fakes/fake-account';
import {
  elastiCacheSnapshots,
  finishElastiCacheDeletions,
  installElastiCache,
  seedCacheCluster,
  seedReplicationGroup,
} from '../fakes/services/elasticache';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: elasticacheReplicationGroup,
    installers: [installElastiCache],
    seed: (account, options) => seedReplicationGroup(account, options),
    deleteCommand: 'DeleteReplicationGroup',
    slowDeletion: true,
    listCommand: 'DescribeReplicationGroups',
    completeCommand: 'DescribeReplicationGroups',
    describeCommand: 'DescribeReplicationGroups',
    goneError: 'ReplicationGroupNotFoundFault',
    fullDeletion: { options: { backup: true } },
    tagActions: ['elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists id, ARN, engine and nodes, leaving creation time and tags to complete()', async () => {
        seedReplicationGroup(h.account, { id: 'orders-cache', engine: 'valkey', nodeType: 'cache.r7g.large', nodes: 3 });

        expect(await h.listAll()).toEqual([
          {
            type: 'elasticache:replicationgroup',
            arn: `arn:aws:elasticache:${REGION}:${h.account.accountId}:replicationgroup:orders-cache`,
            id: 'orders-cache',
            name: 'orders-cache',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: { status: 'available', engine: 'valkey', nodeType: 'cache.r7g.large', nodes: 3, clusterMode: false },
            needsCompletion: true,
          },
        ]);
      });

      it('finds a never-tagged group, which GetResources does not return', async () => {
        const neverTagged = seedReplicationGroup(h.account);
        expect(await h.arnsFromTaggingApi()).toEqual([]);

        expect(await h.completed(neverTagged.arn)).toMatchObject({ tags: {}, createdAt: NOW });
      });

      it('reads the tags from ElastiCache (ListTagsForResource by ARN), not from the tagging API', async () => {
        const createdAt = new Date('2025-06-01T12:00:00Z');
        const group = seedReplicationGroup(h.account, { createdAt, tags: { team: 'payments', 'janitor:exempt': 'true' } });
        h.account.taggingApiGaps.add(group.arn);

        const completed = await h.completed(group.arn);

        expect(completed).toMatchObject({ createdAt, tags: { team: 'payments', 'janitor:exempt': 'true' } });
        expect(h.account.callsOf('ListTagsForResource').map((c) => c.input)).toEqual([{ ResourceName: group.arn }]);
      });

      it('leaves a group that is not available (its tags cannot be read) out of the night, and groups being deleted out of the inventory', async () => {
        const kept = seedReplicationGroup(h.account);
        seedReplicationGroup(h.account, { status: 'modifying' });
        seedReplicationGroup(h.account, { status: 'deleting' });

        expect((await h.listAll()).length).toBe(2);
        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([kept.arn]);
      });

      it('protects a member of a Global Datastore from the listing on', async () => {
        const member = seedReplicationGroup(h.account, { globalDatastoreId: 'ldgnf-orders' });

        expect((await h.listed(member.arn)).protectedBecause).toBe('member of Global Datastore ldgnf-orders');
      });

      it('leaves member nodes to the group: elasticache:cluster lists none of them', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache', nodes: 2, withMemberClusters: true });
        const standalone = seedCacheCluster(h.account, { id: 'sessions' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([group.arn]);
        const clusters = [];
        for await (const r of elasticacheCluster.list(h.clients)) clusters.push(r.arn);
        expect(clusters).toEqual([standalone.arn]);
      });
    });

    describe('deletion', () => {
      it('deletes the whole group with a final snapshot named janitor-final-<id>-<yyyymmddhhmm>, and names it', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache', nodes: 2, withMemberClusters: true });

        const outcome = await h.deleteListed(group.arn);

        expect(outcome).toEqual({
          status: 'started',
          note: 'the group and its 2 node(s) are being deleted: several minutes',
          backup: 'final snapshot janitor-final-orders-cache-202611240307',
        });
        expect(h.account.callsOf('DeleteReplicationGroup').map((c) => c.input)).toEqual([
          {
            ReplicationGroupId: 'orders-cache',
            RetainPrimaryCluster: false,
            FinalSnapshotIdentifier: 'janitor-final-orders-cache-202611240307',
          },
        ]);
        expect(elastiCacheSnapshots(h.account).map((s) => [s.data.name, s.data.sourceId])).toEqual([
          ['janitor-final-orders-cache-202611240307', 'orders-cache'],
        ]);
        // The group's nodes go with it, never through DeleteCacheCluster.
        expect(h.account.callsOf('DeleteCacheCluster')).toEqual([]);
      });

      it('deletes without a snapshot when backups are off, saying so', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache' });

        expect(await h.deleteListed(group.arn, { backup: false })).toEqual({
          status: 'started',
          note: 'the group and its 2 node(s) are being deleted: several minutes; no final snapshot (backups are off)',
        });
        expect(h.account.callsOf('DeleteReplicationGroup')[0]!.input).toEqual({
          ReplicationGroupId: 'orders-cache',
          RetainPrimaryCluster: false,
        });
        expect(elastiCacheSnapshots(h.account)).toEqual([]);
      });

      it('skips a member of a Global Datastore, even one that joined after the listing', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache' });
        const listed = await h.completed(group.arn);
        group.data.globalDatastoreId = 'ldgnf-orders';

        expect(
          await elasticacheReplicationGroup.delete(h.clients, listed, { backup: true, disableProtection: true, emptyFirst: false }),
        ).toEqual({
          status: 'skipped',
          reason: 'member of Global Datastore ldgnf-orders: remove it from the Global Datastore first',
        });
        expect(h.account.callsOf('DeleteReplicationGroup')).toEqual([]);
      });

      it('skips a group that is no longer available, rather than have ElastiCache refuse it', async () => {
        const group = seedReplicationGroup(h.account);
        const listed = await h.completed(group.arn);
        group.data.status = 'snapshotting';

        expect(
          await elasticacheReplicationGroup.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false }),
        ).toEqual({
          status: 'skipped',
          reason: 'status is snapshotting, not available',
        });
        expect(h.account.callsOf('DeleteReplicationGroup')).toEqual([]);
      });

      it('lets a snapshot name already taken fail with the AWS error name', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache' });
        h.account.failNext('DeleteReplicationGroup', () => new FakeAwsError('SnapshotAlreadyExistsFault', 'exists'));

        await expect(h.deleteListed(group.arn)).rejects.toMatchObject({ name: 'SnapshotAlreadyExistsFault' });
      });

      it('started deletions are no longer listed, and the group and its nodes are gone once ElastiCache finishes', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache', withMemberClusters: true });
        await h.deleteListed(group.arn);

        expect(await h.listAll()).toEqual([]);
        finishElastiCacheDeletions(h.account);
        expect(h.account.exists(group.arn)).toBe(false);
        expect(h.account.list('elasticache:cluster')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('reaches the new final snapshot unconditioned, janitor-final-* snapshots only', () => {
        expect(elasticacheReplicationGroup.iam.resources?.deleteUnconditioned).toEqual({
          'elasticache:DeleteReplicationGroup': ['arn:${Partition}:elasticache:*:*:snapshot:janitor-final-*'],
          'elasticache:CreateSnapshot': ['arn:${Partition}:elasticache:*:*:snapshot:janitor-final-*'],
        });
        expect(elasticacheReplicationGroup.iam.read).toContain('elasticache:ListTagsForResource');
      });

      it('links to the group in the ElastiCache console, and estimates the monthly cost from node type and count', async () => {
        const group = seedReplicationGroup(h.account, { id: 'orders-cache', nodeType: 'cache.r7g.large', nodes: 3 });
        const exotic = seedReplicationGroup(h.account, { nodeType: 'cache.x2gd.16xlarge' });
        const listed = await h.listed(group.arn);

        expect(elasticacheReplicationGroup.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/elasticache/home?region=eu-west-1#/redis/orders-cache',
        );
        expect(elasticacheReplicationGroup.costHint!(listed)).toBe('~$480/month (3 × cache.r7g.large)');
        expect(elasticacheReplicationGroup.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);

import { describe, expect, it } from 'vitest';
import { memorydbCluster } from '../../lambda/resources/memorydb-cluster';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { finishMemoryDbDeletions, installMemoryDb, memoryDbSnapshots, seedMemoryDbCluster } from '../fakes/services/memorydb';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: memorydbCluster,
    installers: [installMemoryDb],
    seed: (account, options) => seedMemoryDbCluster(account, options),
    deleteCommand: 'DeleteCluster',
    slowDeletion: true,
    listCommand: 'DescribeClusters',
    completeCommand: 'DescribeClusters',
    describeCommand: 'DescribeClusters',
    goneError: 'ClusterNotFoundFault',
    fullDeletion: { options: { backup: true } },
    tagActions: ['memorydb:TagResource', 'memorydb:UntagResource'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTags: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists name, ARN, engine, node type and shards, leaving nodes, creation time and tags to complete()', async () => {
        seedMemoryDbCluster(h.account, { name: 'sessions', shards: 2 });

        expect(await h.listAll()).toEqual([
          {
            type: 'memorydb:cluster',
            arn: `arn:aws:memorydb:${REGION}:${h.account.accountId}:cluster/sessions`,
            id: 'sessions',
            name: 'sessions',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: { status: 'available', engine: 'valkey', engineVersion: '7.3', nodeType: 'db.r7g.large', shards: 2 },
            needsCompletion: true,
          },
        ]);
        expect(h.account.callsOf('DescribeClusters').map((c) => c.input.ShowShardDetails)).toEqual([undefined]);
      });

      it('completes with the shard details: node count, and the oldest node as the creation time', async () => {
        const createdAt = new Date('2026-10-01T12:00:00Z');
        const c = seedMemoryDbCluster(h.account, { name: 'sessions', shards: 2, replicasPerShard: 2, createdAt });

        const completed = await h.completed(c.arn);

        expect(completed.createdAt).toEqual(createdAt);
        expect(completed.details).toMatchObject({ shards: 2, nodes: 6 });
        expect(h.account.callsOf('DescribeClusters').at(-1)!.input).toEqual({ ClusterName: 'sessions', ShowShardDetails: true });
      });

      it('reads tags from MemoryDB itself: a tagged cluster GetResources misses keeps its tags', async () => {
        const neverTagged = seedMemoryDbCluster(h.account);
        const tagged = seedMemoryDbCluster(h.account, { tags: { team: 'payments' } });
        h.account.taggingApiGaps.add(tagged.arn);

        const completed = new Map((await h.listAndComplete()).map((r) => [r.arn, r.tags]));

        expect(completed).toEqual(
          new Map([
            [neverTagged.arn, {}],
            [tagged.arn, { team: 'payments' }],
          ]),
        );
        expect(h.account.callsOf('ListTags').map((c) => c.input.ResourceArn)).toEqual([neverTagged.arn, tagged.arn]);
      });

      it('leaves out clusters being created or deleted; one updating or snapshotting is inventory', async () => {
        const kept = ['available', 'updating', 'snapshotting'].map((status) => seedMemoryDbCluster(h.account, { status }).arn);
        seedMemoryDbCluster(h.account, { status: 'creating' });
        seedMemoryDbCluster(h.account, { status: 'deleting' });

        expect((await h.listAll()).map((r) => r.arn).sort()).toEqual(kept.sort());
        expect((await h.listAndComplete()).map((r) => r.arn).sort()).toEqual(kept.sort());
      });

      it('leaves out a cluster whose deletion started between the listing and completion', async () => {
        const c = seedMemoryDbCluster(h.account);
        const listed = await h.listAll();
        c.data.status = 'deleting';
        h.account.calls.length = 0;

        expect(await memorydbCluster.complete!(h.clients, listed)).toEqual([]);
        expect(h.account.callsOf('ListTags')).toEqual([]);
      });

      it('leaves out a cluster whose tags cannot be read now, rather than judge it untagged', async () => {
        const c = seedMemoryDbCluster(h.account);
        const listed = await h.listAll();
        h.account.failNext('ListTags', () => Object.assign(new Error('not now'), { name: 'InvalidClusterStateFault' }));

        expect(await memorydbCluster.complete!(h.clients, listed)).toEqual([]);
        expect(h.account.exists(c.arn)).toBe(true);
      });

      it('protects a member of a Multi-Region cluster, naming it', async () => {
        const member = seedMemoryDbCluster(h.account, { multiRegionClusterName: 'abcde-orders' });

        expect((await h.completed(member.arn)).protectedBecause).toBe(
          'member of MemoryDB Multi-Region cluster abcde-orders: deleting it removes this Region from the Multi-Region cluster. Remove it there deliberately, or exempt it',
        );
      });
    });

    describe('deletion', () => {
      it('deletes with a final snapshot named janitor-final-<name>-<yyyymmddhhmm>, and names it', async () => {
        const c = seedMemoryDbCluster(h.account, { name: 'sessions', shards: 2 });

        expect(await h.deleteListed(c.arn)).toEqual({
          status: 'started',
          note: 'the cluster and its 4 node(s) are being deleted: several minutes',
          backup: 'final snapshot janitor-final-sessions-202611240307',
        });
        expect(h.account.callsOf('DeleteCluster').map((call) => call.input)).toEqual([
          { ClusterName: 'sessions', FinalSnapshotName: 'janitor-final-sessions-202611240307' },
        ]);
        expect(memoryDbSnapshots(h.account).map((s) => [s.data.name, s.data.sourceId])).toEqual([
          ['janitor-final-sessions-202611240307', 'sessions'],
        ]);
      });

      it('deletes without a snapshot when backups are off, saying the data is lost', async () => {
        const c = seedMemoryDbCluster(h.account, { name: 'sessions' });

        expect(await h.deleteListed(c.arn, { backup: false })).toEqual({
          status: 'started',
          note: 'the cluster and its 2 node(s) are being deleted: several minutes; no final snapshot (backups are off), its data is lost',
        });
        expect(h.account.callsOf('DeleteCluster')[0]!.input).toEqual({ ClusterName: 'sessions' });
        expect(memoryDbSnapshots(h.account)).toEqual([]);
      });

      it('skips a member of a Multi-Region cluster, even one that joined since the listing', async () => {
        const c = seedMemoryDbCluster(h.account);
        const listed = await h.completed(c.arn);
        c.data.multiRegionClusterName = 'abcde-orders';

        expect(await memorydbCluster.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'skipped',
          reason:
            'member of MemoryDB Multi-Region cluster abcde-orders: deleting it removes this Region from the Multi-Region cluster. Remove it there deliberately, or exempt it',
        });
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);
      });

      it('retries a cluster that is updating or snapshotting in a later wave', async () => {
        for (const status of ['updating', 'snapshotting']) {
          const c = seedMemoryDbCluster(h.account);
          const listed = await h.completed(c.arn);
          c.data.status = status;
          await expect(memorydbCluster.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toBeInstanceOf(RetryLaterError);
        }
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);
      });

      it('reports a cluster already being deleted as started, without deleting it again', async () => {
        const c = seedMemoryDbCluster(h.account);
        const listed = await h.completed(c.arn);
        c.data.status = 'deleting';

        expect(await memorydbCluster.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'the cluster was already being deleted',
        });
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);
      });

      it('started deletions are no longer listed, and gone once MemoryDB finishes', async () => {
        const c = seedMemoryDbCluster(h.account);
        await h.deleteListed(c.arn);

        expect(await h.listAll()).toEqual([]);
        finishMemoryDbDeletions(h.account);
        expect(h.account.exists(c.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('reaches the new final snapshot unconditioned, janitor-final-* MemoryDB snapshots only', () => {
        expect(memorydbCluster.iam.resources?.deleteUnconditioned).toEqual({
          'memorydb:DeleteCluster': ['arn:${Partition}:memorydb:*:*:snapshot/janitor-final-*'],
        });
        expect(memorydbCluster.iam.delete).toEqual(['memorydb:DeleteCluster', 'memorydb:CreateSnapshot']);
        expect(memorydbCluster.iam.read).toContain('memorydb:ListTags');
      });

      it('describes node type, shards with their nodes, and engine', async () => {
        const c = seedMemoryDbCluster(h.account, { name: 'sessions' });
        const configuration = (await memorydbCluster.describe!(h.clients, await h.completed(c.arn))) as Record<string, any>;

        expect(configuration).toMatchObject({ Name: 'sessions', NodeType: 'db.r7g.large', Engine: 'valkey', NumberOfShards: 1 });
        expect(configuration.Shards[0].Nodes).toHaveLength(2);
      });

      it('states the node count and type once completed, nothing before', async () => {
        const c = seedMemoryDbCluster(h.account, { shards: 3, nodeType: 'db.r6g.xlarge' });

        expect(memorydbCluster.costHint!(await h.completed(c.arn))).toBe(
          '6 × db.r6g.xlarge node(s), billed per node-hour, + data written and snapshot storage',
        );
        expect(memorydbCluster.costHint!(await h.listed(c.arn))).toBeUndefined();
      });

      it('links to the cluster in the MemoryDB console', async () => {
        const c = await h.listed(seedMemoryDbCluster(h.account, { name: 'sessions' }).arn);

        expect(memorydbCluster.consoleUrl(c)).toBe(
          'https://eu-west-1.console.aws.amazon.com/memorydb/home?region=eu-west-1#/clusters/sessions',
        );
      });
    });
  },
);

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auroraCluster } from '../../lambda/resources/aurora-cluster';
import { FakeAwsError } from '../fakes/fake-account';
import { clusterMembers, finishRdsDeletions, installRds, rdsSnapshots, seedAuroraCluster, seedDbInstance } from '../fakes/services/rds';
import { REGION, describePlugin, grantedForListAndDelete } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: auroraCluster,
    installers: [installRds],
    seed: (account, options) => seedAuroraCluster(account, options),
    deleteCommand: 'DeleteDBCluster',
    slowDeletion: true,
  },
  (h) => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW);
    });
    afterEach(() => vi.useRealTimers());

    describe('listing', () => {
      it('describes a cluster with its creation time, engine, members and their classes', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        seedAuroraCluster(h.account, { id: 'catalog', createdAt, engine: 'aurora-mysql', memberClasses: ['db.r6g.large', 'db.t4g.medium'], tags: { team: 'shop' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'rds:cluster',
            arn: `arn:aws:rds:${REGION}:${h.account.accountId}:cluster:catalog`,
            id: 'catalog',
            name: 'catalog',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { team: 'shop' },
            details: {
              status: 'available',
              engine: 'aurora-mysql',
              deletionProtection: false,
              members: 'catalog-instance-1,catalog-instance-2',
              memberClasses: 'db.r6g.large,db.t4g.medium',
              serverlessMinAcu: undefined,
            },
          },
        ]);
      });

      it('leaves out non-Aurora clusters (Multi-AZ DB clusters, DocumentDB, Neptune) and clusters being deleted', async () => {
        const aurora = seedAuroraCluster(h.account);
        seedAuroraCluster(h.account, { engine: 'docdb' });
        seedAuroraCluster(h.account, { engine: 'postgres' });
        seedAuroraCluster(h.account, { status: 'deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([aurora.arn]);
      });

      it('reads member classes with one instance sweep, not one call per cluster', async () => {
        for (let i = 0; i < 7; i++) seedAuroraCluster(h.account);
        h.account.defaultPageSize = 100;

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['DescribeDBClusters', 'DescribeDBInstances']);
        expect(h.account.callsOf('DescribeDBInstances')).toHaveLength(1);
      });
    });

    describe('deletion protection', () => {
      it('reports a protected cluster as skipped and deletes none of its members', async () => {
        const cluster = seedAuroraCluster(h.account, { deletionProtection: true, memberClasses: ['db.r6g.large', 'db.r6g.large'] });

        expect(await h.deleteListed(cluster.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.mutatingCalls()).toEqual([]);
        expect(clusterMembers(h.account, cluster).map((db) => db.data.status)).toEqual(['available', 'available']);
      });

      it('switches protection off first when allowed, then deletes members and cluster', async () => {
        const cluster = seedAuroraCluster(h.account, { id: 'legacy', deletionProtection: true });

        const outcome = await h.deleteListed(cluster.arn, { disableProtection: true, backup: false });

        expect(outcome).toEqual({ status: 'started', note: '1 member instance(s) and the cluster are being deleted; no final snapshot (backups are off)' });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['ModifyDBCluster', { DBClusterIdentifier: 'legacy', DeletionProtection: false, ApplyImmediately: true }],
          ['DeleteDBInstance', { DBInstanceIdentifier: 'legacy-instance-1', SkipFinalSnapshot: true }],
          ['DeleteDBCluster', { DBClusterIdentifier: 'legacy', SkipFinalSnapshot: true }],
        ]);
        expect(cluster.data.status).toBe('deleting');
      });

      it('skips a member of a global database, which must be detached first', async () => {
        const cluster = seedAuroraCluster(h.account, { globalClusterId: 'world-orders' });

        expect(await h.deleteListed(cluster.arn, { disableProtection: true })).toEqual({
          status: 'skipped',
          reason: 'member of global database world-orders: remove it from the global database first',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
      });
    });

    describe('members and final snapshot', () => {
      it('deletes every member instance before the cluster, then takes the final cluster snapshot', async () => {
        const cluster = seedAuroraCluster(h.account, { id: 'catalog', memberClasses: ['db.r6g.large', 'db.r6g.large'] });

        const outcome = await h.deleteListed(cluster.arn, { backup: true });

        expect(outcome).toEqual({
          status: 'started',
          note: '2 member instance(s) and the cluster are being deleted',
          backup: 'final snapshot janitor-final-catalog-202611240307',
        });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['DeleteDBInstance', { DBInstanceIdentifier: 'catalog-instance-1', SkipFinalSnapshot: true }],
          ['DeleteDBInstance', { DBInstanceIdentifier: 'catalog-instance-2', SkipFinalSnapshot: true }],
          [
            'DeleteDBCluster',
            { DBClusterIdentifier: 'catalog', SkipFinalSnapshot: false, FinalDBSnapshotIdentifier: 'janitor-final-catalog-202611240307', DeleteAutomatedBackups: false },
          ],
        ]);
        expect(rdsSnapshots(h.account).map((s) => [s.type, s.data.id])).toEqual([['rds:cluster-snapshot', 'janitor-final-catalog-202611240307']]);
      });

      it('throws InvalidDBClusterStateFault when RDS refuses the cluster, and does not delete members twice on the retry', async () => {
        const cluster = seedAuroraCluster(h.account, { memberClasses: ['db.r6g.large', 'db.r6g.large'] });
        const listed = await h.listed(cluster.arn);
        const options = { backup: true, disableProtection: false, deleteNonEmptyBuckets: false };
        h.account.failNext(
          'DeleteDBCluster',
          () => new FakeAwsError('InvalidDBClusterStateFault', 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.'),
        );

        await expect(auroraCluster.delete(h.clients, listed, options)).rejects.toMatchObject({ name: 'InvalidDBClusterStateFault' });
        expect(h.account.callsOf('DeleteDBInstance')).toHaveLength(2);

        // The engine's retry in a later wave: members are already deleting.
        expect(await auroraCluster.delete(h.clients, listed, options)).toMatchObject({ status: 'started', note: 'the cluster is being deleted' });
        expect(h.account.callsOf('DeleteDBInstance')).toHaveLength(2);
        expect(cluster.data.status).toBe('deleting');
      });

      it('leaves other clusters’ instances alone', async () => {
        const doomed = seedAuroraCluster(h.account);
        const other = seedAuroraCluster(h.account);
        const standalone = seedDbInstance(h.account);

        await h.deleteListed(doomed.arn);

        expect(clusterMembers(h.account, other).map((db) => db.data.status)).toEqual(['available']);
        expect(standalone.data.status).toBe('available');
      });
    });

    describe('started deletions', () => {
      it('are no longer listed, and cluster and members are gone once RDS finishes', async () => {
        const cluster = seedAuroraCluster(h.account);
        const [member] = clusterMembers(h.account, cluster);
        await h.deleteListed(cluster.arn, { backup: false });

        expect(await h.listAll()).toEqual([]);
        finishRdsDeletions(h.account);
        expect(h.account.exists(cluster.arn)).toBe(false);
        expect(h.account.exists(member.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('grants an IAM action for every call that list and delete make', async () => {
        const cluster = seedAuroraCluster(h.account, { deletionProtection: true });
        await h.deleteListed(cluster.arn, { backup: true, disableProtection: true });
        const granted = grantedForListAndDelete(auroraCluster);

        for (const command of h.commandsCalled()) expect(granted).toContain(`rds:${command}`);
        expect(auroraCluster.iam.delete).toContain('rds:CreateDBClusterSnapshot');
        expect(auroraCluster.iam.tag).toEqual(['rds:AddTagsToResource', 'rds:RemoveTagsFromResource']);
      });

      it('links to the cluster in the RDS console', async () => {
        const cluster = seedAuroraCluster(h.account, { id: 'catalog' });

        expect(auroraCluster.consoleUrl(await h.listed(cluster.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=catalog;is-cluster=true',
        );
      });

      it('estimates the monthly cost from the member classes, Serverless v2 at its minimum capacity', async () => {
        const provisioned = seedAuroraCluster(h.account, { memberClasses: ['db.r6g.large', 'db.r6g.large'] });
        const serverless = seedAuroraCluster(h.account, { memberClasses: ['db.serverless'], serverlessMinAcu: 0.5 });
        const exotic = seedAuroraCluster(h.account, { memberClasses: ['db.x2g.16xlarge'] });

        expect(auroraCluster.costHint!(await h.listed(provisioned.arn))).toBe('~$380/month (2 × db.r6g.large) + storage');
        expect(auroraCluster.costHint!(await h.listed(serverless.arn))).toBe('at least ~$44/month (db.serverless) + storage');
        expect(auroraCluster.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);

import { describe, expect, it } from 'vitest';
import { MARK_TAG } from '../../lambda/core/model';
import { auroraCluster } from '../../lambda/resources/aurora-cluster';
import { FakeAwsError } from '../fakes/fake-account';
import { clusterMembers, finishRdsDeletions, installRds, rdsSnapshots, seedAuroraCluster, seedDbInstance } from '../fakes/services/rds';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');
/** The mark the engine wrote on the cluster; the engine deletes only clusters carrying one. */
const MARK = '2026-11-24T02:00:00Z';
const MARKED = { [MARK_TAG]: MARK };

describePlugin(
  {
    type: auroraCluster,
    installers: [installRds],
    seed: (account, options) => seedAuroraCluster(account, options),
    deleteCommand: 'DeleteDBCluster',
    slowDeletion: true,
    fullDeletion: {
      seed: (account) => seedAuroraCluster(account, { deletionProtection: true, tags: MARKED }),
      options: { backup: true, disableProtection: true },
    },
    tagActions: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    describeCommand: 'DescribeDBClusters',
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing', () => {
      it('describes a cluster with its creation time, engine, members and their classes', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        seedAuroraCluster(h.account, {
          id: 'catalog',
          createdAt,
          engine: 'aurora-mysql',
          memberClasses: ['db.r6g.large', 'db.t4g.medium'],
          tags: { team: 'shop' },
        });

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
        const cluster = seedAuroraCluster(h.account, { id: 'legacy', deletionProtection: true, tags: MARKED });
        const member = clusterMembers(h.account, cluster)[0]!;

        const outcome = await h.deleteListed(cluster.arn, { disableProtection: true, backup: false });

        expect(outcome).toEqual({
          status: 'started',
          note: '1 member instance(s) and the cluster are being deleted; no final snapshot (backups are off)',
        });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['ModifyDBCluster', { DBClusterIdentifier: 'legacy', DeletionProtection: false, ApplyImmediately: true }],
          ['AddTagsToResource', { ResourceName: member.arn, Tags: [{ Key: MARK_TAG, Value: MARK }] }],
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
        const cluster = seedAuroraCluster(h.account, { id: 'catalog', memberClasses: ['db.r6g.large', 'db.r6g.large'], tags: MARKED });
        const [first, second] = clusterMembers(h.account, cluster);
        const markMember = (arn: string) => ['AddTagsToResource', { ResourceName: arn, Tags: [{ Key: MARK_TAG, Value: MARK }] }];

        const outcome = await h.deleteListed(cluster.arn, { backup: true });

        expect(outcome).toEqual({
          status: 'started',
          note: '2 member instance(s) and the cluster are being deleted',
          backup: 'final snapshot janitor-final-catalog-202611240307',
        });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          markMember(first!.arn),
          ['DeleteDBInstance', { DBInstanceIdentifier: 'catalog-instance-1', SkipFinalSnapshot: true }],
          markMember(second!.arn),
          ['DeleteDBInstance', { DBInstanceIdentifier: 'catalog-instance-2', SkipFinalSnapshot: true }],
          [
            'DeleteDBCluster',
            {
              DBClusterIdentifier: 'catalog',
              SkipFinalSnapshot: false,
              FinalDBSnapshotIdentifier: 'janitor-final-catalog-202611240307',
              DeleteAutomatedBackups: false,
            },
          ],
        ]);
        expect(rdsSnapshots(h.account).map((s) => [s.type, s.data.id])).toEqual([
          ['rds:cluster-snapshot', 'janitor-final-catalog-202611240307'],
        ]);
      });

      it("marks each member with the cluster's mark before deleting it, so DeleteDBInstance is allowed under the mark condition", async () => {
        const cluster = seedAuroraCluster(h.account, {
          memberClasses: ['db.r6g.large', 'db.r6g.large'],
          tags: { ...MARKED, team: 'shop' },
        });
        const members = clusterMembers(h.account, cluster);

        await h.deleteListed(cluster.arn, { backup: false });

        // Only the members were tagged, with the mark alone (not the cluster's other tags), and each
        // carried it when its DeleteDBInstance was made.
        expect(h.account.tagWrites.map((w) => [w.arn, w.written])).toEqual(members.map((db) => [db.arn, { [MARK_TAG]: MARK }]));
        for (const db of members) {
          const marked = h.account.tagWrites.find((w) => w.arn === db.arn)!.callIndex;
          const deleted = h.account.calls.findIndex((c) => c.command === 'DeleteDBInstance' && c.input.DBInstanceIdentifier === db.data.id);
          // callIndex counts the calls made before the write took effect: the delete came after it.
          expect(marked).toBeLessThanOrEqual(deleted);
          expect(db.tags).toEqual({ [MARK_TAG]: MARK });
          expect(db.data.status).toBe('deleting');
        }
      });

      it('leaves a mark a member already carries as it is', async () => {
        const cluster = seedAuroraCluster(h.account, { tags: MARKED });
        const member = clusterMembers(h.account, cluster)[0]!;
        member.tags[MARK_TAG] = '2026-11-20T02:00:00Z';

        await h.deleteListed(cluster.arn, { backup: false });

        expect(h.account.callsOf('AddTagsToResource')).toEqual([]);
        expect(member.tags[MARK_TAG]).toBe('2026-11-20T02:00:00Z');
        expect(member.data.status).toBe('deleting');
      });

      it('writes its mark on members only, never on the final snapshot (whose tags are only what CopyTagsToSnapshot copies, as before)', async () => {
        const copying = seedAuroraCluster(h.account, { id: 'copying', tags: MARKED, copyTagsToSnapshot: true });
        const plain = seedAuroraCluster(h.account, { id: 'plain', tags: MARKED });

        await h.deleteListed(copying.arn, { backup: true });
        await h.deleteListed(plain.arn, { backup: true });

        const snapshots = rdsSnapshots(h.account);
        expect(snapshots.map((snap) => [snap.data.id, snap.tags])).toEqual([
          ['janitor-final-copying-202611240307', { [MARK_TAG]: MARK }],
          ['janitor-final-plain-202611240307', {}],
        ]);
        // The janitor's own tag writes reach the member instances only.
        expect(h.account.tagWrites.every((w) => w.arn.includes(':db:'))).toBe(true);
        expect(h.account.callsOf('AddTagsToResource').every((c) => (c.input.ResourceName as string).includes(':db:'))).toBe(true);
      });

      it('takes its mark off a member RDS refuses to delete, throws, and marks it again on the retry', async () => {
        const cluster = seedAuroraCluster(h.account, { tags: MARKED });
        const member = clusterMembers(h.account, cluster)[0]!;
        const listed = await h.listed(cluster.arn);
        const options = { backup: false, disableProtection: false, emptyFirst: false };
        h.account.failNext(
          'DeleteDBInstance',
          () => new FakeAwsError('InvalidDBInstanceStateFault', 'Instance is not in available state.'),
        );

        await expect(auroraCluster.delete(h.clients, listed, options)).rejects.toMatchObject({ name: 'InvalidDBInstanceStateFault' });
        expect(h.account.mutatingCalls().map((c) => c.command)).toEqual([
          'AddTagsToResource',
          'DeleteDBInstance',
          'RemoveTagsFromResource',
        ]);
        expect(h.account.callsOf('RemoveTagsFromResource')[0]!.input).toEqual({ ResourceName: member.arn, TagKeys: [MARK_TAG] });
        expect(member.tags).toEqual({});
        expect(member.data.status).toBe('available');
        expect(cluster.data.status).toBe('available');

        expect(await auroraCluster.delete(h.clients, listed, options)).toMatchObject({ status: 'started' });
        expect(member.tags).toEqual(MARKED);
        expect(member.data.status).toBe('deleting');
      });

      it('does not delete a member it could not mark, nor the cluster', async () => {
        const cluster = seedAuroraCluster(h.account, { tags: MARKED });
        const member = clusterMembers(h.account, cluster)[0]!;
        h.account.failNext('AddTagsToResource', () => new FakeAwsError('AccessDenied', 'not authorized to perform: rds:AddTagsToResource'));

        await expect(h.deleteListed(cluster.arn)).rejects.toMatchObject({ name: 'AccessDenied' });
        expect(h.account.callsOf('DeleteDBInstance')).toEqual([]);
        expect(h.account.callsOf('DeleteDBCluster')).toEqual([]);
        expect(member.data.status).toBe('available');
      });

      it('writes no mark when the cluster carries none (the engine never deletes such a cluster; IAM would refuse its members)', async () => {
        const cluster = seedAuroraCluster(h.account);

        await h.deleteListed(cluster.arn, { backup: false });

        expect(h.account.callsOf('AddTagsToResource')).toEqual([]);
        expect(h.account.tagWrites).toEqual([]);
      });

      it('throws InvalidDBClusterStateFault when RDS refuses the cluster, and does not delete members twice on the retry', async () => {
        const cluster = seedAuroraCluster(h.account, { memberClasses: ['db.r6g.large', 'db.r6g.large'], tags: MARKED });
        const listed = await h.listed(cluster.arn);
        const options = { backup: true, disableProtection: false, emptyFirst: false };
        h.account.failNext(
          'DeleteDBCluster',
          () =>
            new FakeAwsError(
              'InvalidDBClusterStateFault',
              'Cluster cannot be deleted, it still contains DB instances in non-deleting state.',
            ),
        );

        await expect(auroraCluster.delete(h.clients, listed, options)).rejects.toMatchObject({ name: 'InvalidDBClusterStateFault' });
        expect(h.account.callsOf('DeleteDBInstance')).toHaveLength(2);

        // The engine's retry in a later wave: members are already deleting (and keep their mark).
        expect(await auroraCluster.delete(h.clients, listed, options)).toMatchObject({
          status: 'started',
          note: 'the cluster is being deleted',
        });
        expect(h.account.callsOf('DeleteDBInstance')).toHaveLength(2);
        expect(h.account.callsOf('AddTagsToResource')).toHaveLength(2);
        expect(h.account.callsOf('RemoveTagsFromResource')).toEqual([]);
        expect(cluster.data.status).toBe('deleting');
      });

      it('leaves other clusters’ instances alone', async () => {
        const doomed = seedAuroraCluster(h.account, { tags: MARKED });
        const other = seedAuroraCluster(h.account);
        const standalone = seedDbInstance(h.account);

        await h.deleteListed(doomed.arn);

        expect(clusterMembers(h.account, other).map((db) => [db.data.status, db.tags])).toEqual([['available', {}]]);
        expect([standalone.data.status, standalone.tags]).toEqual(['available', {}]);
      });
    });

    describe('started deletions', () => {
      it('are no longer listed, and cluster and members are gone once RDS finishes', async () => {
        const cluster = seedAuroraCluster(h.account);
        const member = clusterMembers(h.account, cluster)[0]!;
        await h.deleteListed(cluster.arn, { backup: false });

        expect(await h.listAll()).toEqual([]);
        finishRdsDeletions(h.account);
        expect(h.account.exists(cluster.arn)).toBe(false);
        expect(h.account.exists(member.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        // Marking the members is tagging: the type's tagging grant, not a deletion grant.
        expect(auroraCluster.iam.delete).toContain('rds:CreateDBClusterSnapshot');
        expect(auroraCluster.iam.delete).toContain('rds:DeleteDBInstance');
        expect(auroraCluster.iam.deleteUnconditioned).not.toContain('rds:DeleteDBInstance');
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

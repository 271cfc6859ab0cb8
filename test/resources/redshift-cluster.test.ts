import { describe, expect, it } from 'vitest';
import { redshiftCluster } from '../../lambda/resources/redshift-cluster';
import { finishRedshiftDeletions, installRedshift, redshiftSnapshots, seedRedshiftCluster } from '../fakes/services/redshift';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: redshiftCluster,
    installers: [installRedshift],
    seed: (account, options) => seedRedshiftCluster(account, options),
    deleteCommand: 'DeleteCluster',
    slowDeletion: true,
    goneError: 'ClusterNotFoundFault',
    describeCommand: 'DescribeClusters',
    tagActions: ['redshift:CreateTags', 'redshift:DeleteTags'],
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing', () => {
      it('describes a cluster with the tagging ARN, its creation time, tags and nodes', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        seedRedshiftCluster(h.account, { name: 'analytics', createdAt, tags: { team: 'bi' }, nodeType: 'dc2.large', nodes: 1 });

        expect(await h.listAll()).toEqual([
          {
            type: 'redshift:cluster',
            arn: `arn:aws:redshift:${REGION}:${h.account.accountId}:cluster:analytics`,
            id: 'analytics',
            name: 'analytics',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { team: 'bi' },
            details: { status: 'available', nodeType: 'dc2.large', nodes: 1 },
          },
        ]);
      });

      it('leaves out clusters already taking their final snapshot or being deleted, and keeps paused ones', async () => {
        const paused = seedRedshiftCluster(h.account, { status: 'paused' });
        seedRedshiftCluster(h.account, { status: 'final-snapshot' });
        seedRedshiftCluster(h.account, { status: 'deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([paused.arn]);
      });

      it('asks for 100 clusters a page, the most DescribeClusters allows', async () => {
        for (let i = 0; i < 6; i++) seedRedshiftCluster(h.account);
        await h.listAll();

        for (const call of h.account.callsOf('DescribeClusters')) expect(call.input.MaxRecords).toBe(100);
      });
    });

    describe('deletion', () => {
      it('takes a final snapshot janitor-final-* by default, names it, and reports the deletion as started', async () => {
        const cluster = seedRedshiftCluster(h.account, { name: 'analytics' });

        expect(await h.deleteListed(cluster.arn)).toEqual({
          status: 'started',
          note: 'final snapshot, then deletion: several minutes',
          backup: 'final snapshot janitor-final-analytics-202611240307',
        });
        expect(h.account.callsOf('DeleteCluster').map((c) => c.input)).toEqual([
          {
            ClusterIdentifier: 'analytics',
            SkipFinalClusterSnapshot: false,
            FinalClusterSnapshotIdentifier: 'janitor-final-analytics-202611240307',
          },
        ]);
        expect(redshiftSnapshots(h.account).map((s) => s.data)).toEqual([
          { id: 'janitor-final-analytics-202611240307', sourceId: 'analytics' },
        ]);
      });

      it('skips the final snapshot only when backups are off', async () => {
        const cluster = seedRedshiftCluster(h.account, { name: 'analytics' });

        expect(await h.deleteListed(cluster.arn, { backup: false })).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; no final snapshot (backups are off)',
        });
        expect(h.account.callsOf('DeleteCluster').map((c) => c.input)).toEqual([
          { ClusterIdentifier: 'analytics', SkipFinalClusterSnapshot: true },
        ]);
        expect(redshiftSnapshots(h.account)).toEqual([]);
      });

      it('does not ask twice for a cluster whose deletion started since it was listed', async () => {
        const cluster = seedRedshiftCluster(h.account);
        const listed = await h.listed(cluster.arn);
        cluster.data.status = 'final-snapshot';

        expect(await redshiftCluster.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'skipped',
          reason: 'already final-snapshot',
        });
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);
      });

      it('started deletions are no longer listed, and gone once Redshift finishes; the snapshot stays', async () => {
        const cluster = seedRedshiftCluster(h.account);
        await h.deleteListed(cluster.arn);

        expect(await h.listAll()).toEqual([]);
        finishRedshiftDeletions(h.account);
        expect(h.account.exists(cluster.arn)).toBe(false);
        expect(redshiftSnapshots(h.account)).toHaveLength(1);
      });
    });

    describe('declarations', () => {
      it('links to the cluster in the Redshift console', async () => {
        const cluster = seedRedshiftCluster(h.account, { name: 'analytics' });

        expect(redshiftCluster.consoleUrl(await h.listed(cluster.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/redshiftv2/home?region=eu-west-1#cluster-details?cluster=analytics',
        );
      });

      it('estimates the monthly cost from node type and count, RA3 storage extra', async () => {
        const dc2 = seedRedshiftCluster(h.account, { nodeType: 'dc2.large', nodes: 1 });
        const ra3 = seedRedshiftCluster(h.account, { nodeType: 'ra3.xlplus', nodes: 2 });
        const exotic = seedRedshiftCluster(h.account, { nodeType: 'ds2.xlarge' });

        expect(redshiftCluster.costHint!(await h.listed(dc2.arn))).toBe('~$183/month (dc2.large)');
        expect(redshiftCluster.costHint!(await h.listed(ra3.arn))).toBe('~$1586/month (2 × ra3.xlplus) + managed storage');
        expect(redshiftCluster.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);

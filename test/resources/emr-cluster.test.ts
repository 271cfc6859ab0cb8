import { describe, expect, it } from 'vitest';
import { emrCluster } from '../../lambda/resources/emr-cluster';
import { installEmr, seedEmrCluster } from '../fakes/services/emr';
import { describePlugin, grantedForListAndDelete, REGION } from './plugin-harness';

describePlugin(
  {
    type: emrCluster,
    installers: [installEmr],
    seed: (account, options) => seedEmrCluster(account, options),
    deleteCommand: 'TerminateJobFlows',
    slowDeletion: true,
    completeCommand: 'DescribeCluster',
    describeCommand: 'DescribeCluster',
    tagActions: ['elasticmapreduce:AddTags', 'elasticmapreduce:RemoveTags'],
    fullDeletion: { seed: (account) => seedEmrCluster(account, { terminationProtected: true }), options: { disableProtection: true } },
  },
  (h) => {
    describe('listing and completion', () => {
      it('lists live clusters only, then reads creation time, state, protection and tags with DescribeCluster', async () => {
        const createdAt = new Date('2026-03-02T07:00:00Z');
        const seeded = seedEmrCluster(h.account, { name: 'adhoc-spark', createdAt, tags: { team: 'data' } });
        for (const state of ['TERMINATING', 'TERMINATED', 'TERMINATED_WITH_ERRORS'] as const) seedEmrCluster(h.account, { state });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([seeded.arn]);
        expect(h.account.callsOf('ListClusters')[0]!.input.ClusterStates).toEqual(['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING']);
        expect(await h.completed(seeded.arn)).toEqual({
          type: 'elasticmapreduce:cluster',
          arn: `arn:aws:elasticmapreduce:${REGION}:${h.account.accountId}:cluster/${seeded.data.id}`,
          id: seeded.data.id,
          name: 'adhoc-spark',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { team: 'data' },
          details: { state: 'WAITING', terminationProtected: false, releaseLabel: 'emr-7.5.0', instanceCollectionType: 'INSTANCE_GROUP' },
        });
      });

      it('leaves out a cluster that started terminating after it was listed', async () => {
        const seeded = seedEmrCluster(h.account);
        const listed = await h.listAll();
        h.account.get(seeded.arn).data.state = 'TERMINATING';
        expect(await emrCluster.complete!(h.clients, listed)).toEqual([]);
      });
    });

    describe('deletion', () => {
      it('starts the termination; the terminated cluster is no longer listed', async () => {
        const seeded = seedEmrCluster(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: 'termination started; data on the cluster (HDFS) is lost, logs already in S3 stay',
        });
        expect(h.account.callsOf('TerminateJobFlows').map((c) => c.input)).toEqual([{ JobFlowIds: [seeded.data.id] }]);
        h.account.settle();
        expect(h.account.get(seeded.arn).data.state).toBe('TERMINATED');
        expect(await h.listAll()).toEqual([]);
      });

      it('keeps a termination-protected cluster, even one protected after it was listed', async () => {
        const seeded = seedEmrCluster(h.account);
        const listed = await h.completed(seeded.arn);
        h.account.get(seeded.arn).data.terminationProtected = true;

        expect(await emrCluster.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false })).toEqual({
          status: 'skipped',
          reason: 'termination protection is on (deletion.disableProtection switches it off first)',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('with disableProtection: switches protection off, then terminates', async () => {
        const seeded = seedEmrCluster(h.account, { terminationProtected: true });

        expect(await h.deleteListed(seeded.arn, { disableProtection: true })).toMatchObject({ status: 'started' });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['SetTerminationProtection', { JobFlowIds: [seeded.data.id], TerminationProtected: false }],
          ['TerminateJobFlows', { JobFlowIds: [seeded.data.id] }],
        ]);
        expect(grantedForListAndDelete(emrCluster)).toContain('elasticmapreduce:SetTerminationProtection');
      });
    });

    it('prices a small cluster, and links to it', async () => {
      const listed = await h.listed(seedEmrCluster(h.account).arn);
      expect(emrCluster.costHint?.(listed)).toBe(
        '~$525/month for 3 × m5.xlarge (EC2 + EMR fee per instance-hour), more for larger clusters',
      );
      expect(emrCluster.consoleUrl(listed)).toBe(
        `https://eu-west-1.console.aws.amazon.com/emr/home?region=eu-west-1#/clusterDetails/${listed.id}`,
      );
    });
  },
);

import { describe, expect, it } from 'vitest';
import { mskCluster } from '../../lambda/resources/msk-cluster';
import { finishMskDeletions, installKafka, seedMskCluster } from '../fakes/services/kafka';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: mskCluster,
    installers: [installKafka],
    seed: (account, options) => seedMskCluster(account, options),
    deleteCommand: 'DeleteCluster',
    slowDeletion: true,
    goneError: 'NotFoundException',
    describeCommand: 'DescribeClusterV2',
    tagActions: ['kafka:TagResource', 'kafka:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('lists provisioned and serverless clusters with their ARN, creation time, tags and brokers', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        const provisioned = seedMskCluster(h.account, { name: 'orders', createdAt, tags: { team: 'streams' }, brokers: 2 });
        const serverless = seedMskCluster(h.account, { name: 'events', createdAt, clusterType: 'SERVERLESS' });

        expect(await h.listAll()).toEqual([
          {
            type: 'kafka:cluster',
            arn: provisioned.arn,
            id: provisioned.arn,
            name: 'orders',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { team: 'streams' },
            details: { state: 'ACTIVE', clusterType: 'PROVISIONED', brokerType: 'kafka.m5.large', brokers: 2, volumeGb: 100 },
          },
          {
            type: 'kafka:cluster',
            arn: serverless.arn,
            id: serverless.arn,
            name: 'events',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: {},
            details: { state: 'ACTIVE', clusterType: 'SERVERLESS', brokerType: undefined, brokers: undefined, volumeGb: undefined },
          },
        ]);
        expect(h.account.callsOf('ListClustersV2').map((c) => c.input.ClusterTypeFilter)).toEqual([undefined]);
      });

      it('leaves out clusters being deleted, and keeps failed ones (they still cost their storage)', async () => {
        const failed = seedMskCluster(h.account, { state: 'FAILED' });
        seedMskCluster(h.account, { state: 'DELETING' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([failed.arn]);
      });
    });

    describe('deletion', () => {
      it('deletes by ARN and reports the deletion as started; gone once MSK finishes', async () => {
        const cluster = seedMskCluster(h.account);

        expect(await h.deleteListed(cluster.arn)).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; MSK keeps no backup of its topics',
        });
        expect(h.account.callsOf('DeleteCluster').map((c) => c.input)).toEqual([{ ClusterArn: cluster.arn }]);
        expect(await h.listAll()).toEqual([]);
        finishMskDeletions(h.account);
        expect(h.account.exists(cluster.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('links to the cluster in the MSK console', async () => {
        const cluster = seedMskCluster(h.account);

        expect(mskCluster.consoleUrl(await h.listed(cluster.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/msk/home?region=eu-west-1#/cluster/${encodeURIComponent(cluster.arn)}/view`,
        );
      });

      it('estimates the monthly cost from brokers, or the serverless cluster-hour', async () => {
        const brokers = seedMskCluster(h.account, { brokerType: 'kafka.m5.large', brokers: 3 });
        const serverless = seedMskCluster(h.account, { clusterType: 'SERVERLESS' });
        const exotic = seedMskCluster(h.account, { brokerType: 'kafka.m5.24xlarge' });

        expect(mskCluster.costHint!(await h.listed(brokers.arn))).toBe('~$460/month (3 × kafka.m5.large) + storage');
        expect(mskCluster.costHint!(await h.listed(serverless.arn))).toBe('~$548/month + partitions and data');
        expect(mskCluster.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);

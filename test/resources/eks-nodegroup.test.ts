import { describe, expect, it } from 'vitest';
import { eksNodegroup } from '../../lambda/resources/eks-nodegroup';
import type { FakeAccount } from '../fakes/fake-account';
import { installEks, seedEksCluster, seedNodegroup } from '../fakes/services/eks';
import { describePlugin, REGION } from './plugin-harness';

/** Node groups of one cluster per region, so that ListNodegroups pages too. */
function seedInSharedCluster(account: FakeAccount, options: { region?: string; tags?: Record<string, string> }) {
  const region = options.region ?? REGION;
  const cluster = account.list('eks:cluster', region)[0] ?? seedEksCluster(account, { region, tags: { team: 'platform' } });
  return seedNodegroup(account, { ...options, cluster });
}

describePlugin(
  {
    type: eksNodegroup,
    installers: [installEks],
    seed: seedInSharedCluster,
    deleteCommand: 'DeleteNodegroup',
    slowDeletion: true,
    listCommand: 'ListNodegroups',
    describeCommand: 'DescribeNodegroup',
    goneError: 'ResourceNotFoundException',
    tagActions: ['eks:TagResource', 'eks:UntagResource'],
  },
  (h) => {
    it('lists node groups of every cluster, each with the ARN and tags DescribeNodegroup returns', async () => {
      const createdAt = new Date('2026-03-02T07:00:00Z');
      const a = seedNodegroup(h.account, { name: 'workers', createdAt, instanceTypes: ['m5.large'], desiredSize: 3, tags: { team: 'ml' } });
      const b = seedNodegroup(h.account);

      const listed = await h.listAll();
      expect(listed.map((r) => r.arn).sort()).toEqual([a.arn, b.arn].sort());
      expect(listed.find((r) => r.arn === a.arn)).toEqual({
        type: 'eks:nodegroup',
        arn: a.arn,
        id: 'workers',
        name: 'workers',
        region: REGION,
        accountId: h.account.accountId,
        createdAt,
        tags: { team: 'ml' },
        details: {
          clusterName: a.data.clusterName,
          status: 'ACTIVE',
          instanceTypes: 'm5.large',
          capacityType: 'ON_DEMAND',
          desiredSize: 3,
        },
      });
      expect(a.arn).toMatch(new RegExp(`^arn:aws:eks:${REGION}:\\d{12}:nodegroup/${a.data.clusterName}/workers/[0-9a-f-]{36}$`));
    });

    it('leaves out node groups being deleted, and the node groups of a cluster deleted while listing', async () => {
      const kept = seedNodegroup(h.account);
      seedNodegroup(h.account, { status: 'DELETING' });
      const vanishing = seedNodegroup(h.account);
      h.account.failNext(
        'ListNodegroups',
        () => {
          const error = new Error(`No cluster found for name: ${vanishing.data.clusterName}.`);
          error.name = 'ResourceNotFoundException';
          return error;
        },
        1,
        undefined,
        (input) => input.clusterName === vanishing.data.clusterName,
      );

      expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
    });

    describe('deletion', () => {
      it('starts the deletion in its cluster; the node group is gone once EKS has drained it', async () => {
        const seeded = seedNodegroup(h.account, { name: 'workers' });

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: 'deletion started; EKS drains and terminates its instances',
        });
        expect(h.account.callsOf('DeleteNodegroup').map((c) => c.input)).toEqual([
          { clusterName: seeded.data.clusterName, nodegroupName: 'workers' },
        ]);
        expect(await h.listAll()).toEqual([]);
        h.account.settle();
        expect(h.account.exists(seeded.arn)).toBe(false);
      });
    });

    it('says what its instances are', async () => {
      const listed = await h.listed(seedNodegroup(h.account, { instanceTypes: ['g5.xlarge'], desiredSize: 1 }).arn);
      expect(eksNodegroup.costHint?.(listed)).toBe('1 × g5.xlarge On-Demand instance, billed as EC2');
      expect(eksNodegroup.consoleUrl(listed)).toBe(
        `https://eu-west-1.console.aws.amazon.com/eks/clusters/${listed.details?.clusterName}/node-groups/${listed.id}?region=eu-west-1`,
      );
    });
  },
);

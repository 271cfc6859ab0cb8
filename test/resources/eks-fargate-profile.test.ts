import { describe, expect, it } from 'vitest';
import { eksFargateProfile } from '../../lambda/resources/eks-fargate-profile';
import type { FakeAccount } from '../fakes/fake-account';
import { installEks, seedEksCluster, seedFargateProfile } from '../fakes/services/eks';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

/** Profiles of one cluster per region, so that ListFargateProfiles pages too. */
function seedInSharedCluster(account: FakeAccount, options: { region?: string; tags?: Record<string, string> }) {
  const region = options.region ?? REGION;
  const cluster = account.list('eks:cluster', region)[0] ?? seedEksCluster(account, { region, tags: { team: 'platform' } });
  return seedFargateProfile(account, { ...options, cluster });
}

describePlugin(
  {
    type: eksFargateProfile,
    installers: [installEks],
    seed: seedInSharedCluster,
    deleteCommand: 'DeleteFargateProfile',
    slowDeletion: true,
    listCommand: 'ListFargateProfiles',
    goneError: 'ResourceNotFoundException',
    tagActions: ['eks:TagResource', 'eks:UntagResource'],
  },
  (h) => {
    it('lists the profiles of every cluster with the ARN, tags and namespaces DescribeFargateProfile returns', async () => {
      const createdAt = new Date('2026-03-02T07:00:00Z');
      const seeded = seedFargateProfile(h.account, { name: 'jobs', createdAt, tags: { team: 'ml' } });
      seedFargateProfile(h.account, { status: 'DELETING' });

      expect(await h.listAll()).toEqual([
        {
          type: 'eks:fargateprofile',
          arn: seeded.arn,
          id: 'jobs',
          name: 'jobs',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { team: 'ml' },
          details: { clusterName: seeded.data.clusterName, status: 'ACTIVE', namespaces: 'default' },
        },
      ]);
    });

    describe('deletion', () => {
      it('deletes one profile of a cluster at a time: the next is retried once the first is gone', async () => {
        const cluster = seedEksCluster(h.account);
        const [first, second] = [seedFargateProfile(h.account, { cluster }), seedFargateProfile(h.account, { cluster })];
        const listed = await h.listAll();
        const byArn = (arn: string) => listed.find((r) => r.arn === arn)!;

        expect(await eksFargateProfile.delete(h.clients, byArn(first.arn), DEFAULT_DELETION)).toMatchObject({ status: 'started' });
        await expect(eksFargateProfile.delete(h.clients, byArn(second.arn), DEFAULT_DELETION)).rejects.toMatchObject({
          name: 'ResourceInUseException',
        });
        h.account.settle();
        expect(await eksFargateProfile.delete(h.clients, byArn(second.arn), DEFAULT_DELETION)).toMatchObject({ status: 'started' });
      });
    });
  },
);

import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { eksCluster } from '../../lambda/resources/eks-cluster';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { installEks, seedEksCluster, seedFargateProfile, seedNodegroup } from '../fakes/services/eks';
import { DEFAULT_DELETION, describePlugin, grantedForListAndDelete, REGION } from './plugin-harness';

describePlugin(
  {
    type: eksCluster,
    installers: [installEks],
    seed: (account, options) => seedEksCluster(account, options),
    deleteCommand: 'DeleteCluster',
    slowDeletion: true,
    completeCommand: 'DescribeCluster',
    describeCommand: 'DescribeCluster',
    goneError: 'ResourceNotFoundException',
    tagActions: ['eks:TagResource', 'eks:UntagResource'],
  },
  (h) => {
    describe('listing and completion', () => {
      it('builds the ARN from the name, then reads the creation time, version, protection and tags with DescribeCluster', async () => {
        const createdAt = new Date('2026-03-02T07:00:00Z');
        const seeded = seedEksCluster(h.account, { name: 'experiments', createdAt, version: '1.29', tags: { team: 'platform' } });

        expect(await h.completed(seeded.arn)).toEqual({
          type: 'eks:cluster',
          arn: `arn:aws:eks:${REGION}:${h.account.accountId}:cluster/experiments`,
          id: 'experiments',
          name: 'experiments',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { team: 'platform' },
          details: { status: 'ACTIVE', version: '1.29', deletionProtection: false, supportType: 'EXTENDED' },
        });
      });

      it('leaves out a cluster being deleted', async () => {
        const kept = seedEksCluster(h.account);
        seedEksCluster(h.account, { status: 'DELETING' });
        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('waits for its node groups and Fargate profiles: retried in a later wave, then deleted', async () => {
        const cluster = seedEksCluster(h.account, { name: 'experiments' });
        const group = seedNodegroup(h.account, { cluster, name: 'workers' });
        const profile = seedFargateProfile(h.account, { cluster, name: 'jobs' });
        const listed = await h.completed(cluster.arn);

        const attempt = eksCluster.delete(h.clients, listed, DEFAULT_DELETION);
        await expect(attempt).rejects.toThrow(
          new RetryLaterError('node group workers, Fargate profile jobs still attached; deleted once they are gone'),
        );
        expect(isDependencyError(await attempt.catch((e: unknown) => e))).toBe(true);
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);

        h.account.remove(group.arn);
        h.account.remove(profile.arn);
        expect(await eksCluster.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({ status: 'started' });
        expect(h.account.get(cluster.arn).data.status).toBe('DELETING');
        h.account.settle();
        expect(h.account.exists(cluster.arn)).toBe(false);
      });

      it('keeps a cluster with deletion protection on, and says so', async () => {
        const seeded = seedEksCluster(h.account, { deletionProtection: true });

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'skipped',
          reason: 'deletion protection is on (deletion.disableProtection switches it off first)',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('with disableProtection: switches protection off, then deletes on a later attempt once the update is done', async () => {
        const seeded = seedEksCluster(h.account, { deletionProtection: true });
        const listed = await h.completed(seeded.arn);

        await expect(eksCluster.delete(h.clients, listed, { ...DEFAULT_DELETION, disableProtection: true })).rejects.toBeInstanceOf(
          RetryLaterError,
        );
        expect(h.account.callsOf('UpdateClusterConfig').map((c) => c.input)).toEqual([
          { name: seeded.data.name, deletionProtection: false },
        ]);
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);
        expect(grantedForListAndDelete(eksCluster)).toContain('eks:UpdateClusterConfig');

        h.account.settle();
        expect(await eksCluster.delete(h.clients, listed, { ...DEFAULT_DELETION, disableProtection: true })).toMatchObject({
          status: 'started',
        });
      });

      it('leaves a cluster mid-update to be retried (ResourceInUseException)', async () => {
        const seeded = seedEksCluster(h.account, { status: 'UPDATING' });
        const error = await h.deleteListed(seeded.arn).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'ResourceInUseException' });
        expect(isDependencyError(error)).toBe(true);
      });

      it('records the configuration without the certificate authority data', async () => {
        const seeded = seedEksCluster(h.account);
        const configuration = JSON.stringify(await eksCluster.describe!(h.clients, await h.completed(seeded.arn)));
        expect(configuration).toContain('"version":"1.33"');
        expect(configuration).not.toContain('certificateAuthority');
      });
    });

    it('prices the control plane, and says what extended support costs', async () => {
      const seeded = await h.completed(seedEksCluster(h.account).arn);
      expect(eksCluster.costHint?.(seeded)).toBe('~$73/month + nodes (~$438/month once its version is in extended support)');
      expect(eksCluster.costHint?.({ ...seeded, details: { supportType: 'STANDARD' } })).toBe('~$73/month + nodes');
    });
  },
);

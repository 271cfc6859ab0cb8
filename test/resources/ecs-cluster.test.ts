import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { ecsCluster } from '../../lambda/resources/ecs-cluster';
import { ecsService } from '../../lambda/resources/ecs-service';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { FakeAwsError } from '../fakes/fake-account';
import { installEcs, seedEcsCluster, seedEcsService } from '../fakes/services/ecs';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: ecsCluster,
    installers: [installEcs],
    seed: seedEcsCluster,
    deleteCommand: 'DeleteCluster',
    tagActions: ['ecs:TagResource', 'ecs:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a cluster by name, with its ARN, tags and counts (ECS reports no creation time)', async () => {
        const seeded = seedEcsCluster(h.account, { name: 'hand-made', tags: { owner: 'ana' }, containerInstances: 1 });
        seedEcsService(h.account, { cluster: seeded, desiredCount: 3 });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'ecs:cluster',
          arn: `arn:aws:ecs:${REGION}:${h.account.accountId}:cluster/hand-made`,
          id: 'hand-made',
          name: 'hand-made',
          region: REGION,
          accountId: h.account.accountId,
          createdAt: undefined,
          tags: { owner: 'ana' },
          details: { status: 'ACTIVE', activeServices: 1, containerInstances: 1, runningTasks: 3 },
        });
      });

      it('leaves out clusters being deprovisioned or already inactive', async () => {
        const active = seedEcsCluster(h.account);
        seedEcsCluster(h.account, { status: 'DEPROVISIONING' });
        seedEcsCluster(h.account, { status: 'INACTIVE' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([active.arn]);
      });

      it('describes clusters in batches of at most 100, with their tags, and makes no per-cluster call', async () => {
        h.account.defaultPageSize = 250;
        for (let i = 0; i < 230; i++) seedEcsCluster(h.account, { tags: i % 2 ? { team: 'web' } : {} });

        expect(await h.listAll()).toHaveLength(230);

        const describeCalls = h.account.callsOf('DescribeClusters');
        expect(describeCalls.map((c) => c.input.clusters.length)).toEqual([100, 100, 30]);
        for (const call of describeCalls) expect(call.input.include).toEqual(['TAGS']);
        expect(h.commandsCalled()).toEqual(['ListClusters', 'DescribeClusters']);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedEcsCluster(h.account);
        h.account.failNext('DescribeClusters', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
      });
    });

    describe('deletion', () => {
      it('deletes an empty cluster', async () => {
        const seeded = seedEcsCluster(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('DeleteCluster').map((c) => c.input)).toEqual([{ cluster: seeded.arn }]);
      });

      it('asks to be retried later while services remain, and deletes the cluster once they are gone', async () => {
        const cluster = seedEcsCluster(h.account);
        const service = seedEcsService(h.account, { cluster });
        const listedCluster = await h.listed(cluster.arn);

        const blocked = await ecsCluster.delete(h.clients, listedCluster, DEFAULT_DELETION).catch((e: unknown) => e);

        expect(blocked).toBeInstanceOf(RetryLaterError);
        expect(blocked).toMatchObject({ message: 'cluster still has 1 services / 0 container instances' });
        expect(isDependencyError(blocked)).toBe(true);
        expect(h.account.callsOf('DeleteCluster')).toEqual([]);

        // The next wave: the service (deletionOrder 10) went first.
        const listedService = (await collect(ecsService.list(h.clients))).find((r) => r.arn === service.arn)!;
        await ecsService.delete(h.clients, listedService, DEFAULT_DELETION);

        expect(await ecsCluster.delete(h.clients, listedCluster, DEFAULT_DELETION)).toEqual({ status: 'deleted' });
        expect(h.account.exists(cluster.arn)).toBe(false);
      });

      it('asks to be retried later while container instances are registered', async () => {
        const seeded = seedEcsCluster(h.account, { containerInstances: 2 });

        await expect(h.deleteListed(seeded.arn)).rejects.toThrow(
          new RetryLaterError('cluster still has 0 services / 2 container instances'),
        );
        expect(h.account.exists(seeded.arn)).toBe(true);
      });

      it('passes on ClusterContainsTasksException, a dependency error, while tasks are still stopping', async () => {
        const seeded = seedEcsCluster(h.account, { standaloneTasks: 1 });

        const error = await h.deleteListed(seeded.arn).catch((e: unknown) => e);

        expect(error).toMatchObject({ name: 'ClusterContainsTasksException' });
        expect(isDependencyError(error)).toBe(true);
      });
    });

    describe('declarations', () => {
      it('goes after its services and links to the cluster in the ECS console', async () => {
        const seeded = seedEcsCluster(h.account, { name: 'hand-made' });

        expect(ecsCluster.deletionOrder!).toBeGreaterThan(ecsService.deletionOrder!);
        expect(ecsCluster.consoleUrl(await h.listed(seeded.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/hand-made/services?region=eu-west-1',
        );
      });
    });
  },
);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

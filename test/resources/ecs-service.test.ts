import { describe, expect, it } from 'vitest';
import { ecsService } from '../../lambda/resources/ecs-service';
import { FakeAwsError } from '../fakes/fake-account';
import { installEcs, seedEcsCluster, seedEcsService } from '../fakes/services/ecs';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: ecsService,
    installers: [installEcs],
    seed: seedEcsService,
    deleteCommand: 'DeleteService',
    tagActions: ['ecs:TagResource', 'ecs:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a service by its long-format ARN, with its cluster, creation time, tags and task counts', async () => {
        const createdAt = new Date('2024-03-01T10:00:00Z');
        const cluster = seedEcsCluster(h.account, { name: 'apps' });
        const seeded = seedEcsService(h.account, { cluster, name: 'web', createdAt, desiredCount: 2, tags: { owner: 'ana' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'ecs:service',
          arn: `arn:aws:ecs:${REGION}:${h.account.accountId}:service/apps/web`,
          id: seeded.arn,
          name: 'web',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { owner: 'ana' },
          details: { cluster: cluster.arn, desiredCount: 2, runningCount: 2, launchType: 'FARGATE', schedulingStrategy: 'REPLICA' },
        });
      });

      it('lists the services of every cluster, paging ListServices and describing at most 10 per call with their tags', async () => {
        h.account.defaultPageSize = 25;
        const big = seedEcsCluster(h.account);
        const small = seedEcsCluster(h.account);
        const services = [
          ...Array.from({ length: 30 }, (_, i) => seedEcsService(h.account, { cluster: big, tags: i % 2 ? { team: 'web' } : {} })),
          seedEcsService(h.account, { cluster: small }),
        ];

        expect((await h.listAll()).map((r) => r.arn).sort()).toEqual(services.map((s) => s.arn).sort());

        expect(h.account.callsOf('ListServices').length).toBe(3);
        const describeCalls = h.account.callsOf('DescribeServices');
        // The clusters are read concurrently, so their calls interleave; each call describes at most 10.
        expect(describeCalls.map((c) => c.input.services.length).sort((a, b) => b - a)).toEqual([10, 10, 5, 5, 1]);
        for (const call of describeCalls) expect(call.input.include).toEqual(['TAGS']);
        expect(h.commandsCalled()).toEqual(['ListClusters', 'ListServices', 'DescribeServices']);
      });

      it('leaves out services being deleted (DRAINING) or deleted (INACTIVE)', async () => {
        const cluster = seedEcsCluster(h.account);
        const active = seedEcsService(h.account, { cluster });
        seedEcsService(h.account, { cluster, status: 'DRAINING' });
        seedEcsService(h.account, { cluster, status: 'INACTIVE' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([active.arn]);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedEcsService(h.account);
        h.account.failNext('ListServices', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
      });
    });

    describe('deletion', () => {
      it('scales the service to 0, then deletes it', async () => {
        const cluster = seedEcsCluster(h.account);
        const seeded = seedEcsService(h.account, { cluster, desiredCount: 3 });

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });

        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['UpdateService', { cluster: cluster.arn, service: seeded.arn, desiredCount: 0 }],
          ['DeleteService', { cluster: cluster.arn, service: seeded.arn, force: true }],
        ]);
        expect(h.account.exists(seeded.arn)).toBe(false);
      });

      it('deletes a DAEMON service directly, as it has no desired count to scale', async () => {
        const cluster = seedEcsCluster(h.account, { containerInstances: 2 });
        const seeded = seedEcsService(h.account, { cluster, schedulingStrategy: 'DAEMON' });

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.mutatingCalls().map((c) => c.command)).toEqual(['DeleteService']);
      });

      it('does not delete when scaling to 0 fails', async () => {
        const seeded = seedEcsService(h.account);
        h.account.failNext('UpdateService', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(h.deleteListed(seeded.arn)).rejects.toMatchObject({ name: 'AccessDeniedException' });
        expect(h.account.callsOf('DeleteService')).toEqual([]);
        expect(h.account.exists(seeded.arn)).toBe(true);
      });

      it('throws ServiceNotActiveException when the service was deleted since it was listed', async () => {
        const seeded = seedEcsService(h.account);
        const listed = await h.listed(seeded.arn);
        h.account.get(seeded.arn).data.status = 'DRAINING';

        await expect(ecsService.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
          name: 'ServiceNotActiveException',
        });
      });
    });

    describe('declarations', () => {
      it('goes early, hints at its running tasks and links to the service in the ECS console', async () => {
        const cluster = seedEcsCluster(h.account, { name: 'apps' });
        const seeded = seedEcsService(h.account, { cluster, name: 'web', desiredCount: 2 });
        const listed = await h.listed(seeded.arn);

        expect(ecsService.deletionOrder).toBe(10);
        expect(ecsService.costHint?.(listed)).toBe('2 running task(s), billed per task (Fargate) or by their EC2 instances');
        expect(ecsService.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/apps/services/web/health?region=eu-west-1',
        );
      });
    });
  },
);

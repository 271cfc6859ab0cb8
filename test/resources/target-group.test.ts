import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { loadBalancer } from '../../lambda/resources/load-balancer';
import { targetGroup } from '../../lambda/resources/target-group';
import { FakeAwsError } from '../fakes/fake-account';
import { installElbv2, seedLoadBalancer, seedTargetGroup } from '../fakes/services/elbv2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: targetGroup,
    installers: [installElbv2],
    seed: seedTargetGroup,
    deleteCommand: 'DeleteTargetGroup',
    tagActions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a target group by its ARN, with its name, attachments and no creation time (ELBv2 has none)', async () => {
        const lb = seedLoadBalancer(h.account);
        const seeded = seedTargetGroup(h.account, { name: 'web-tg', attachedToLoadBalancer: lb, tags: { owner: 'ana' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'elasticloadbalancing:targetgroup',
          arn: seeded.arn,
          id: seeded.arn,
          name: 'web-tg',
          region: REGION,
          accountId: h.account.accountId,
          createdAt: undefined,
          tags: {},
          details: { targetType: 'instance', protocol: 'HTTP', port: 80, loadBalancers: 1 },
        });
        expect(seeded.arn).toMatch(
          new RegExp(`^arn:aws:elasticloadbalancing:${REGION}:${h.account.accountId}:targetgroup/web-tg/[0-9a-f]{16}$`),
        );
      });

      it('makes no per-group call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedTargetGroup(h.account, { tags: i % 2 ? { team: 'web' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['DescribeTargetGroups']);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedTargetGroup(h.account);
        h.account.failNext('DescribeTargetGroups', () => new FakeAwsError('AccessDenied', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion', () => {
      it('deletes a target group that no listener uses', async () => {
        const seeded = seedTargetGroup(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('DeleteTargetGroup').map((c) => c.input)).toEqual([{ TargetGroupArn: seeded.arn }]);
      });

      it('throws ResourceInUse, a dependency error the engine retries, while a load balancer still forwards to it', async () => {
        const lb = seedLoadBalancer(h.account);
        const seeded = seedTargetGroup(h.account, { attachedToLoadBalancer: lb });

        const error = await h.deleteListed(seeded.arn).catch((e: unknown) => e);

        expect(error).toMatchObject({ name: 'ResourceInUse' });
        expect(isDependencyError(error)).toBe(true);
        expect(h.account.exists(seeded.arn)).toBe(true);
      });

      it('deletes it once its load balancer (which goes first) is gone', async () => {
        const lb = seedLoadBalancer(h.account);
        const seeded = seedTargetGroup(h.account, { attachedToLoadBalancer: lb });
        const listedGroup = await h.listed(seeded.arn);

        const lbResource = (await collect(loadBalancer.list(h.clients))).find((r) => r.arn === lb.arn)!;
        await loadBalancer.delete(h.clients, lbResource, DEFAULT_DELETION);

        expect(await targetGroup.delete(h.clients, listedGroup, DEFAULT_DELETION)).toEqual({ status: 'deleted' });
        expect(h.account.exists(seeded.arn)).toBe(false);
        expect(loadBalancer.deletionOrder!).toBeLessThan(targetGroup.deletionOrder!);
      });
    });

    describe('declarations', () => {
      it('links to the target group in the EC2 console', async () => {
        const seeded = seedTargetGroup(h.account);

        expect(targetGroup.consoleUrl(await h.listed(seeded.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#TargetGroup:targetGroupArn=${seeded.arn}`,
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

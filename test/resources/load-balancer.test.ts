import { describe, expect, it } from 'vitest';
import { loadBalancer } from '../../lambda/resources/load-balancer';
import { FakeAwsError } from '../fakes/fake-account';
import { installElbv2, seedLoadBalancer } from '../fakes/services/elbv2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: loadBalancer,
    installers: [installElbv2],
    seed: seedLoadBalancer,
    deleteCommand: 'DeleteLoadBalancer',
    fullDeletion: { seed: (account) => seedLoadBalancer(account, { deletionProtection: true }), options: { disableProtection: true } },
    tagActions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a load balancer by its ARN, with name, creation time and type, and no tags of its own', async () => {
        const createdAt = new Date('2024-03-01T10:00:00Z');
        const seeded = seedLoadBalancer(h.account, { name: 'hand-made-alb', createdAt, tags: { owner: 'ana' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'elasticloadbalancing:loadbalancer',
          arn: seeded.arn,
          id: seeded.arn,
          name: 'hand-made-alb',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          details: expect.objectContaining({ loadBalancerType: 'application', state: 'active' }),
        });
        expect(seeded.arn).toMatch(
          new RegExp(`^arn:aws:elasticloadbalancing:${REGION}:${h.account.accountId}:loadbalancer/app/hand-made-alb/[0-9a-f]{16}$`),
        );
      });

      it('lists Application, Network and Gateway Load Balancers, each with its hourly cost', async () => {
        const alb = seedLoadBalancer(h.account, { kind: 'application' });
        const nlb = seedLoadBalancer(h.account, { kind: 'network' });
        const gwlb = seedLoadBalancer(h.account, { kind: 'gateway' });

        const costs = await Promise.all([alb, nlb, gwlb].map(async (lb) => loadBalancer.costHint?.(await h.listed(lb.arn))));

        expect(costs).toEqual(['~$16/month + LCU', '~$16/month + NLCU', '~$9/month + GLCU']);
        expect(nlb.arn).toContain(':loadbalancer/net/');
        expect(gwlb.arn).toContain(':loadbalancer/gwy/');
      });

      it('makes no per-load-balancer call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedLoadBalancer(h.account, { tags: i % 2 ? { team: 'web' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['DescribeLoadBalancers']);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedLoadBalancer(h.account);
        h.account.failNext('DescribeLoadBalancers', () => new FakeAwsError('AccessDenied', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion', () => {
      it('deletes an unprotected load balancer after reading its protection', async () => {
        const seeded = seedLoadBalancer(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.mutatingCalls().map((c) => c.command)).toEqual(['DeleteLoadBalancer']);
        expect(h.account.callsOf('DeleteLoadBalancer').map((c) => c.input)).toEqual([{ LoadBalancerArn: seeded.arn }]);
      });

      it('reports a load balancer with deletion protection as skipped and leaves it alone', async () => {
        const seeded = seedLoadBalancer(h.account, { deletionProtection: true });

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.exists(seeded.arn)).toBe(true);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('switches protection off, then deletes, when the configuration allows it', async () => {
        const seeded = seedLoadBalancer(h.account, { deletionProtection: true });

        const outcome = await h.deleteListed(seeded.arn, { disableProtection: true });

        expect(outcome).toEqual({ status: 'deleted', note: 'deletion protection switched off first' });
        expect(h.account.exists(seeded.arn)).toBe(false);
        expect(h.account.calls.filter((c) => c.command !== 'DescribeLoadBalancers').map((c) => c.command)).toEqual([
          'DescribeLoadBalancerAttributes',
          'ModifyLoadBalancerAttributes',
          'DeleteLoadBalancer',
        ]);
        expect(h.account.callsOf('ModifyLoadBalancerAttributes')[0]!.input).toEqual({
          LoadBalancerArn: seeded.arn,
          Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }],
        });
      });

      it('respects protection switched on after the load balancer was listed', async () => {
        const seeded = seedLoadBalancer(h.account);
        const listed = await h.listed(seeded.arn);
        h.account.get(seeded.arn).data.attributes['deletion_protection.enabled'] = 'true';

        const outcome = await loadBalancer.delete(h.clients, listed, DEFAULT_DELETION);

        expect(outcome.status).toBe('skipped');
        expect(h.account.exists(seeded.arn)).toBe(true);
      });

      it('throws LoadBalancerNotFound when it vanished before the protection check', async () => {
        const seeded = seedLoadBalancer(h.account);
        const listed = await h.listed(seeded.arn);
        h.account.remove(seeded.arn);

        await expect(loadBalancer.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'LoadBalancerNotFound' });
      });
    });

    describe('declarations', () => {
      it('goes before target groups and links to the load balancer in the EC2 console', async () => {
        const seeded = seedLoadBalancer(h.account);

        expect(loadBalancer.deletionOrder).toBe(20);
        expect(loadBalancer.consoleUrl(await h.listed(seeded.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#LoadBalancer:loadBalancerArn=${seeded.arn}`,
        );
      });
    });
  },
);

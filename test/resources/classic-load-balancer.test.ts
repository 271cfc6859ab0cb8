import { describe, expect, it } from 'vitest';
import { controllerTag, controllerTagMatcher } from '../../lambda/core/controller-tags';
import { classicLoadBalancer } from '../../lambda/resources/classic-load-balancer';
import { loadBalancer } from '../../lambda/resources/load-balancer';
import { installElb, seedClassicLoadBalancer } from '../fakes/services/elb';
import { installElbv2, seedLoadBalancer } from '../fakes/services/elbv2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: classicLoadBalancer,
    installers: [installElb, installElbv2],
    seed: (account, options) => seedClassicLoadBalancer(account, options),
    deleteCommand: 'DeleteLoadBalancer',
    describeCommand: 'DescribeLoadBalancers',
    tagActions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { DescribeTags: [] },
  },
  (h) => {
    describe('listing', () => {
      it('finds a never-tagged Classic load balancer, with the tagging API ARN, its creation time and no tags', async () => {
        const createdAt = new Date('2019-04-01T08:00:00Z');
        const lb = seedClassicLoadBalancer(h.account, { name: 'legacy-web', createdAt });

        expect(await h.listAll()).toEqual([
          {
            type: 'elasticloadbalancing:classic-loadbalancer',
            arn: `arn:aws:elasticloadbalancing:${REGION}:${h.account.accountId}:loadbalancer/legacy-web`,
            id: 'legacy-web',
            name: 'legacy-web',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: {},
            details: {
              scheme: 'internet-facing',
              dnsName: `legacy-web-1234567890.${REGION}.elb.amazonaws.com`,
              vpcId: 'vpc-0fake',
              instances: 0,
            },
          },
        ]);
        expect(await h.arnsFromTaggingApi()).toEqual([]);
        expect(lb.arn).toBe(`arn:aws:elasticloadbalancing:${REGION}:${h.account.accountId}:loadbalancer/legacy-web`);
      });

      it('reads the tags of 25 load balancers with two DescribeTags calls (20 names at most each)', async () => {
        h.account.defaultPageSize = 400;
        const seeded = Array.from({ length: 25 }, (_, i) => seedClassicLoadBalancer(h.account, { tags: { n: String(i) } }));

        const listed = await h.listAll();

        const tagReads = h.account.callsOf('DescribeTags').map((c) => c.input.LoadBalancerNames.length);
        expect(tagReads).toEqual([20, 5]);
        expect(new Map(listed.map((r) => [r.arn, r.tags]))).toEqual(new Map(seeded.map((s, i) => [s.arn, { n: String(i) }])));
      });

      it('lists its tags so the engine protects a load balancer Kubernetes or Elastic Beanstalk created', async () => {
        const k8s = seedClassicLoadBalancer(h.account, { tags: { 'kubernetes.io/cluster/prod': 'owned' } });
        const service = seedClassicLoadBalancer(h.account, { tags: { 'kubernetes.io/service-name': 'shop/frontend' } });
        const beanstalk = seedClassicLoadBalancer(h.account, { tags: { 'elasticbeanstalk:environment-name': 'shop-prod' } });
        const handMade = seedClassicLoadBalancer(h.account, {});
        const matcher = controllerTagMatcher([]);

        const why = async (arn: string) => controllerTag((await h.listed(arn)).tags, matcher);

        expect(await why(k8s.arn)).toBe('tag kubernetes.io/cluster/prod (a Kubernetes cluster)');
        expect(await why(service.arn)).toBe('tag kubernetes.io/service-name (the Kubernetes cloud provider)');
        expect(await why(beanstalk.arn)).toBe('tag elasticbeanstalk:environment-name (Elastic Beanstalk)');
        expect(await why(handMade.arn)).toBeUndefined();
      });
    });

    describe('Classic and ELBv2 share the tagging type, not their load balancers', () => {
      it('the Classic type does not list an Application Load Balancer, and the ELBv2 type does not list a Classic one', async () => {
        const classic = seedClassicLoadBalancer(h.account, { tags: { team: 'web' } });
        const alb = seedLoadBalancer(h.account, { kind: 'application', tags: { team: 'web' } });
        const nlb = seedLoadBalancer(h.account, { kind: 'network' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([classic.arn]);
        const v2: string[] = [];
        for await (const r of loadBalancer.list(h.clients)) v2.push(r.arn);
        expect(v2.sort()).toEqual([alb.arn, nlb.arn].sort());
        // One GetResources sweep of the shared type returns both; each type joins only the ARNs it listed.
        expect((await h.arnsFromTaggingApi()).sort()).toEqual([classic.arn, alb.arn].sort());
        expect(classicLoadBalancer.taggingType).toBe(loadBalancer.id);
      });
    });

    describe('deletion', () => {
      it('deletes by name, and succeeds for one already gone (as DeleteLoadBalancer does)', async () => {
        const lb = seedClassicLoadBalancer(h.account, { name: 'old-api' });
        const listed = await h.listed(lb.arn);

        expect(await classicLoadBalancer.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false })).toEqual({
          status: 'deleted',
        });
        expect(h.account.callsOf('DeleteLoadBalancer').map((c) => c.input)).toEqual([{ LoadBalancerName: 'old-api' }]);
        expect(h.account.exists(lb.arn)).toBe(false);
        expect(
          (await classicLoadBalancer.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false })).status,
        ).toBe('deleted');
      });
    });

    describe('declarations', () => {
      it('reads tags with DescribeTags, a read action, and is swept under the shared tagging type', () => {
        expect(classicLoadBalancer.iam.read).toEqual(['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags']);
        expect(classicLoadBalancer.taggingType).toBe('elasticloadbalancing:loadbalancer');
        expect(classicLoadBalancer.id).not.toBe(classicLoadBalancer.taggingType);
      });

      it('estimates the cost and links to the load balancer in the EC2 console', async () => {
        const listed = await h.listed(seedClassicLoadBalancer(h.account, { name: 'legacy-web' }).arn);

        expect(classicLoadBalancer.costHint!(listed)).toBe('~$18/month + data processed');
        expect(classicLoadBalancer.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#LoadBalancers:search=legacy-web',
        );
      });
    });
  },
);

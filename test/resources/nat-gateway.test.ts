import { describe, expect, it } from 'vitest';
import { natGateway } from '../../lambda/resources/nat-gateway';
import { FakeAwsError } from '../fakes/fake-account';
import { completeNatGatewayDeletions, installEc2, seedNatGateway } from '../fakes/services/ec2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  { type: natGateway, installers: [installEc2], seed: seedNatGateway, deleteCommand: 'DeleteNatGateway', slowDeletion: true },
  (h) => {
    describe('listing', () => {
      it('returns its VPC, subnet, Elastic IP and creation time', async () => {
        const createTime = new Date('2024-06-01T09:00:00Z');
        const gateway = seedNatGateway(h.account, { createTime, vpcId: 'vpc-0111', subnetId: 'subnet-0222', tags: { Name: 'egress' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:natgateway',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:natgateway/${gateway.data.natGatewayId}`,
            id: gateway.data.natGatewayId,
            name: 'egress',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: createTime,
            tags: { Name: 'egress' },
            details: {
              state: 'available',
              vpcId: 'vpc-0111',
              subnetId: 'subnet-0222',
              connectivityType: 'public',
              allocationId: gateway.data.allocationId,
              publicIp: gateway.data.publicIp,
            },
          },
        ]);
      });

      it('leaves out gateways being deleted, deleted, or failed (EC2 removes those itself)', async () => {
        const available = seedNatGateway(h.account);
        seedNatGateway(h.account, { state: 'deleting' });
        seedNatGateway(h.account, { state: 'deleted' });
        seedNatGateway(h.account, { state: 'failed' });

        expect((await h.listAll()).map((g) => g.arn)).toEqual([available.arn]);
      });
    });

    describe('deletion', () => {
      it('only starts the deletion: the outcome says so and the next run does not list it again', async () => {
        const gateway = seedNatGateway(h.account);

        const outcome = await h.deleteListed(gateway.arn);

        expect(outcome).toEqual({ status: 'started', note: 'NAT gateway deletion takes minutes; the next run confirms it is gone' });
        expect(h.account.callsOf('DeleteNatGateway').map((c) => c.input)).toEqual([{ NatGatewayId: gateway.data.natGatewayId }]);
        expect(gateway.data.state).toBe('deleting');
        expect(await h.listAll()).toEqual([]);

        completeNatGatewayDeletions(h.account);
        expect(gateway.data.state).toBe('deleted');
        expect(await h.listAll()).toEqual([]);
      });

      it('leaves its Elastic IP allocated, for the Elastic IP type to judge once it is free', async () => {
        const gateway = seedNatGateway(h.account);
        const address = h.account.findBy('ec2:elastic-ip', 'allocationId', gateway.data.allocationId)!;

        await h.deleteListed(gateway.arn);
        completeNatGatewayDeletions(h.account);

        expect(h.account.exists(address.arn)).toBe(true);
        expect(address.data.associationId).toBeUndefined();
        expect(h.account.callsOf('ReleaseAddress')).toEqual([]);
      });

      it('throws NatGatewayNotFound when it is already gone', async () => {
        const gateway = seedNatGateway(h.account);
        h.account.failNext(
          'DeleteNatGateway',
          () => new FakeAwsError('NatGatewayNotFound', `The Nat Gateway ${gateway.data.natGatewayId} was not found`),
        );

        await expect(h.deleteListed(gateway.arn)).rejects.toMatchObject({ name: 'NatGatewayNotFound' });
      });

      it('goes after instances and before the Elastic IPs it frees', () => {
        expect(natGateway.deletionOrder).toBe(20);
      });
    });

    it('costs the hourly charge plus data processed, us-east-1', async () => {
      const gateway = await h.listed(seedNatGateway(h.account).arn);

      expect(natGateway.costHint?.(gateway)).toBe('~$33/month + $0.045/GB processed');
    });
  },
);

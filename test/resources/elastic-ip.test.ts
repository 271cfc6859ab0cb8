import { describe, expect, it } from 'vitest';
import type { Resource } from '../../lambda/core/model';
import { elasticIp } from '../../lambda/resources/elastic-ip';
import { natGateway } from '../../lambda/resources/nat-gateway';
import { FakeAwsError } from '../fakes/fake-account';
import { completeNatGatewayDeletions, installEc2, seedAddress, seedNatGateway } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  { type: elasticIp, installers: [installEc2], seed: seedAddress, deleteCommand: 'ReleaseAddress', unpaginated: true },
  (h) => {
    describe('listing', () => {
      it('names an address by its Name tag or else its public IP; EC2 gives no creation time', async () => {
        const bare = seedAddress(h.account, { publicIp: '203.0.113.10' });
        const named = seedAddress(h.account, { tags: { Name: 'vpn-endpoint', team: 'net' } });

        const addresses = await h.listAll();

        expect(addresses).toEqual([
          {
            type: 'ec2:elastic-ip',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:elastic-ip/${bare.data.allocationId}`,
            id: bare.data.allocationId,
            name: '203.0.113.10',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            protectedBecause: undefined,
            details: { publicIp: '203.0.113.10', associationId: undefined, instanceId: undefined },
            iacAliases: ['203.0.113.10'],
          },
          expect.objectContaining({ arn: named.arn, name: 'vpn-endpoint', tags: { Name: 'vpn-endpoint', team: 'net' } }),
        ]);
        expect(addresses[0]!.createdAt).toBeUndefined();
      });

      it('lists every address of the region from one unpaginated call', async () => {
        Array.from({ length: 12 }, () => seedAddress(h.account));

        expect(await h.listAll()).toHaveLength(12);
        expect(h.account.callsOf('DescribeAddresses')).toHaveLength(1);
      });
    });

    describe('deletion', () => {
      it('releases an unassociated address after re-reading it', async () => {
        const address = seedAddress(h.account);

        expect(await h.deleteListed(address.arn)).toEqual({ status: 'deleted' });

        expect(h.account.exists(address.arn)).toBe(false);
        expect(h.account.callsOf('DescribeAddresses').at(-1)?.input).toEqual({ AllocationIds: [address.data.allocationId] });
        expect(h.account.callsOf('ReleaseAddress').map((c) => c.input)).toEqual([
          { AllocationId: address.data.allocationId, NetworkBorderGroup: REGION },
        ]);
      });

      it('skips an address that was associated with an instance after it was listed', async () => {
        const address = seedAddress(h.account);
        const listed = await h.listed(address.arn);
        Object.assign(address.data, { associationId: 'eipassoc-0123', instanceId: 'i-0abc' });

        expect(await elasticIp.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'skipped',
          reason: 'associated with instance i-0abc; releasing it would change a running address — disassociate it first or tag it',
        });
        expect(h.account.exists(address.arn)).toBe(true);
        expect(h.account.callsOf('ReleaseAddress')).toEqual([]);
      });

      it('names the network interface when the address is associated with one', async () => {
        const address = seedAddress(h.account, { associatedWith: 'eni-0def' });

        const outcome = await h.deleteListed(address.arn);

        expect(outcome).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^associated with network interface eni-0def;/) });
      });

      it("is freed by its NAT gateway's deletion and released in a later run", async () => {
        const gateway = seedNatGateway(h.account);
        const addressArn = `arn:aws:ec2:${REGION}:${h.account.accountId}:elastic-ip/${gateway.data.allocationId}`;
        const gatewayListing: Resource[] = [];
        for await (const r of natGateway.list(h.clients)) gatewayListing.push(r);

        // Same night: the gateway goes first (lower deletionOrder) but only starts deleting.
        expect(natGateway.deletionOrder).toBeLessThan(elasticIp.deletionOrder ?? 50);
        await natGateway.delete(h.clients, gatewayListing[0]!, DEFAULT_DELETION);
        expect(await h.deleteListed(addressArn)).toMatchObject({ status: 'skipped' });

        // A later run, once EC2 has finished deleting the gateway.
        completeNatGatewayDeletions(h.account);
        expect(await h.deleteListed(addressArn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(addressArn)).toBe(false);
      });

      it('throws InvalidAllocationID.NotFound when the address is already gone', async () => {
        const address = seedAddress(h.account);
        const listed = await h.listed(address.arn);
        h.account.remove(address.arn);

        await expect(elasticIp.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'InvalidAllocationID.NotFound' });
      });

      it('throws InvalidIPAddress.InUse when associated between the re-read and the release, for a later wave', async () => {
        const address = seedAddress(h.account);
        h.account.failNext('ReleaseAddress', () => new FakeAwsError('InvalidIPAddress.InUse', 'Address is in use'));

        await expect(h.deleteListed(address.arn)).rejects.toMatchObject({ name: 'InvalidIPAddress.InUse' });
        expect(h.account.exists(address.arn)).toBe(true);
      });

      it('goes after NAT gateways and instances, which release addresses', () => {
        expect(elasticIp.deletionOrder).toBe(90);
      });
    });

    it('costs the public IPv4 charge, attached or not', async () => {
      const address = await h.listed(seedAddress(h.account).arn);

      expect(elasticIp.costHint?.(address)).toBe('~$3.65/month');
    });
  },
);

import { describe, expect, it } from 'vitest';
import { securityGroup } from '../../lambda/resources/security-group';
import { vpcEndpoint } from '../../lambda/resources/vpc-endpoint';
import { installEc2, seedVpcEndpoint } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin({ type: vpcEndpoint, installers: [installEc2], seed: seedVpcEndpoint, deleteCommand: 'DeleteVpcEndpoints' }, (h) => {
  describe('listing', () => {
    it('returns its service, VPC, type and number of AZs, named by the Name tag or else the service', async () => {
      const creationTimestamp = new Date('2024-07-01T10:00:00Z');
      const endpoint = seedVpcEndpoint(h.account, { creationTimestamp, serviceName: 'com.amazonaws.eu-west-1.ssm' });
      const named = seedVpcEndpoint(h.account, { tags: { Name: 'ecr-api' } });

      expect(await h.listAll()).toEqual([
        {
          type: 'ec2:vpc-endpoint',
          arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:vpc-endpoint/${endpoint.data.vpcEndpointId}`,
          id: endpoint.data.vpcEndpointId,
          name: 'com.amazonaws.eu-west-1.ssm',
          region: REGION,
          accountId: h.account.accountId,
          createdAt: creationTimestamp,
          tags: {},
          protectedBecause: undefined,
          details: {
            state: 'available',
            endpointType: 'Interface',
            serviceName: 'com.amazonaws.eu-west-1.ssm',
            vpcId: 'vpc-0a1b2c3d',
            availabilityZones: 2,
          },
        },
        expect.objectContaining({ arn: named.arn, name: 'ecr-api' }),
      ]);
    });

    it('lists the billed types (Interface, Gateway Load Balancer), not free Gateway endpoints', async () => {
      const interfaceEndpoint = seedVpcEndpoint(h.account, { vpcEndpointType: 'Interface' });
      const gwlbEndpoint = seedVpcEndpoint(h.account, { vpcEndpointType: 'GatewayLoadBalancer' });
      seedVpcEndpoint(h.account, { vpcEndpointType: 'Gateway' });

      expect((await h.listAll()).map((e) => e.arn)).toEqual([interfaceEndpoint.arn, gwlbEndpoint.arn]);
    });

    it('leaves out endpoints being deleted or deleted', async () => {
      const available = seedVpcEndpoint(h.account);
      seedVpcEndpoint(h.account, { state: 'deleting' });
      seedVpcEndpoint(h.account, { state: 'Deleted' });

      expect((await h.listAll()).map((e) => e.arn)).toEqual([available.arn]);
    });

    it('protects an endpoint managed by the AWS service that created it', async () => {
      const managed = seedVpcEndpoint(h.account, { requesterManaged: true });

      expect((await h.listed(managed.arn)).protectedBecause).toBe('managed by the AWS service that created it');
    });
  });

  describe('deletion', () => {
    it('deletes with DeleteVpcEndpoints', async () => {
      const endpoint = seedVpcEndpoint(h.account);

      expect(await h.deleteListed(endpoint.arn)).toEqual({ status: 'deleted' });

      expect(h.account.callsOf('DeleteVpcEndpoints').map((c) => c.input)).toEqual([{ VpcEndpointIds: [endpoint.data.vpcEndpointId] }]);
    });

    it('throws the error EC2 reports in Unsuccessful, with its code as the error name', async () => {
      const endpoint = seedVpcEndpoint(h.account);
      const listed = await h.listed(endpoint.arn);
      h.account.remove(endpoint.arn);

      await expect(vpcEndpoint.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
        name: 'InvalidVpcEndpoint.NotFound',
        message: `The VpcEndpoint Id '${endpoint.data.vpcEndpointId}' does not exist`,
      });
    });

    it('goes before security groups, which its network interfaces still use', () => {
      expect(vpcEndpoint.deletionOrder).toBe(20);
      expect(vpcEndpoint.deletionOrder!).toBeLessThan(securityGroup.deletionOrder!);
    });
  });

  it('costs the hourly charge per AZ plus data processed', async () => {
    const endpoint = await h.listed(seedVpcEndpoint(h.account).arn);

    expect(vpcEndpoint.costHint?.(endpoint)).toBe('~$7.30/month per AZ + data processed');
  });
});

import { DeleteNatGatewayCommand, EC2Client, paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/**
 * Gateways already going away. EC2 keeps deleted ones in the response for about an hour, and
 * deletes failed ones itself, so neither is anybody's leftover.
 */
const GONE_STATES = new Set(['deleting', 'deleted', 'failed']);

export const natGateway = pagedType({
  id: 'ec2:natgateway',
  label: 'NAT gateway',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeNatGateways'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteNatGateway'],
  },
  // After instances, before the Elastic IPs (90) its deletion frees.
  deletionOrder: 20,

  listing: {
    pages: (clients) => paginateDescribeNatGateways({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.NatGateways,
    resource: (gateway, { region, accountId }) => {
      if (!gateway.NatGatewayId || GONE_STATES.has(gateway.State ?? '')) return undefined;
      const tags = tagsFromList(gateway.Tags);
      const primaryAddress = gateway.NatGatewayAddresses?.find((a) => a.IsPrimary) ?? gateway.NatGatewayAddresses?.[0];
      return {
        arn: buildArn('ec2', region, accountId, `natgateway/${gateway.NatGatewayId}`),
        id: gateway.NatGatewayId,
        name: tags.Name,
        createdAt: gateway.CreateTime,
        tags,
        details: {
          state: gateway.State,
          vpcId: gateway.VpcId,
          subnetId: gateway.SubnetId,
          connectivityType: gateway.ConnectivityType,
          allocationId: primaryAddress?.AllocationId,
          publicIp: primaryAddress?.PublicIp,
        },
      };
    },
  },

  // Its Elastic IP stays allocated once the gateway is gone; the Elastic IP type judges it on its own.
  async delete(clients, resource) {
    await clients.get(EC2Client).send(new DeleteNatGatewayCommand({ NatGatewayId: resource.id }));
    return { status: 'started', note: 'NAT gateway deletion takes minutes; the next run confirms it is gone' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#NatGatewayDetails:natGatewayId=${r.id}`,

  // $0.045/hour in us-east-1 (730 h/month), plus $0.045 per GB processed.
  costHint: () => '~$33/month + $0.045/GB processed',
});

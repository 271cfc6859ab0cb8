import { DeleteVpcEndpointsCommand, EC2Client, paginateDescribeVpcEndpoints } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/**
 * The endpoint types billed per hour and per AZ. Gateway endpoints (S3, DynamoDB) are free and
 * often wired into route tables nobody remembers, so they are left alone.
 */
const BILLED_TYPES = new Set(['Interface', 'GatewayLoadBalancer']);

/** EC2 returns states in lower case although the SDK's enum is capitalised. */
const GONE_STATES = new Set(['deleting', 'deleted']);

/** One endpoint's entry in DeleteVpcEndpoints' `Unsuccessful` list, thrown with EC2's error code as its name. */
class VpcEndpointDeletionError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

export const vpcEndpoint = pagedType({
  id: 'ec2:vpc-endpoint',
  label: 'VPC endpoint',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeVpcEndpoints'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteVpcEndpoints'],
  },
  // Before security groups (80), which stay in use while an endpoint's network interfaces exist.
  deletionOrder: 20,

  listing: {
    pages: (clients) => paginateDescribeVpcEndpoints({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.VpcEndpoints,
    resource: (endpoint, { region, accountId }) => {
      if (!endpoint.VpcEndpointId || !BILLED_TYPES.has(endpoint.VpcEndpointType ?? '')) return undefined;
      if (GONE_STATES.has((endpoint.State ?? '').toLowerCase())) return undefined;
      const tags = tagsFromList(endpoint.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `vpc-endpoint/${endpoint.VpcEndpointId}`),
        id: endpoint.VpcEndpointId,
        name: tags.Name ?? endpoint.ServiceName,
        createdAt: endpoint.CreationTimestamp,
        tags,
        // Requester-managed endpoints belong to the AWS service that created them in this VPC.
        protectedBecause: endpoint.RequesterManaged ? 'managed by the AWS service that created it' : undefined,
        details: {
          state: endpoint.State,
          endpointType: endpoint.VpcEndpointType,
          serviceName: endpoint.ServiceName,
          vpcId: endpoint.VpcId,
          availabilityZones: endpoint.SubnetIds?.length,
        },
      };
    },
  },

  // DeleteVpcEndpoints reports per-endpoint failures in `Unsuccessful` instead of failing the call.
  async delete(clients, resource) {
    const { Unsuccessful } = await clients.get(EC2Client).send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [resource.id] }));
    const failure = Unsuccessful?.find((u) => u.ResourceId === resource.id) ?? Unsuccessful?.[0];
    if (failure) {
      throw new VpcEndpointDeletionError(
        failure.Error?.Code ?? 'VpcEndpointDeletionFailed',
        failure.Error?.Message ?? `could not delete ${resource.id}`,
      );
    }
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#EndpointDetails:vpcEndpointId=${r.id}`,

  // $0.01/hour per AZ in us-east-1 (730 h/month), plus data processed.
  costHint: () => '~$7.30/month per AZ + data processed',
});

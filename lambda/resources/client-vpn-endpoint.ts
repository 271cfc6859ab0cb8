import {
  DeleteClientVpnEndpointCommand,
  DisassociateClientVpnTargetNetworkCommand,
  EC2Client,
  paginateDescribeClientVpnEndpoints,
  paginateDescribeClientVpnTargetNetworks,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';
import { RetryLaterError } from './resource-type';

/** Endpoints on their way out are not inventory. */
const GONE_STATES = new Set(['deleting', 'deleted']);

/** Associations that no longer hold the endpoint. */
const RELEASED_ASSOCIATION = 'disassociated';

/** EC2 returns CreationTime as a string without a zone ("2019-06-11T19:13:25"), in UTC. */
function creationTimeOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** The endpoint's target network associations, as EC2 reports them now. */
async function associationsOf(ec2: EC2Client, endpointId: string): Promise<{ id: string; state: string }[]> {
  const found: { id: string; state: string }[] = [];
  for await (const page of paginateDescribeClientVpnTargetNetworks({ client: ec2, pageSize: 1000 }, { ClientVpnEndpointId: endpointId })) {
    for (const n of page.ClientVpnTargetNetworks ?? []) {
      if (n.AssociationId && n.Status?.Code !== RELEASED_ASSOCIATION)
        found.push({ id: n.AssociationId, state: n.Status?.Code ?? 'unknown' });
    }
  }
  return found;
}

/**
 * Client VPN endpoints. "You must disassociate all target networks before you can delete a Client
 * VPN endpoint" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteClientVpnEndpoint.html):
 * the first attempt disassociates them (asynchronous) and asks for a later wave; the next deletes.
 */
export const clientVpnEndpoint = pagedType({
  id: 'ec2:client-vpn-endpoint',
  label: 'Client VPN endpoint',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeClientVpnEndpoints', 'ec2:DescribeClientVpnTargetNetworks'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DisassociateClientVpnTargetNetwork', 'ec2:DeleteClientVpnEndpoint'],
  },

  listing: {
    pages: (clients) => paginateDescribeClientVpnEndpoints({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.ClientVpnEndpoints,
    resource: (endpoint, { region, accountId }) => {
      if (!endpoint.ClientVpnEndpointId || GONE_STATES.has(endpoint.Status?.Code ?? '')) return undefined;
      const tags = tagsFromList(endpoint.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `client-vpn-endpoint/${endpoint.ClientVpnEndpointId}`),
        id: endpoint.ClientVpnEndpointId,
        name: tags.Name ?? endpoint.Description,
        createdAt: creationTimeOf(endpoint.CreationTime),
        tags,
        details: { state: endpoint.Status?.Code, vpcId: endpoint.VpcId, clientCidrBlock: endpoint.ClientCidrBlock },
      };
    },
  },

  async delete(clients, resource) {
    const ec2 = clients.get(EC2Client);
    const associations = await associationsOf(ec2, resource.id);
    if (associations.length > 0) {
      for (const a of associations.filter((a) => a.state !== 'disassociating')) {
        await ec2.send(new DisassociateClientVpnTargetNetworkCommand({ ClientVpnEndpointId: resource.id, AssociationId: a.id }));
      }
      throw new RetryLaterError(`disassociating ${associations.length} target network(s) first`);
    }
    await ec2.send(new DeleteClientVpnEndpointCommand({ ClientVpnEndpointId: resource.id }));
    return { status: 'started', note: 'Client VPN endpoint deletion takes minutes; the next run confirms it is gone' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#ClientVPNEndpointDetails:clientVpnEndpointId=${r.id}`,

  // $0.10 per associated subnet-hour and $0.05 per connection-hour in us-east-1 (https://aws.amazon.com/vpn/pricing/).
  costHint: (r) => (r.details?.state === 'pending-associate' ? undefined : '~$73/month per associated subnet + $0.05/connection-hour'),
});

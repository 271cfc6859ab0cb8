import {
  DeleteTransitGatewayCommand,
  EC2Client,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGateways,
  type TransitGateway,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';
import { RetryLaterError } from './resource-type';

/** Gateways on their way out are not inventory. */
const GONE_STATES = new Set(['deleting', 'deleted']);

/** Attachment states that no longer hold the gateway. */
const RELEASED_ATTACHMENT_STATES = new Set(['deleted', 'rejected', 'failed']);

function protectionOf(gateway: TransitGateway, accountId: string): string | undefined {
  if (gateway.OwnerId && gateway.OwnerId !== accountId) return `shared by account ${gateway.OwnerId} (AWS RAM)`;
  // Only a gateway meant for other accounts' attachments accepts them unasked.
  if (gateway.Options?.AutoAcceptSharedAttachments === 'enable')
    return 'accepts shared attachments automatically: meant to be shared through AWS RAM';
  return undefined;
}

/** The attachments that still hold a gateway, read now (deleting ones included: EC2 refuses while they exist). */
async function remainingAttachments(ec2: EC2Client, gatewayId: string): Promise<string[]> {
  const remaining: string[] = [];
  const filter = { Filters: [{ Name: 'transit-gateway-id', Values: [gatewayId] }] };
  for await (const page of paginateDescribeTransitGatewayAttachments({ client: ec2, pageSize: 1000 }, filter)) {
    for (const a of page.TransitGatewayAttachments ?? []) {
      if (a.TransitGatewayAttachmentId && !RELEASED_ATTACHMENT_STATES.has(a.State ?? '')) remaining.push(a.TransitGatewayAttachmentId);
    }
  }
  return remaining;
}

/**
 * Transit gateways. "You can't delete a transit gateway with existing attachments"
 * (https://docs.aws.amazon.com/vpc/latest/tgw/delete-tgw.html): the attachments go first
 * (ec2:transit-gateway-attachment, and VPN connections with theirs), in earlier waves or nights.
 */
export const transitGateway = pagedType({
  id: 'ec2:transit-gateway',
  label: 'Transit gateway',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeTransitGateways', 'ec2:DescribeTransitGatewayAttachments'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteTransitGateway'],
  },
  // After its attachments (30) and VPN connections (20).
  deletionOrder: 60,

  listing: {
    pages: (clients) => paginateDescribeTransitGateways({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.TransitGateways,
    resource: (gateway, { region, accountId }) => {
      if (!gateway.TransitGatewayId || GONE_STATES.has(gateway.State ?? '')) return undefined;
      const tags = tagsFromList(gateway.Tags);
      return {
        // A gateway shared with this account carries its owner's account id.
        arn:
          gateway.TransitGatewayArn ?? buildArn('ec2', region, gateway.OwnerId ?? accountId, `transit-gateway/${gateway.TransitGatewayId}`),
        id: gateway.TransitGatewayId,
        name: tags.Name ?? gateway.Description,
        createdAt: gateway.CreationTime,
        tags,
        protectedBecause: protectionOf(gateway, accountId),
        details: { state: gateway.State, ownerId: gateway.OwnerId, amazonSideAsn: gateway.Options?.AmazonSideAsn },
      };
    },
  },

  async delete(clients, resource) {
    const ec2 = clients.get(EC2Client);
    const remaining = await remainingAttachments(ec2, resource.id);
    if (remaining.length > 0) {
      throw new RetryLaterError(`transit gateway still has ${remaining.length} attachment(s): ${remaining.slice(0, 3).join(', ')}`);
    }
    await ec2.send(new DeleteTransitGatewayCommand({ TransitGatewayId: resource.id }));
    return { status: 'started', note: 'transit gateway deletion takes minutes; the next run confirms it is gone' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#TransitGatewayDetails:transitGatewayId=${r.id}`,

  // The gateway itself is not billed: its attachments are (https://aws.amazon.com/transit-gateway/pricing/).
  costHint: () => 'no charge itself; ~$36/month per attachment + $0.02/GB processed',
});

import {
  DeleteTransitGatewayConnectCommand,
  DeleteTransitGatewayPeeringAttachmentCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  EC2Client,
  paginateDescribeTransitGatewayAttachments,
  type TransitGatewayAttachment,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** Attachments on their way out, or never made, are not inventory. */
const GONE_STATES = new Set(['deleting', 'deleted', 'rejecting', 'rejected', 'failing', 'failed']);

/** The attachment kinds deleted through their own EC2 call; every other kind belongs to another API or service. */
const DELETE_BY_RESOURCE_TYPE = {
  vpc: (id: string) => new DeleteTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: id }),
  peering: (id: string) => new DeleteTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
  connect: (id: string) => new DeleteTransitGatewayConnectCommand({ TransitGatewayAttachmentId: id }),
} as const;

type DeletableKind = keyof typeof DELETE_BY_RESOURCE_TYPE;

const isDeletableKind = (kind: string): kind is DeletableKind => Object.hasOwn(DELETE_BY_RESOURCE_TYPE, kind);

/** Who else owns or manages the attachment; deleting it would cut someone else's network. */
function protectionOf(a: TransitGatewayAttachment, accountId: string): string | undefined {
  const kind = a.ResourceType ?? 'unknown';
  if (a.TransitGatewayOwnerId && a.TransitGatewayOwnerId !== accountId) {
    return `attaches to transit gateway ${a.TransitGatewayId} of account ${a.TransitGatewayOwnerId} (shared through AWS RAM)`;
  }
  if (a.ResourceOwnerId && a.ResourceOwnerId !== accountId) return `its ${kind} ${a.ResourceId} belongs to account ${a.ResourceOwnerId}`;
  if (kind === 'vpn') return `deleted with its VPN connection ${a.ResourceId} (type ec2:vpn-connection)`;
  // A Cloud WAN core network peers through a peering the gateway accepts
  // (https://docs.aws.amazon.com/network-manager/latest/cloudwan/cloudwan-peerings-create.html): only gateway-to-gateway ones are ours.
  if (kind === 'peering' && !a.ResourceId?.startsWith('tgw-'))
    return `peers with ${a.ResourceId ?? 'an unknown peer'}, not a transit gateway (Cloud WAN)`;
  if (!isDeletableKind(kind)) return `a ${kind} attachment, managed through its own service`;
  return undefined;
}

/**
 * Transit gateway attachments of this account's gateways (VPC, peering and Connect ones), deleted
 * before their gateway. Each is billed by the hour whether or not traffic flows.
 */
export const transitGatewayAttachment = pagedType({
  id: 'ec2:transit-gateway-attachment',
  label: 'Transit gateway attachment',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeTransitGatewayAttachments'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteTransitGatewayVpcAttachment', 'ec2:DeleteTransitGatewayPeeringAttachment', 'ec2:DeleteTransitGatewayConnect'],
  },
  // Before the transit gateway (60) it holds.
  deletionOrder: 30,

  listing: {
    pages: (clients) => paginateDescribeTransitGatewayAttachments({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.TransitGatewayAttachments,
    resource: (a, { region, accountId }) => {
      if (!a.TransitGatewayAttachmentId || GONE_STATES.has(a.State ?? '')) return undefined;
      const tags = tagsFromList(a.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `transit-gateway-attachment/${a.TransitGatewayAttachmentId}`),
        id: a.TransitGatewayAttachmentId,
        name: tags.Name,
        createdAt: a.CreationTime,
        tags,
        protectedBecause: protectionOf(a, accountId),
        details: { state: a.State, resourceType: a.ResourceType, resourceId: a.ResourceId, transitGatewayId: a.TransitGatewayId },
      };
    },
  },

  async delete(clients, resource) {
    const kind = String(resource.details?.resourceType);
    // Listing protects every other kind; this guards a resource built by hand.
    if (!isDeletableKind(kind)) return { status: 'skipped', reason: `a ${kind} attachment is not deleted here` };
    await clients.get(EC2Client).send(DELETE_BY_RESOURCE_TYPE[kind](resource.id));
    return { status: 'started', note: 'attachment deletion takes minutes; its transit gateway can go once it is gone' };
  },

  consoleUrl: (r: Resource) =>
    `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#TransitGatewayAttachmentDetails:transitGatewayAttachmentId=${r.id}`,

  // $0.05/hour per attachment in us-east-1 (730 h/month), plus $0.02 per GB (https://aws.amazon.com/transit-gateway/pricing/).
  costHint: () => '~$36/month + $0.02/GB processed',
});

import { type Address, DescribeAddressesCommand, EC2Client, ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import type { ResourceType } from './resource-type';

function associationTarget(address: Address): string {
  if (address.InstanceId) return `instance ${address.InstanceId}`;
  if (address.NetworkInterfaceId) return `network interface ${address.NetworkInterfaceId}`;
  return `association ${address.AssociationId}`;
}

export const elasticIp: ResourceType = {
  id: 'ec2:elastic-ip',
  label: 'Elastic IP',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeAddresses'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:ReleaseAddress'],
    deleteUnconditioned: ['ec2:DescribeAddresses'],
    deleteUnconditionedReason: 'DescribeAddresses (re-reading the association just before release) has no resource-level permissions.',
  },
  // Last among EC2 types: NAT gateways (20) and instances (10) release their addresses first.
  deletionOrder: 90,

  // DescribeAddresses is not paginated: one call returns every address in the region.
  async *list(clients) {
    const { region, accountId } = clients.target;
    const { Addresses } = await clients.get(EC2Client).send(new DescribeAddressesCommand({}));
    for (const address of Addresses ?? []) {
      // Addresses without an allocation id were EC2-Classic, which no longer exists.
      if (!address.AllocationId) continue;
      const tags = tagsFromList(address.Tags);
      yield {
        type: 'ec2:elastic-ip',
        arn: buildArn('ec2', region, accountId, `elastic-ip/${address.AllocationId}`),
        id: address.AllocationId,
        name: tags.Name ?? address.PublicIp,
        region,
        accountId,
        tags,
        // Addresses a service allocated for itself (load balancers, NAT, RDS) are released by that service.
        protectedBecause: address.ServiceManaged ? `managed by ${address.ServiceManaged}` : undefined,
        details: { publicIp: address.PublicIp, associationId: address.AssociationId, instanceId: address.InstanceId },
        // A stack names an address by its public IP (AWS::EC2::EIP's physical id), not its allocation id.
        ...(address.PublicIp ? { iacAliases: [address.PublicIp] } : {}),
      } satisfies Resource;
    }
  },

  async delete(clients, resource) {
    const ec2 = clients.get(EC2Client);
    // Re-read: an address associated since the list call is in use now, and releasing it would cut traffic.
    const { Addresses } = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [resource.id] }));
    const address = Addresses?.[0];
    if (address?.AssociationId) {
      return {
        status: 'skipped',
        reason: `associated with ${associationTarget(address)}; releasing it would change a running address — disassociate it first or tag it`,
      };
    }
    // Addresses from a Local Zone or Wavelength Zone are only found under their own border group.
    await ec2.send(new ReleaseAddressCommand({ AllocationId: resource.id, NetworkBorderGroup: address?.NetworkBorderGroup }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#ElasticIpDetails:AllocationId=${r.id}`,

  // Every public IPv4 address costs $0.005/hour (730 h/month), attached or not.
  costHint: () => '~$3.65/month',
};

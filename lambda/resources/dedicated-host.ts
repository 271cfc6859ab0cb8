import { DescribeHostsCommand, EC2Client, type Host, paginateDescribeHosts, ReleaseHostsCommand } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';
import { RetryLaterError } from './resource-type';

/** Released hosts stay in DescribeHosts for a while (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseHosts.html). */
const GONE_STATES = new Set(['released', 'released-permanent-failure']);

/**
 * Mac hosts cannot be released in their first 24 hours
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-mac-instances.html).
 */
const MAC_MINIMUM_ALLOCATION_MS = 24 * 3_600_000;

/**
 * us-east-1 On-Demand host prices per hour, a few common families only
 * (https://aws.amazon.com/ec2/dedicated-hosts/pricing/).
 */
const HOURLY_PRICE_USD: Readonly<Record<string, number>> = {
  mac1: 1.083,
  mac2: 0.65,
  m5: 4.032,
};

/** One host's entry in ReleaseHosts' `Unsuccessful` list, thrown with EC2's error code as its name. */
class HostReleaseError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

function protectionOf(host: Host, accountId: string): string | undefined {
  // License Manager allocates and releases the hosts of its host resource groups itself.
  if (host.MemberOfServiceLinkedResourceGroup) return 'in a License Manager host resource group, which manages it';
  if (host.OwnerId && host.OwnerId !== accountId) return `shared by account ${host.OwnerId} (AWS RAM)`;
  if (host.OutpostArn) return `on Outpost ${host.OutpostArn}`;
  return undefined;
}

export const dedicatedHost = pagedType({
  id: 'ec2:dedicated-host',
  label: 'EC2 Dedicated Host',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeHosts'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:ReleaseHosts'],
  },
  // After the instances (10) placed on it, which keep it occupied.
  deletionOrder: 40,

  listing: {
    pages: (clients) => paginateDescribeHosts({ client: clients.get(EC2Client), pageSize: 500 }, {}),
    items: (page) => page.Hosts,
    resource: (host, { region, accountId }) => {
      if (!host.HostId || GONE_STATES.has(host.State ?? '')) return undefined;
      const tags = tagsFromList(host.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `dedicated-host/${host.HostId}`),
        id: host.HostId,
        name: tags.Name,
        createdAt: host.AllocationTime,
        tags,
        protectedBecause: protectionOf(host, accountId),
        details: {
          state: host.State,
          instanceFamily: host.HostProperties?.InstanceFamily,
          instanceType: host.HostProperties?.InstanceType,
          instances: host.Instances?.length ?? 0,
          hostReservationId: host.HostReservationId,
        },
      };
    },
  },

  async delete(clients, resource) {
    const ec2 = clients.get(EC2Client);
    // Read now: instances terminated earlier in this run (deletionOrder 10) may still occupy it.
    const { Hosts } = await ec2.send(new DescribeHostsCommand({ HostIds: [resource.id] }));
    const host = Hosts?.find((h) => h.HostId === resource.id);
    const instances = host?.Instances?.length ?? 0;
    if (instances > 0) throw new RetryLaterError(`host still has ${instances} instance(s); ReleaseHosts fails until they are gone`);
    const family = host?.HostProperties?.InstanceFamily ?? String(resource.details?.instanceFamily ?? '');
    const allocated = host?.AllocationTime ?? resource.createdAt;
    if (family.startsWith('mac') && allocated && Date.now() - allocated.getTime() < MAC_MINIMUM_ALLOCATION_MS) {
      return { status: 'skipped', reason: 'Mac hosts can be released only 24 hours after allocation; the next run tries again' };
    }
    const { Unsuccessful } = await ec2.send(new ReleaseHostsCommand({ HostIds: [resource.id] }));
    const failure = Unsuccessful?.find((u) => u.ResourceId === resource.id) ?? Unsuccessful?.[0];
    if (failure) {
      const message = failure.Error?.Message ?? `could not release ${resource.id}`;
      // The undocumented "occupied" failure: an instance landed on it since it was read.
      if (/occupied/i.test(message)) throw new RetryLaterError(message);
      throw new HostReleaseError(failure.Error?.Code ?? 'HostReleaseFailed', message);
    }
    const reservation = resource.details?.hostReservationId;
    return reservation
      ? { status: 'deleted', note: `host reservation ${reservation} is billed until its term ends` }
      : { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#HostDetails:hostId=${r.id}`,

  costHint(resource) {
    if (resource.details?.hostReservationId) return undefined;
    const hourly = HOURLY_PRICE_USD[String(resource.details?.instanceFamily)];
    return hourly === undefined ? undefined : `~$${Math.round(hourly * 730)}/month`;
  },
});

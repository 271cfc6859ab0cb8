import {
  CancelCapacityReservationCommand,
  type CapacityReservation,
  EC2Client,
  paginateDescribeCapacityReservations,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** Reservations that no longer reserve (or never did) are not inventory. */
const GONE_STATES = new Set(['expired', 'cancelled', 'failed', 'payment-failed', 'unsupported']);

/**
 * What makes a reservation one CancelCapacityReservation must not (or cannot) cancel
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-reservations-release.html).
 */
function protectionOf(r: CapacityReservation, accountId: string, now: Date): string | undefined {
  if (r.ReservationType === 'capacity-block') return 'a Capacity Block, which cannot be cancelled';
  if (r.OwnerId && r.OwnerId !== accountId) return `shared by account ${r.OwnerId} (AWS RAM)`;
  if (r.CapacityReservationFleetId) return `part of Capacity Reservation Fleet ${r.CapacityReservationFleetId}, which manages it`;
  const commitmentEnd = r.CommitmentInfo?.CommitmentEndDate;
  if (commitmentEnd && commitmentEnd > now)
    return `committed until ${commitmentEnd.toISOString()}: cancelling early costs a cancellation charge`;
  if (r.State === 'scheduled') return 'future-dated: cancelling needs a cancellation quote';
  return undefined;
}

/**
 * On-Demand Capacity Reservations: billed at the On-Demand rate for every reserved instance,
 * used or not, until cancelled. Instances running in one keep running after the cancellation.
 */
export const capacityReservation = pagedType({
  id: 'ec2:capacity-reservation',
  label: 'EC2 Capacity Reservation',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeCapacityReservations'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:CancelCapacityReservation'],
  },

  listing: {
    pages: (clients) => paginateDescribeCapacityReservations({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.CapacityReservations,
    resource: (r, { region, accountId }) => {
      if (!r.CapacityReservationId || GONE_STATES.has(r.State ?? '')) return undefined;
      const tags = tagsFromList(r.Tags);
      return {
        arn: r.CapacityReservationArn ?? buildArn('ec2', region, r.OwnerId ?? accountId, `capacity-reservation/${r.CapacityReservationId}`),
        id: r.CapacityReservationId,
        name: tags.Name,
        createdAt: r.CreateDate,
        tags,
        protectedBecause: protectionOf(r, accountId, new Date()),
        details: {
          state: r.State,
          instanceType: r.InstanceType,
          platform: r.InstancePlatform,
          availabilityZone: r.AvailabilityZone,
          totalInstances: r.TotalInstanceCount,
          availableInstances: r.AvailableInstanceCount,
          endDate: r.EndDate?.toISOString(),
        },
      };
    },
  },

  // Immediate: "the capacity is released immediately". A commitment that began since listing is refused by EC2.
  async delete(clients, resource) {
    await clients.get(EC2Client).send(new CancelCapacityReservationCommand({ CapacityReservationId: resource.id }));
    return { status: 'deleted', note: 'instances running in it keep running, at the On-Demand rate' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#CapacityReservationDetails:crId=${r.id}`,

  costHint: (r) => {
    const total = r.details?.totalInstances;
    const type = r.details?.instanceType;
    return total && type ? `the On-Demand price of ${total} × ${type}, used or not` : undefined;
  },
});

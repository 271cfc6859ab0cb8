import { DeleteFleetsCommand, EC2Client, paginateDescribeFleets } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** Fleets deleted (their instances running or terminating) or failed are not inventory. */
const GONE_STATES = new Set(['deleted', 'deleted_running', 'deleted_terminating', 'failed']);

/** One fleet's entry in `UnsuccessfulFleetDeletions`, thrown with EC2's error code as its name. */
class FleetDeletionError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/**
 * EC2 Fleets of type `maintain`: they relaunch whatever is terminated, so the fleet is the unit,
 * never its instances (which carry `aws:ec2:fleet-id` and so are protected as managed by an AWS
 * service). Deleted with TerminateInstances, so nothing is left running. `request` and `instant`
 * fleets replace nothing and are not covered.
 */
export const ec2Fleet = pagedType({
  id: 'ec2:fleet',
  label: 'EC2 Fleet',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeFleets'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    // EC2 Fleet terminates the instances through its service-linked role.
    delete: ['ec2:DeleteFleets'],
  },
  // With the instances: before the security groups (80) and subnets they hold.
  deletionOrder: 10,

  listing: {
    pages: (clients) => paginateDescribeFleets({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.Fleets,
    resource: (fleet, { region, accountId }) => {
      if (!fleet.FleetId || fleet.Type !== 'maintain' || GONE_STATES.has(fleet.FleetState ?? '')) return undefined;
      const tags = tagsFromList(fleet.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `fleet/${fleet.FleetId}`),
        id: fleet.FleetId,
        name: tags.Name,
        createdAt: fleet.CreateTime,
        tags,
        details: {
          state: fleet.FleetState,
          type: fleet.Type,
          targetCapacity: fleet.TargetCapacitySpecification?.TotalTargetCapacity,
          capacityType: fleet.TargetCapacitySpecification?.DefaultTargetCapacityType,
        },
      };
    },
  },

  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteFleets.html
  async delete(clients, resource) {
    const { UnsuccessfulFleetDeletions } = await clients
      .get(EC2Client)
      .send(new DeleteFleetsCommand({ FleetIds: [resource.id], TerminateInstances: true }));
    const failure = UnsuccessfulFleetDeletions?.find((u) => u.FleetId === resource.id) ?? UnsuccessfulFleetDeletions?.[0];
    if (failure) {
      throw new FleetDeletionError(
        failure.Error?.Code ?? 'FleetDeletionFailed',
        failure.Error?.Message ?? `could not delete ${resource.id}`,
      );
    }
    return { status: 'started', note: 'fleet deleted; its instances are terminating' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#FleetDetails:fleetId=${r.id}`,

  costHint: (r) =>
    r.details?.targetCapacity
      ? `the ${r.details.capacityType === 'on-demand' ? 'On-Demand' : 'Spot'} price of ${r.details.targetCapacity} capacity unit(s), relaunched while it runs`
      : undefined,
});

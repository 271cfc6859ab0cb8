import { CancelSpotFleetRequestsCommand, EC2Client, paginateDescribeSpotFleetRequests } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** Requests cancelled (their instances running or terminating) or failed are not inventory. */
const GONE_STATES = new Set(['cancelled', 'cancelled_running', 'cancelled_terminating', 'failed']);

/** One request's entry in `UnsuccessfulFleetRequests`, thrown with EC2's error code as its name. */
class SpotFleetCancelError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/**
 * Spot Fleet requests of type `maintain`: they relaunch whatever is terminated, so the request is
 * the unit, never its instances (which carry `aws:ec2spot:fleet-request-id` and so are protected
 * as managed by an AWS service). Cancelled with TerminateInstances, so nothing is left running.
 * One-time (`request`) fleets replace nothing and are not covered.
 */
export const spotFleetRequest = pagedType({
  id: 'ec2:spot-fleet-request',
  label: 'Spot Fleet request',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeSpotFleetRequests'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    // Spot Fleet terminates the instances through the request's own IamFleetRole.
    delete: ['ec2:CancelSpotFleetRequests'],
  },
  // With the instances: before the security groups (80) and subnets they hold.
  deletionOrder: 10,

  listing: {
    pages: (clients) => paginateDescribeSpotFleetRequests({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.SpotFleetRequestConfigs,
    resource: (request, { region, accountId }) => {
      const id = request.SpotFleetRequestId;
      // `maintain` is the API's default type.
      const type = request.SpotFleetRequestConfig?.Type ?? 'maintain';
      if (!id || type !== 'maintain' || GONE_STATES.has(request.SpotFleetRequestState ?? '')) return undefined;
      const tags = tagsFromList(request.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `spot-fleet-request/${id}`),
        id,
        name: tags.Name,
        createdAt: request.CreateTime,
        tags,
        details: {
          state: request.SpotFleetRequestState,
          type,
          targetCapacity: request.SpotFleetRequestConfig?.TargetCapacity,
          activity: request.ActivityStatus,
        },
      };
    },
  },

  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CancelSpotFleetRequests.html
  async delete(clients, resource) {
    const { UnsuccessfulFleetRequests } = await clients
      .get(EC2Client)
      .send(new CancelSpotFleetRequestsCommand({ SpotFleetRequestIds: [resource.id], TerminateInstances: true }));
    const failure = UnsuccessfulFleetRequests?.find((u) => u.SpotFleetRequestId === resource.id) ?? UnsuccessfulFleetRequests?.[0];
    if (failure) {
      throw new SpotFleetCancelError(
        failure.Error?.Code ?? 'SpotFleetCancelFailed',
        failure.Error?.Message ?? `could not cancel ${resource.id}`,
      );
    }
    return { status: 'started', note: 'request cancelled; its instances are terminating' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#SpotInstancesDetails:id=${r.id}`,

  costHint: (r) =>
    r.details?.targetCapacity ? `the Spot price of ${r.details.targetCapacity} capacity unit(s), relaunched while it runs` : undefined,
});

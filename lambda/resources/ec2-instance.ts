import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  paginateDescribeInstances,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, theOne } from './configuration';
import { pagedType } from './paged-list';

/** Instances on their way out are not inventory. */
const GONE_STATES = new Set(['shutting-down', 'terminated']);

/** A stopped instance bills only its volumes, which the EBS volume type reports itself. */
const UNBILLED_STATES = new Set(['stopping', 'stopped']);

const HOURS_PER_MONTH = 730;

/** On-demand Linux price per hour in us-east-1 for common types; other regions differ by a few tens of percent. */
const HOURLY_PRICE_USD: Readonly<Record<string, number>> = {
  't2.micro': 0.0116,
  't2.small': 0.023,
  't2.medium': 0.0464,
  't2.large': 0.0928,
  't3.nano': 0.0052,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't3.2xlarge': 0.3328,
  't4g.micro': 0.0084,
  't4g.small': 0.0168,
  't4g.medium': 0.0336,
  't4g.large': 0.0672,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm6i.large': 0.096,
  'm6i.xlarge': 0.192,
  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'r5.large': 0.126,
  'r5.xlarge': 0.252,
};

export const ec2Instance = pagedType({
  id: 'ec2:instance',
  label: 'EC2 instance',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeInstances'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DescribeInstanceAttribute', 'ec2:ModifyInstanceAttribute', 'ec2:TerminateInstances'],
  },
  // First: instances hold security groups, volumes, Elastic IPs and subnets.
  deletionOrder: 10,

  listing: {
    pages: (clients) => paginateDescribeInstances({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.Reservations?.flatMap((reservation) => reservation.Instances ?? []),
    resource: (instance, { region, accountId }) => {
      if (!instance.InstanceId || GONE_STATES.has(instance.State?.Name ?? '')) return undefined;
      const tags = tagsFromList(instance.Tags);
      return {
        arn: buildArn('ec2', region, accountId, `instance/${instance.InstanceId}`),
        id: instance.InstanceId,
        name: tags.Name,
        // LaunchTime is the last start: a restarted instance looks younger, which errs on the safe side.
        createdAt: instance.LaunchTime,
        tags,
        details: { state: instance.State?.Name, instanceType: instance.InstanceType },
      };
    },
  },

  /**
   * Termination protection is someone's explicit "keep this": it is respected unless the
   * configuration allows switching it off, and then switched off on this instance only.
   */
  async delete(clients, resource, options) {
    const ec2 = clients.get(EC2Client);
    const { DisableApiTermination } = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: resource.id, Attribute: 'disableApiTermination' }),
    );
    const protectedFromTermination = DisableApiTermination?.Value === true;
    if (protectedFromTermination && !options.disableProtection) {
      return { status: 'skipped', reason: 'termination protection is on' };
    }
    if (protectedFromTermination) {
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: resource.id, DisableApiTermination: { Value: false } }));
    }
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [resource.id] }));
    return protectedFromTermination ? { status: 'deleted', note: 'termination protection switched off first' } : { status: 'deleted' };
  },

  // The instance as EC2 describes it (type, image, network, block devices, tags): one DescribeInstances.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { Reservations } = await clients.get(EC2Client).send(new DescribeInstancesCommand({ InstanceIds: [resource.id] }));
      return theOne(
        Reservations?.flatMap((r) => r.Instances ?? []),
        `instance ${resource.id}`,
      );
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#InstanceDetails:instanceId=${r.id}`,

  costHint(resource) {
    if (UNBILLED_STATES.has(String(resource.details?.state))) return undefined;
    const hourly = HOURLY_PRICE_USD[String(resource.details?.instanceType)];
    return hourly === undefined ? undefined : `~$${(hourly * HOURS_PER_MONTH).toFixed(2)}/month`;
  },
});

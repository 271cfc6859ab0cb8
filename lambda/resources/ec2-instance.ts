import { EC2Client, TerminateInstancesCommand, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';
import { tagsFromList } from './tag-list';

/** Instances on their way out are not inventory. */
const GONE_STATES = new Set(['shutting-down', 'terminated']);

export const ec2Instance: ResourceType = {
  id: 'ec2:instance',
  label: 'EC2 instance',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeInstances'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:TerminateInstances'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const page of paginateDescribeInstances({ client: clients.get(EC2Client), pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          if (!instance.InstanceId || GONE_STATES.has(instance.State?.Name ?? '')) continue;
          const tags = tagsFromList(instance.Tags);
          yield {
            type: 'ec2:instance',
            arn: buildArn('ec2', region, accountId, `instance/${instance.InstanceId}`),
            id: instance.InstanceId,
            name: tags.Name,
            region,
            accountId,
            // LaunchTime is the last start: a restarted instance looks younger, which errs on the safe side.
            createdAt: instance.LaunchTime,
            tags,
            details: { state: instance.State?.Name, instanceType: instance.InstanceType },
          } satisfies Resource;
        }
      }
    }
  },

  async delete(clients, resource) {
    await clients.get(EC2Client).send(new TerminateInstancesCommand({ InstanceIds: [resource.id] }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#InstanceDetails:instanceId=${r.id}`,
};

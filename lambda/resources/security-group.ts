import { DeleteSecurityGroupCommand, EC2Client, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

export const securityGroup = pagedType({
  id: 'ec2:security-group',
  label: 'Security group',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeSecurityGroups'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteSecurityGroup'],
  },
  // Late: instances, endpoints and other network-interface owners must let go of the group first.
  deletionOrder: 80,

  listing: {
    pages: (clients) => paginateDescribeSecurityGroups({ client: clients.get(EC2Client), pageSize: 1000 }, {}),
    items: (page) => page.SecurityGroups,
    resource: (group, { region, accountId }) => {
      if (!group.GroupId) return undefined;
      return {
        arn: buildArn('ec2', region, accountId, `security-group/${group.GroupId}`),
        id: group.GroupId,
        name: group.GroupName,
        tags: tagsFromList(group.Tags),
        // Every VPC has one; AWS refuses to delete it, and it is nobody's hand-made resource.
        protectedBecause: group.GroupName === 'default' ? `default security group of ${group.VpcId}` : undefined,
        details: { vpcId: group.VpcId },
      };
    },
  },

  // A group still used by an ENI or referenced by another group's rule fails with DependencyViolation.
  async delete(clients, resource) {
    await clients.get(EC2Client).send(new DeleteSecurityGroupCommand({ GroupId: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#SecurityGroup:groupId=${r.id}`,
});

import { AutoScalingClient, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { DeleteLaunchTemplateCommand, EC2Client, paginateDescribeLaunchTemplates } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { AwsClients } from '../aws/clients';
import type { Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import type { ResourceType } from './resource-type';

/** DescribeLaunchTemplates takes at most 200 per page, unlike most EC2 Describe calls. */
const MAX_PAGE_SIZE = 200;

/**
 * Launch template id → the Auto Scaling group launching from it. A hand-made template used by an
 * IaC-managed group must stay: deleting it would break that group's next scale-out. One sweep of
 * the region's groups per listing, not one call per template.
 */
async function templatesInUse(clients: AwsClients): Promise<Map<string, string>> {
  const inUse = new Map<string, string>();
  for await (const page of paginateDescribeAutoScalingGroups({ client: clients.get(AutoScalingClient), pageSize: 100 }, {})) {
    for (const group of page.AutoScalingGroups ?? []) {
      const ids = [
        group.LaunchTemplate?.LaunchTemplateId,
        group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.LaunchTemplateId,
      ];
      for (const id of ids) if (id && group.AutoScalingGroupName) inUse.set(id, group.AutoScalingGroupName);
    }
  }
  return inUse;
}

export const launchTemplate: ResourceType = {
  id: 'ec2:launch-template',
  label: 'Launch template',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeLaunchTemplates', 'autoscaling:DescribeAutoScalingGroups'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteLaunchTemplate'],
  },
  // Late: after the instances (10) and anything else launched from it the same night.
  deletionOrder: 60,

  async *list(clients) {
    const { region, accountId } = clients.target;
    const inUse = await templatesInUse(clients);
    for await (const page of paginateDescribeLaunchTemplates({ client: clients.get(EC2Client), pageSize: MAX_PAGE_SIZE }, {})) {
      for (const template of page.LaunchTemplates ?? []) {
        if (!template.LaunchTemplateId) continue;
        const tags = tagsFromList(template.Tags);
        yield {
          type: 'ec2:launch-template',
          arn: buildArn('ec2', region, accountId, `launch-template/${template.LaunchTemplateId}`),
          id: template.LaunchTemplateId,
          name: template.LaunchTemplateName,
          region,
          accountId,
          createdAt: template.CreateTime,
          tags,
          // A template a service operates for itself (e.g. EKS Auto Mode) is that service's to remove.
          protectedBecause: template.Operator?.Managed
            ? `managed by ${template.Operator.Principal ?? 'an AWS service'}`
            : inUse.has(template.LaunchTemplateId)
              ? `used by Auto Scaling group ${inUse.get(template.LaunchTemplateId)}; it follows that group`
              : undefined,
          details: {
            createdBy: template.CreatedBy,
            defaultVersion: template.DefaultVersionNumber,
            latestVersion: template.LatestVersionNumber,
          },
        } satisfies Resource;
      }
    }
  },

  // Deletes every version at once.
  async delete(clients, resource) {
    await clients.get(EC2Client).send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#LaunchTemplateDetails:launchTemplateId=${r.id}`,
};

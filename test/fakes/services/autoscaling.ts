import { randomUUID } from 'node:crypto';
import {
  AutoScalingClient,
  DeleteAutoScalingGroupCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeTagsCommand,
} from '@aws-sdk/client-auto-scaling';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate } from '../fake-account';

/** EC2 Auto Scaling groups, with tags in DescribeAutoScalingGroups as the real API returns them. */

const TYPE = 'autoscaling:autoScalingGroup';
const DELETING = 'Delete in progress';

export interface SeedAutoScalingGroupOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** Running instances in the group. */
  instances?: number;
  /** `Delete in progress` for a group whose deletion has started. */
  status?: string;
  /** The launch template the group launches from. */
  launchTemplateId?: string;
  /** A launch template referenced from a mixed-instances policy instead. */
  mixedInstancesLaunchTemplateId?: string;
}

export function seedAutoScalingGroup(account: FakeAccount, options: SeedAutoScalingGroupOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('asg-');
  const region = options.region ?? 'eu-west-1';
  const instances = options.instances ?? 0;
  return account.put({
    type: TYPE,
    arn: buildArn('autoscaling', region, account.accountId, `autoScalingGroup:${randomUUID()}:autoScalingGroupName/${name}`),
    region,
    tags: options.tags,
    data: {
      name,
      createdAt: options.createdAt ?? new Date(),
      instanceIds: Array.from({ length: instances }, () => account.nextId('i-')),
      lifecycleState: 'InService',
      status: options.status,
      launchTemplateId: options.launchTemplateId,
      mixedInstancesLaunchTemplateId: options.mixedInstancesLaunchTemplateId,
    },
  });
}

function describeGroup(group: FakeResource) {
  const instanceIds: string[] = group.data.instanceIds;
  return {
    AutoScalingGroupName: group.data.name,
    AutoScalingGroupARN: group.arn,
    MinSize: 0,
    MaxSize: Math.max(instanceIds.length, 1),
    DesiredCapacity: group.data.status === DELETING ? 0 : instanceIds.length,
    DefaultCooldown: 300,
    AvailabilityZones: [`${group.region}a`],
    HealthCheckType: 'EC2',
    CreatedTime: group.data.createdAt,
    Status: group.data.status,
    LaunchTemplate: group.data.launchTemplateId ? { LaunchTemplateId: group.data.launchTemplateId, Version: '$Latest' } : undefined,
    MixedInstancesPolicy: group.data.mixedInstancesLaunchTemplateId
      ? {
          LaunchTemplate: {
            LaunchTemplateSpecification: { LaunchTemplateId: group.data.mixedInstancesLaunchTemplateId, Version: '$Default' },
          },
        }
      : undefined,
    Instances: instanceIds.map((InstanceId) => ({
      InstanceId,
      AvailabilityZone: `${group.region}a`,
      LifecycleState: group.data.lifecycleState,
      HealthStatus: 'Healthy',
      ProtectedFromScaleIn: false,
    })),
    // Present (possibly empty) on every group; each tag names its group.
    Tags: Object.entries(group.tags).map(([Key, Value]) => ({
      ResourceId: group.data.name,
      ResourceType: 'auto-scaling-group',
      Key,
      Value,
      PropagateAtLaunch: true,
    })),
  };
}

export function installAutoScaling(account: FakeAccount) {
  const stub = fakeService(AutoScalingClient, account);

  handle(stub, account, 'autoscaling', DescribeAutoScalingGroupsCommand, (input, region) => {
    if (input.MaxRecords !== undefined && (input.MaxRecords < 1 || input.MaxRecords > 100)) {
      throw new FakeAwsError('ValidationError', 'MaxRecords must be between 1 and 100');
    }
    const names: string[] | undefined = input.AutoScalingGroupNames;
    const groups = account
      .list(TYPE, region)
      .filter((g) => !names?.length || names.includes(g.data.name))
      .sort((a, b) => a.data.name.localeCompare(b.data.name));
    const pageSize = Math.min(input.MaxRecords ?? 50, account.defaultPageSize);
    let result: ReturnType<typeof paginate<(typeof groups)[number]>>;
    try {
      result = paginate(groups, input.NextToken, pageSize);
    } catch {
      throw new FakeAwsError('InvalidNextToken', 'The token provided is invalid');
    }
    return { AutoScalingGroups: result.page.map(describeGroup), NextToken: result.next };
  });

  handle(stub, account, 'autoscaling', DeleteAutoScalingGroupCommand, (input, region) => {
    const group = account.findBy(TYPE, 'name', input.AutoScalingGroupName, region);
    if (!group) {
      throw new FakeAwsError(
        'ValidationError',
        `AutoScalingGroup name not found - AutoScalingGroup '${input.AutoScalingGroupName}' not found`,
      );
    }
    if (group.data.status === DELETING) {
      throw new FakeAwsError('ScalingActivityInProgress', 'An AutoScalingGroup deletion is already in progress');
    }
    if (group.data.instanceIds.length > 0 && !input.ForceDelete) {
      throw new FakeAwsError(
        'ResourceInUse',
        'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
      );
    }
    // An empty group goes at once; one with instances stays, `Delete in progress`, while they terminate.
    if (group.data.instanceIds.length === 0) account.remove(group.arn);
    else {
      group.data.status = DELETING;
      group.data.lifecycleState = 'Terminating';
    }
    return {};
  });

  // Handled so that a per-group tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'autoscaling', DescribeTagsCommand, (_input, region) => ({
    Tags: account.list(TYPE, region).flatMap((g) => describeGroup(g).Tags),
  }));

  // All or nothing, as the real call: an unknown group fails the whole request.
  handle(stub, account, 'autoscaling', DeleteTagsCommand, (input, region) => {
    const targets = (input.Tags ?? []).map((tag) => {
      const group = account.findBy(TYPE, 'name', tag.ResourceId, region);
      if (!group)
        throw new FakeAwsError('ValidationError', `AutoScalingGroup name not found - AutoScalingGroup '${tag.ResourceId}' not found`);
      if (tag.Key === undefined) throw new FakeAwsError('ValidationError', 'Tag key must not be null');
      return { arn: group.arn, key: tag.Key };
    });
    for (const { arn, key } of targets) account.removeTags(arn, [key]);
    return {};
  });

  return stub;
}

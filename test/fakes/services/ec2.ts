import {
  DeleteSecurityGroupCommand,
  DeleteVolumeCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  EC2Client,
  ReleaseAddressCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeAccount, FakeAwsError, handle, paginate, tagList, type FakeResource } from '../fake-account';

/**
 * EC2: instances, EBS volumes, Elastic IPs and security groups, stored in the shared account under
 * the same ARNs the plug-ins build, so tags written through the tagging API show up here.
 */

const DEFAULT_REGION = 'eu-west-1';
const INSTANCE_STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function ec2Arn(account: FakeAccount, region: string, resource: string): string {
  return `arn:aws:ec2:${region}:${account.accountId}:${resource}`;
}

/** EC2 omits `Tags` for untagged resources rather than returning an empty list. */
function tagsField(r: FakeResource): { Tags?: { Key: string; Value: string }[] } {
  return Object.keys(r.tags).length > 0 ? { Tags: tagList(r.tags) } : {};
}

/**
 * One page of a paginated Describe call. Real EC2 rejects MaxResults outside 5–1000 and may return
 * fewer items than asked for, so pages are capped at `account.defaultPageSize` to make callers
 * follow NextToken even when they ask for 1000.
 */
function describePage<T>(account: FakeAccount, items: readonly T[], input: { MaxResults?: number; NextToken?: string }) {
  const { MaxResults } = input;
  if (MaxResults !== undefined && (MaxResults < 5 || MaxResults > 1000)) {
    throw new FakeAwsError('InvalidParameterValue', `Value (${MaxResults}) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  return paginate(items, input.NextToken || undefined, Math.min(MaxResults ?? account.defaultPageSize, account.defaultPageSize));
}

/** Narrows to the requested ids; EC2 fails the whole call when any id is unknown. */
function byIds(resources: FakeResource[], field: string, ids: string[] | undefined, notFoundCode: string, noun: string): FakeResource[] {
  if (!ids || ids.length === 0) return resources;
  const missing = ids.filter((id) => !resources.some((r) => r.data[field] === id));
  if (missing.length > 0) throw new FakeAwsError(notFoundCode, `The ${noun} ID '${missing.join(', ')}' does not exist`);
  return resources.filter((r) => ids.includes(r.data[field]));
}

function rejectIdsWithMaxResults(ids: string[] | undefined, maxResults: number | undefined, idParameter: string): void {
  if (ids?.length && maxResults !== undefined) {
    throw new FakeAwsError('InvalidParameterCombination', `The parameter ${idParameter} cannot be used with the parameter maxResults`);
  }
}

export function installEc2(account: FakeAccount) {
  const stub = mockClient(EC2Client);

  handle(stub, account, 'ec2', DescribeInstancesCommand, (input: any, region) => {
    rejectIdsWithMaxResults(input.InstanceIds, input.MaxResults, 'instanceIds');
    const instances = byIds(account.list('ec2:instance', region), 'instanceId', input.InstanceIds, 'InvalidInstanceID.NotFound', 'instance');
    const { page, next } = describePage(account, instances, input);
    return {
      // One reservation per instance, as separate RunInstances calls produce.
      Reservations: page.map((r) => ({
        ReservationId: r.data.reservationId,
        OwnerId: account.accountId,
        Instances: [
          {
            InstanceId: r.data.instanceId,
            InstanceType: r.data.instanceType,
            State: { Name: r.data.state, Code: INSTANCE_STATE_CODES[r.data.state] },
            LaunchTime: r.data.launchTime,
            Placement: { AvailabilityZone: `${region}a` },
            SecurityGroups: (r.data.securityGroupIds as string[]).map((GroupId) => ({ GroupId })),
            ...tagsField(r),
          },
        ],
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', TerminateInstancesCommand, (input: any, region) => {
    const instances = byIds(account.list('ec2:instance', region), 'instanceId', input.InstanceIds, 'InvalidInstanceID.NotFound', 'instance');
    // Termination protection on any instance fails the whole call before anything terminates.
    const protectedOne = instances.find((r) => r.data.disableApiTermination);
    if (protectedOne) {
      throw new FakeAwsError(
        'OperationNotPermitted',
        `The instance '${protectedOne.data.instanceId}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
      );
    }
    for (const instance of instances) {
      account.remove(instance.arn);
      // Volumes survive termination (as with DeleteOnTermination=false) and become available.
      for (const volume of account.list('ec2:volume', region)) {
        if (volume.data.attachedTo === instance.data.instanceId) volume.data.attachedTo = undefined;
      }
    }
    return {
      TerminatingInstances: instances.map((r) => ({
        InstanceId: r.data.instanceId,
        PreviousState: { Name: r.data.state, Code: INSTANCE_STATE_CODES[r.data.state] },
        CurrentState: { Name: 'shutting-down', Code: INSTANCE_STATE_CODES['shutting-down'] },
      })),
    };
  });

  handle(stub, account, 'ec2', DescribeVolumesCommand, (input: any, region) => {
    rejectIdsWithMaxResults(input.VolumeIds, input.MaxResults, 'volumeIds');
    const volumes = byIds(account.list('ec2:volume', region), 'volumeId', input.VolumeIds, 'InvalidVolume.NotFound', 'volume');
    const { page, next } = describePage(account, volumes, input);
    return {
      Volumes: page.map((r) => ({
        VolumeId: r.data.volumeId,
        Size: r.data.sizeGiB,
        VolumeType: r.data.volumeType,
        State: r.data.state ?? (r.data.attachedTo ? 'in-use' : 'available'),
        CreateTime: r.data.createTime,
        AvailabilityZone: `${region}a`,
        Attachments: r.data.attachedTo
          ? [{ VolumeId: r.data.volumeId, InstanceId: r.data.attachedTo, Device: '/dev/xvda', State: 'attached', DeleteOnTermination: false }]
          : [],
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', DeleteVolumeCommand, (input: any, region) => {
    const volume = account.findBy('ec2:volume', 'volumeId', input.VolumeId, region);
    if (!volume) throw new FakeAwsError('InvalidVolume.NotFound', `The volume '${input.VolumeId}' does not exist.`);
    if (volume.data.attachedTo) {
      throw new FakeAwsError('VolumeInUse', `Volume ${input.VolumeId} is currently attached to ${volume.data.attachedTo}`);
    }
    account.remove(volume.arn);
    return {};
  });

  // Not paginated in EC2 either: every address of the region in one response.
  handle(stub, account, 'ec2', DescribeAddressesCommand, (input: any, region) => {
    const addresses = byIds(account.list('ec2:elastic-ip', region), 'allocationId', input.AllocationIds, 'InvalidAllocationID.NotFound', 'allocation');
    return {
      Addresses: addresses.map((r) => ({
        AllocationId: r.data.allocationId,
        PublicIp: r.data.publicIp,
        Domain: 'vpc',
        NetworkBorderGroup: region,
        AssociationId: r.data.associationId,
        InstanceId: r.data.instanceId,
        NetworkInterfaceId: r.data.networkInterfaceId,
        ...tagsField(r),
      })),
    };
  });

  handle(stub, account, 'ec2', ReleaseAddressCommand, (input: any, region) => {
    const address = account.findBy('ec2:elastic-ip', 'allocationId', input.AllocationId, region);
    if (!address) throw new FakeAwsError('InvalidAllocationID.NotFound', `The allocation ID '${input.AllocationId}' does not exist`);
    if (input.NetworkBorderGroup !== undefined && input.NetworkBorderGroup !== region) {
      throw new FakeAwsError('InvalidAddress.NotFound', `Address ${input.AllocationId} not found in network border group ${input.NetworkBorderGroup}`);
    }
    if (address.data.associationId) throw new FakeAwsError('InvalidIPAddress.InUse', 'Address is in use');
    account.remove(address.arn);
    return {};
  });

  handle(stub, account, 'ec2', DescribeSecurityGroupsCommand, (input: any, region) => {
    rejectIdsWithMaxResults(input.GroupIds, input.MaxResults, 'groupIds');
    const groups = byIds(account.list('ec2:security-group', region), 'groupId', input.GroupIds, 'InvalidGroup.NotFound', 'security group');
    const { page, next } = describePage(account, groups, input);
    return {
      SecurityGroups: page.map((r) => ({
        GroupId: r.data.groupId,
        GroupName: r.data.groupName,
        Description: r.data.description,
        VpcId: r.data.vpcId,
        OwnerId: account.accountId,
        SecurityGroupArn: r.arn,
        IpPermissions: [],
        IpPermissionsEgress: [],
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', DeleteSecurityGroupCommand, (input: any, region) => {
    if (!input.GroupId) throw new FakeAwsError('MissingParameter', 'The request must contain the parameter groupId');
    const group = account.findBy('ec2:security-group', 'groupId', input.GroupId, region);
    if (!group) throw new FakeAwsError('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    if (group.data.groupName === 'default') {
      throw new FakeAwsError('CannotDelete', `the specified group: "${input.GroupId}" name: "default" cannot be deleted by a user`);
    }
    // Instances hold their groups through their network interfaces, in their own region only.
    const user = account.list('ec2:instance', region).find((i) => (i.data.securityGroupIds as string[]).includes(input.GroupId));
    if (user) throw new FakeAwsError('DependencyViolation', `resource ${input.GroupId} has a dependent object`);
    account.remove(group.arn);
    return { Return: true, GroupId: input.GroupId };
  });

  return stub;
}

interface SeedOptions {
  region?: string;
  tags?: Record<string, string>;
}

export function seedInstance(
  account: FakeAccount,
  opts: SeedOptions & {
    launchTime?: Date;
    state?: string;
    instanceType?: string;
    disableApiTermination?: boolean;
    securityGroupIds?: string[];
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const instanceId = account.nextId('i-');
  return account.put({
    type: 'ec2:instance',
    arn: ec2Arn(account, region, `instance/${instanceId}`),
    region,
    tags: opts.tags,
    data: {
      instanceId,
      reservationId: account.nextId('r-'),
      launchTime: opts.launchTime ?? new Date(),
      state: opts.state ?? 'running',
      instanceType: opts.instanceType ?? 't3.micro',
      disableApiTermination: opts.disableApiTermination ?? false,
      securityGroupIds: opts.securityGroupIds ?? [],
    },
  });
}

export function seedVolume(
  account: FakeAccount,
  /** `state` overrides the in-use/available state that follows from `attachedTo` (e.g. `deleting`). */
  opts: SeedOptions & { createTime?: Date; attachedTo?: string; sizeGiB?: number; volumeType?: string; state?: string } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const volumeId = account.nextId('vol-');
  return account.put({
    type: 'ec2:volume',
    arn: ec2Arn(account, region, `volume/${volumeId}`),
    region,
    tags: opts.tags,
    data: {
      volumeId,
      createTime: opts.createTime ?? new Date(),
      attachedTo: opts.attachedTo,
      sizeGiB: opts.sizeGiB ?? 8,
      volumeType: opts.volumeType ?? 'gp3',
      state: opts.state,
    },
  });
}

/** `associatedWith` is an instance id (`i-…`) or a network interface id (`eni-…`). */
export function seedAddress(account: FakeAccount, opts: SeedOptions & { associatedWith?: string; publicIp?: string } = {}): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const allocationId = account.nextId('eipalloc-');
  const associatedWith = opts.associatedWith;
  return account.put({
    type: 'ec2:elastic-ip',
    arn: ec2Arn(account, region, `elastic-ip/${allocationId}`),
    region,
    tags: opts.tags,
    data: {
      allocationId,
      // TEST-NET-3 documentation range, derived from the allocation id so each address is distinct.
      publicIp: opts.publicIp ?? `203.0.113.${(parseInt(allocationId.slice('eipalloc-'.length), 16) % 254) + 1}`,
      associationId: associatedWith ? account.nextId('eipassoc-') : undefined,
      instanceId: associatedWith?.startsWith('i-') ? associatedWith : undefined,
      networkInterfaceId: associatedWith?.startsWith('eni-') ? associatedWith : undefined,
    },
  });
}

export function seedSecurityGroup(
  account: FakeAccount,
  opts: SeedOptions & { groupName?: string; vpcId?: string; description?: string } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const groupId = account.nextId('sg-');
  return account.put({
    type: 'ec2:security-group',
    arn: ec2Arn(account, region, `security-group/${groupId}`),
    region,
    tags: opts.tags,
    data: {
      groupId,
      groupName: opts.groupName ?? `group-${groupId}`,
      vpcId: opts.vpcId ?? 'vpc-0a1b2c3d',
      description: opts.description ?? 'seeded by a test',
    },
  });
}

import {
  CreateSnapshotCommand,
  CreateTagsCommand,
  DeleteLaunchTemplateCommand,
  DeleteNatGatewayCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DeleteVpcEndpointsCommand,
  DeregisterImageCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ReleaseAddressCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * EC2: instances, EBS volumes and snapshots, AMIs, Elastic IPs, security groups, NAT gateways, VPC
 * endpoints and launch templates, stored in the shared account under the same ARNs the plug-ins
 * build, so tags written through the tagging API show up here.
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

/** Snapshots and AMIs can be shared across accounts, so their ARNs carry no account id. */
function accountlessEc2Arn(region: string, resource: string): string {
  return `arn:aws:ec2:${region}::${resource}`;
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
function describePage<T>(
  account: FakeAccount,
  items: readonly T[],
  input: { MaxResults?: number; NextToken?: string },
  /** Most Describe calls take 5–1000; DescribeLaunchTemplates takes 1–200. */
  allowed: { min: number; max: number } = { min: 5, max: 1000 },
) {
  const { MaxResults } = input;
  if (MaxResults !== undefined && (MaxResults < allowed.min || MaxResults > allowed.max)) {
    throw new FakeAwsError(
      'InvalidParameterValue',
      `Value (${MaxResults}) for parameter maxResults is invalid. Expecting a value between ${allowed.min} and ${allowed.max}.`,
    );
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

interface Ec2Filter {
  Name?: string;
  Values?: string[];
}

/**
 * EC2 `Filters`: `tag:<key>` and `tag-key` for every resource, plus the named fields the caller maps
 * to data fields. A filter the fake does not know fails loudly rather than matching everything.
 */
function applyFilters(
  resources: FakeResource[],
  filters: Ec2Filter[] | undefined,
  fields: Record<string, (r: FakeResource) => unknown> = {},
): FakeResource[] {
  return resources.filter((r) =>
    (filters ?? []).every(({ Name, Values = [] }) => {
      if (Name?.startsWith('tag:')) {
        const value = r.tags[Name.slice('tag:'.length)];
        return value !== undefined && Values.includes(value);
      }
      if (Name === 'tag-key') return Values.some((key) => r.tags[key] !== undefined);
      const field = Name ? fields[Name] : undefined;
      if (!field) throw new Error(`the EC2 fake does not implement filter ${Name}`);
      // A multi-valued field (an AMI's snapshots) matches when any of its values does.
      const value = field(r);
      return Array.isArray(value) ? value.some((v) => Values.includes(String(v))) : Values.includes(String(value));
    }),
  );
}

/** What EC2 answers for an unknown id in CreateTags/DeleteTags, by id prefix. */
const NOT_FOUND_BY_PREFIX: Readonly<Record<string, string>> = {
  'snap-': 'InvalidSnapshot.NotFound',
  'ami-': 'InvalidAMIID.NotFound',
  'i-': 'InvalidInstanceID.NotFound',
  'vol-': 'InvalidVolume.NotFound',
  'sg-': 'InvalidGroup.NotFound',
};

/**
 * The EC2 resources CreateTags/DeleteTags name by id (every EC2 ARN here ends in `/<id>`). EC2
 * fails the whole call when one id is unknown, before tagging any.
 */
function taggableByIds(account: FakeAccount, ids: string[] | undefined, region: string): FakeResource[] {
  if (!ids || ids.length === 0) throw new FakeAwsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  const ec2Resources = [...account.resources.values()].filter((r) => r.type.startsWith('ec2:') && r.region === region);
  return ids.map((id) => {
    const found = ec2Resources.find((r) => r.arn.endsWith(`/${id}`));
    if (found) return found;
    const code = Object.entries(NOT_FOUND_BY_PREFIX).find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'InvalidID';
    throw new FakeAwsError(code, `The ID '${id}' does not exist`);
  });
}

function rejectIdsWithMaxResults(ids: string[] | undefined, maxResults: number | undefined, idParameter: string): void {
  if (ids?.length && maxResults !== undefined) {
    throw new FakeAwsError('InvalidParameterCombination', `The parameter ${idParameter} cannot be used with the parameter maxResults`);
  }
}

export function installEc2(account: FakeAccount) {
  const stub = fakeService(EC2Client, account);
  // A terminating instance keeps its network interfaces, and so its security groups, for a while
  // (until `account.settle()`): deleting the group then fails with DependencyViolation.
  const groupsHeldByTerminatingInstances = new Map<string, number>();

  handle(stub, account, 'ec2', DescribeRegionsCommand, () => ({
    Regions: account.enabledRegions.map((name) => ({
      RegionName: name,
      Endpoint: `ec2.${name}.amazonaws.com`,
      OptInStatus: 'opt-in-not-required',
    })),
  }));

  handle(stub, account, 'ec2', DescribeInstancesCommand, (input, region) => {
    rejectIdsWithMaxResults(input.InstanceIds, input.MaxResults, 'instanceIds');
    const instances = byIds(
      account.list('ec2:instance', region),
      'instanceId',
      input.InstanceIds,
      'InvalidInstanceID.NotFound',
      'instance',
    );
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

  handle(stub, account, 'ec2', TerminateInstancesCommand, (input, region) => {
    const instances = byIds(
      account.list('ec2:instance', region),
      'instanceId',
      input.InstanceIds,
      'InvalidInstanceID.NotFound',
      'instance',
    );
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
      for (const groupId of instance.data.securityGroupIds as string[]) {
        groupsHeldByTerminatingInstances.set(groupId, (groupsHeldByTerminatingInstances.get(groupId) ?? 0) + 1);
        account.later(() => groupsHeldByTerminatingInstances.set(groupId, groupsHeldByTerminatingInstances.get(groupId)! - 1));
      }
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

  handle(stub, account, 'ec2', DescribeVolumesCommand, (input, region) => {
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
          ? [
              {
                VolumeId: r.data.volumeId,
                InstanceId: r.data.attachedTo,
                Device: '/dev/xvda',
                State: 'attached',
                DeleteOnTermination: false,
              },
            ]
          : [],
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', DeleteVolumeCommand, (input, region) => {
    const volume = account.findBy('ec2:volume', 'volumeId', input.VolumeId, region);
    if (!volume) throw new FakeAwsError('InvalidVolume.NotFound', `The volume '${input.VolumeId}' does not exist.`);
    if (volume.data.attachedTo) {
      throw new FakeAwsError('VolumeInUse', `Volume ${input.VolumeId} is currently attached to ${volume.data.attachedTo}`);
    }
    account.remove(volume.arn);
    return {};
  });

  // Not paginated in EC2 either: every address of the region in one response.
  handle(stub, account, 'ec2', DescribeAddressesCommand, (input, region) => {
    const addresses = byIds(
      account.list('ec2:elastic-ip', region),
      'allocationId',
      input.AllocationIds,
      'InvalidAllocationID.NotFound',
      'allocation',
    );
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

  handle(stub, account, 'ec2', ReleaseAddressCommand, (input, region) => {
    const address = account.findBy('ec2:elastic-ip', 'allocationId', input.AllocationId, region);
    if (!address) throw new FakeAwsError('InvalidAllocationID.NotFound', `The allocation ID '${input.AllocationId}' does not exist`);
    if (input.NetworkBorderGroup !== undefined && input.NetworkBorderGroup !== region) {
      throw new FakeAwsError(
        'InvalidAddress.NotFound',
        `Address ${input.AllocationId} not found in network border group ${input.NetworkBorderGroup}`,
      );
    }
    if (address.data.associationId) throw new FakeAwsError('InvalidIPAddress.InUse', 'Address is in use');
    account.remove(address.arn);
    return {};
  });

  handle(stub, account, 'ec2', DescribeSecurityGroupsCommand, (input, region) => {
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

  handle(stub, account, 'ec2', DeleteSecurityGroupCommand, (input, region) => {
    if (!input.GroupId) throw new FakeAwsError('MissingParameter', 'The request must contain the parameter groupId');
    const group = account.findBy('ec2:security-group', 'groupId', input.GroupId, region);
    if (!group) throw new FakeAwsError('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    if (group.data.groupName === 'default') {
      throw new FakeAwsError('CannotDelete', `the specified group: "${input.GroupId}" name: "default" cannot be deleted by a user`);
    }
    // Instances hold their groups through their network interfaces, in their own region only.
    const user = account
      .list('ec2:instance', region)
      .find((i) => (i.data.securityGroupIds as string[]).includes(required(input, 'GroupId', 'MissingParameter')));
    if (user || (groupsHeldByTerminatingInstances.get(input.GroupId) ?? 0) > 0) {
      throw new FakeAwsError('DependencyViolation', `resource ${input.GroupId} has a dependent object`);
    }
    account.remove(group.arn);
    return { Return: true, GroupId: input.GroupId };
  });

  // Termination protection, the one instance attribute the janitor reads and writes.
  handle(stub, account, 'ec2', DescribeInstanceAttributeCommand, (input, region) => {
    const instance = account.findBy('ec2:instance', 'instanceId', input.InstanceId, region);
    if (!instance) throw new FakeAwsError('InvalidInstanceID.NotFound', `The instance ID '${input.InstanceId}' does not exist`);
    const attributes: Record<string, () => object> = {
      disableApiTermination: () => ({ DisableApiTermination: { Value: instance.data.disableApiTermination } }),
      instanceType: () => ({ InstanceType: { Value: instance.data.instanceType } }),
    };
    const read = input.Attribute === undefined ? undefined : attributes[input.Attribute];
    if (!read) throw new FakeAwsError('InvalidParameterValue', `Value (${input.Attribute}) for parameter attribute is invalid.`);
    return { InstanceId: instance.data.instanceId, ...read() };
  });

  handle(stub, account, 'ec2', ModifyInstanceAttributeCommand, (input, region) => {
    const instance = account.findBy('ec2:instance', 'instanceId', input.InstanceId, region);
    if (!instance) throw new FakeAwsError('InvalidInstanceID.NotFound', `The instance ID '${input.InstanceId}' does not exist`);
    // Both request shapes EC2 accepts: the structured field, or Attribute plus a string Value.
    if (input.DisableApiTermination !== undefined) instance.data.disableApiTermination = input.DisableApiTermination.Value === true;
    else if (input.Attribute === 'disableApiTermination') instance.data.disableApiTermination = input.Value === 'true';
    else throw new Error(`the EC2 fake only modifies disableApiTermination, got ${JSON.stringify(input)}`);
    return {};
  });

  handle(stub, account, 'ec2', CreateSnapshotCommand, (input, region) => {
    const volume = account.findBy('ec2:volume', 'volumeId', input.VolumeId, region);
    if (!volume) throw new FakeAwsError('InvalidVolume.NotFound', `The volume '${input.VolumeId}' does not exist.`);
    const tags: Record<string, string> = {};
    for (const spec of input.TagSpecifications ?? []) {
      if (spec.ResourceType !== 'snapshot') {
        throw new FakeAwsError('InvalidParameterValue', `'${spec.ResourceType}' is not a valid taggable resource type for this operation.`);
      }
      for (const { Key, Value } of spec.Tags ?? []) if (Key !== undefined) tags[Key] = Value ?? '';
    }
    // Pending right after the call, as in EC2: the point-in-time copy is taken, the upload continues.
    const snapshot = seedSnapshot(account, {
      region,
      tags,
      volumeId: volume.data.volumeId,
      sizeGiB: volume.data.sizeGiB,
      description: input.Description,
      state: 'pending',
    });
    return { ...describeSnapshot(account, snapshot) };
  });

  // Tags on any EC2 resource by id, as EC2's own tagging calls do (the tagging API's TagResources takes ARNs).
  handle(stub, account, 'ec2', CreateTagsCommand, (input, region) => {
    const targets = taggableByIds(account, input.Resources, region);
    const tags: Record<string, string> = {};
    for (const { Key, Value } of input.Tags ?? []) {
      if (!Key || Key.toLowerCase().startsWith('aws:'))
        throw new FakeAwsError('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved: ${Key}`);
      tags[Key] = Value ?? '';
    }
    for (const r of targets) account.setTags(r.arn, tags);
    return {};
  });

  // A tag given with a value is removed only when the value matches; without one, whatever its value.
  handle(stub, account, 'ec2', DeleteTagsCommand, (input, region) => {
    const targets = taggableByIds(account, input.Resources, region);
    const specs: { Key?: string; Value?: string }[] | undefined = input.Tags;
    for (const r of targets) {
      // Without Tags, EC2 removes every tag but the reserved `aws:` ones.
      const keys = specs
        ? specs
            .filter(({ Key, Value }) => Key !== undefined && (Value === undefined || r.tags[Key] === Value))
            .map(({ Key }) => Key as string)
        : Object.keys(r.tags).filter((k) => !k.startsWith('aws:'));
      account.removeTags(r.arn, keys);
    }
    return {};
  });

  handle(stub, account, 'ec2', DescribeSnapshotsCommand, (input, region) => {
    // Only the account's own snapshots exist here: other owners (amazon, shared) have none.
    const owners: string[] | undefined = input.OwnerIds;
    const own = !owners || owners.some((o) => o === 'self' || o === account.accountId);
    const snapshots = byIds(
      own ? account.list('ec2:snapshot', region) : [],
      'snapshotId',
      input.SnapshotIds,
      'InvalidSnapshot.NotFound',
      'snapshot',
    );
    const filtered = applyFilters(snapshots, input.Filters, {
      'snapshot-id': (r) => r.data.snapshotId,
      'volume-id': (r) => r.data.volumeId,
      status: (r) => r.data.state,
    });
    const { page, next } = describePage(account, filtered, input);
    return { Snapshots: page.map((r) => describeSnapshot(account, r)), NextToken: next };
  });

  handle(stub, account, 'ec2', DeleteSnapshotCommand, (input, region) => {
    const snapshot = account.findBy('ec2:snapshot', 'snapshotId', input.SnapshotId, region);
    if (!snapshot) throw new FakeAwsError('InvalidSnapshot.NotFound', `The snapshot '${input.SnapshotId}' does not exist.`);
    // Disabled AMIs hold their snapshots too: only deregistration frees them.
    const image = account
      .list('ec2:image', region)
      .find((i) => (i.data.snapshotIds as string[]).includes(required(input, 'SnapshotId', 'MissingParameter')));
    if (image)
      throw new FakeAwsError('InvalidSnapshot.InUse', `The snapshot ${input.SnapshotId} is currently in use by ${image.data.imageId}`);
    account.remove(snapshot.arn);
    return {};
  });

  handle(stub, account, 'ec2', DescribeImagesCommand, (input, region) => {
    rejectIdsWithMaxResults(input.ImageIds, input.MaxResults, 'imageIds');
    const owners: string[] | undefined = input.Owners;
    const own = !owners || owners.some((o) => o === 'self' || o === account.accountId);
    const visible = (own ? account.list('ec2:image', region) : []).filter((r) => input.IncludeDisabled || r.data.state !== 'disabled');
    const imageIds = input.ImageIds;
    if (imageIds?.length) {
      const missing = imageIds.filter((id) => !visible.some((r) => r.data.imageId === id));
      if (missing.length > 0) throw new FakeAwsError('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
    }
    const images = applyFilters(imageIds?.length ? visible.filter((r) => imageIds.includes(r.data.imageId)) : visible, input.Filters, {
      'block-device-mapping.snapshot-id': (r) => r.data.snapshotIds,
      state: (r) => r.data.state,
    });
    const { page, next } = describePage(account, images, input);
    return {
      Images: page.map((r) => ({
        ImageId: r.data.imageId,
        Name: r.data.name,
        State: r.data.state,
        // EC2 returns the creation date as an ISO 8601 string, not a timestamp.
        CreationDate: (r.data.creationDate as Date).toISOString(),
        OwnerId: account.accountId,
        Public: false,
        ImageType: 'machine',
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: (r.data.snapshotIds as string[]).map((snapshotId, index) => ({
          DeviceName: index === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode('b'.charCodeAt(0) + index - 1)}`,
          Ebs: {
            SnapshotId: snapshotId,
            VolumeSize: account.findBy('ec2:snapshot', 'snapshotId', snapshotId, region)?.data.sizeGiB ?? 8,
            VolumeType: 'gp3',
            DeleteOnTermination: true,
          },
        })),
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  // Deregistering leaves the AMI's snapshots behind, as EC2 does.
  handle(stub, account, 'ec2', DeregisterImageCommand, (input, region) => {
    const image = account.findBy('ec2:image', 'imageId', input.ImageId, region);
    if (!image) throw new FakeAwsError('InvalidAMIID.NotFound', `The image id '[${input.ImageId}]' does not exist`);
    account.remove(image.arn);
    return { Return: true };
  });

  // EC2 keeps deleting and deleted NAT gateways in the response for about an hour.
  handle(stub, account, 'ec2', DescribeNatGatewaysCommand, (input, region) => {
    rejectIdsWithMaxResults(input.NatGatewayIds, input.MaxResults, 'natGatewayIds');
    const gateways = byIds(
      account.list('ec2:natgateway', region),
      'natGatewayId',
      input.NatGatewayIds,
      'NatGatewayNotFound',
      'NAT gateway',
    );
    const filtered = applyFilters(gateways, input.Filter, {
      state: (r) => r.data.state,
      'vpc-id': (r) => r.data.vpcId,
      'subnet-id': (r) => r.data.subnetId,
    });
    const { page, next } = describePage(account, filtered, input);
    return {
      NatGateways: page.map((r) => ({
        NatGatewayId: r.data.natGatewayId,
        VpcId: r.data.vpcId,
        SubnetId: r.data.subnetId,
        State: r.data.state,
        CreateTime: r.data.createTime,
        DeleteTime: r.data.deleteTime,
        ConnectivityType: r.data.connectivityType,
        NatGatewayAddresses: r.data.allocationId
          ? [
              {
                AllocationId: r.data.allocationId,
                NetworkInterfaceId: r.data.networkInterfaceId,
                PublicIp: r.data.publicIp,
                IsPrimary: true,
                Status: r.data.state === 'deleted' ? 'disassociating' : 'succeeded',
              },
            ]
          : [],
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  // Deletion takes minutes in EC2: the gateway goes to `deleting`; completeNatGatewayDeletions finishes it.
  handle(stub, account, 'ec2', DeleteNatGatewayCommand, (input, region) => {
    const gateway = account.findBy('ec2:natgateway', 'natGatewayId', input.NatGatewayId, region);
    if (!gateway || gateway.data.state === 'deleted') {
      throw new FakeAwsError('NatGatewayNotFound', `The Nat Gateway ${input.NatGatewayId} was not found`);
    }
    gateway.data.state = 'deleting';
    return { NatGatewayId: input.NatGatewayId };
  });

  handle(stub, account, 'ec2', DescribeVpcEndpointsCommand, (input, region) => {
    rejectIdsWithMaxResults(input.VpcEndpointIds, input.MaxResults, 'vpcEndpointIds');
    const endpoints = byIds(
      account.list('ec2:vpc-endpoint', region),
      'vpcEndpointId',
      input.VpcEndpointIds,
      'InvalidVpcEndpointId.NotFound',
      'VPC endpoint',
    );
    const filtered = applyFilters(endpoints, input.Filters, {
      'vpc-endpoint-type': (r) => r.data.vpcEndpointType,
      'vpc-endpoint-state': (r) => r.data.state,
      'vpc-id': (r) => r.data.vpcId,
    });
    const { page, next } = describePage(account, filtered, input);
    return {
      VpcEndpoints: page.map((r) => ({
        VpcEndpointId: r.data.vpcEndpointId,
        VpcEndpointType: r.data.vpcEndpointType,
        VpcId: r.data.vpcId,
        ServiceName: r.data.serviceName,
        // Lower case on the wire, unlike the SDK's State enum.
        State: r.data.state,
        SubnetIds: r.data.subnetIds,
        RouteTableIds: r.data.vpcEndpointType === 'Gateway' ? ['rtb-0a1b2c3d'] : [],
        RequesterManaged: r.data.requesterManaged,
        CreationTimestamp: r.data.creationTimestamp,
        OwnerId: account.accountId,
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  // Per-endpoint failures come back in `Unsuccessful`, not as an error of the whole call.
  handle(stub, account, 'ec2', DeleteVpcEndpointsCommand, (input, region) => {
    const unsuccessful: { Error: { Code: string; Message: string }; ResourceId: string }[] = [];
    for (const id of (input.VpcEndpointIds ?? []) as string[]) {
      const endpoint = account.findBy('ec2:vpc-endpoint', 'vpcEndpointId', id, region);
      if (!endpoint) {
        unsuccessful.push({
          Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VpcEndpoint Id '${id}' does not exist` },
          ResourceId: id,
        });
      } else {
        account.remove(endpoint.arn);
      }
    }
    return { Unsuccessful: unsuccessful };
  });

  handle(stub, account, 'ec2', DescribeLaunchTemplatesCommand, (input, region) => {
    let templates = account.list('ec2:launch-template', region);
    if (input.LaunchTemplateIds?.length) {
      templates = byIds(templates, 'launchTemplateId', input.LaunchTemplateIds, 'InvalidLaunchTemplateId.NotFound', 'launch template');
    }
    const names = input.LaunchTemplateNames;
    if (names?.length) {
      const missing = names.filter((n) => !templates.some((r) => r.data.launchTemplateName === n));
      if (missing.length > 0) {
        throw new FakeAwsError(
          'InvalidLaunchTemplateName.NotFoundException',
          'At least one of the launch templates specified in the request does not exist.',
        );
      }
      templates = templates.filter((r) => names.includes(r.data.launchTemplateName));
    }
    const { page, next } = describePage(account, applyFilters(templates, input.Filters), input, { min: 1, max: 200 });
    return {
      LaunchTemplates: page.map((r) => ({
        LaunchTemplateId: r.data.launchTemplateId,
        LaunchTemplateName: r.data.launchTemplateName,
        CreateTime: r.data.createTime,
        CreatedBy: r.data.createdBy,
        DefaultVersionNumber: r.data.defaultVersionNumber,
        LatestVersionNumber: r.data.latestVersionNumber,
        Operator: r.data.managedBy ? { Managed: true, Principal: r.data.managedBy } : { Managed: false },
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', DeleteLaunchTemplateCommand, (input, region) => {
    const template = input.LaunchTemplateId
      ? account.findBy('ec2:launch-template', 'launchTemplateId', input.LaunchTemplateId, region)
      : account.findBy('ec2:launch-template', 'launchTemplateName', input.LaunchTemplateName, region);
    if (!template) {
      throw new FakeAwsError(
        'InvalidLaunchTemplateId.NotFound',
        `The specified launch template, with template ID ${input.LaunchTemplateId}, does not exist.`,
      );
    }
    account.remove(template.arn);
    return {
      LaunchTemplate: {
        LaunchTemplateId: template.data.launchTemplateId,
        LaunchTemplateName: template.data.launchTemplateName,
        CreateTime: template.data.createTime,
        CreatedBy: template.data.createdBy,
        DefaultVersionNumber: template.data.defaultVersionNumber,
        LatestVersionNumber: template.data.latestVersionNumber,
      },
    };
  });

  return stub;
}

function describeSnapshot(account: FakeAccount, r: FakeResource) {
  return {
    SnapshotId: r.data.snapshotId,
    VolumeId: r.data.volumeId,
    VolumeSize: r.data.sizeGiB,
    State: r.data.state,
    StartTime: r.data.startTime,
    Description: r.data.description,
    StorageTier: r.data.storageTier,
    OwnerId: account.accountId,
    Encrypted: false,
    Progress: r.data.state === 'completed' ? '100%' : '0%',
    ...tagsField(r),
  };
}

/**
 * What EC2 does minutes after DeleteNatGateway: every `deleting` gateway becomes `deleted` and its
 * Elastic IP is disassociated (but stays allocated, and billed, until someone releases it).
 */
export function completeNatGatewayDeletions(account: FakeAccount, region?: string): void {
  for (const gateway of account.list('ec2:natgateway', region)) {
    if (gateway.data.state !== 'deleting') continue;
    gateway.data.state = 'deleted';
    gateway.data.deleteTime = new Date();
    const address = account.findBy('ec2:elastic-ip', 'allocationId', gateway.data.allocationId, gateway.region);
    if (address) Object.assign(address.data, { associationId: undefined, networkInterfaceId: undefined, instanceId: undefined });
  }
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

export function seedSnapshot(
  account: FakeAccount,
  opts: SeedOptions & {
    startTime?: Date;
    sizeGiB?: number;
    volumeId?: string;
    description?: string;
    /** `pending`, `completed`, `error`, ... */
    state?: string;
    storageTier?: 'standard' | 'archive';
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const snapshotId = account.nextId('snap-');
  return account.put({
    type: 'ec2:snapshot',
    arn: accountlessEc2Arn(region, `snapshot/${snapshotId}`),
    region,
    tags: opts.tags,
    data: {
      snapshotId,
      // Snapshots of deleted volumes keep the id of the volume they were taken from.
      volumeId: opts.volumeId ?? account.nextId('vol-'),
      sizeGiB: opts.sizeGiB ?? 8,
      startTime: opts.startTime ?? new Date(),
      description: opts.description ?? '',
      state: opts.state ?? 'completed',
      storageTier: opts.storageTier ?? 'standard',
    },
  });
}

/** An AMI with its root snapshot (and `extraSnapshots` more data-volume snapshots), all owned by the account. */
export function seedImage(
  account: FakeAccount,
  opts: SeedOptions & {
    creationDate?: Date;
    name?: string;
    /** `available`, `pending`, `disabled`, ... */
    state?: string;
    rootSizeGiB?: number;
    extraSnapshots?: number;
    snapshotTags?: Record<string, string>;
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const imageId = account.nextId('ami-');
  const snapshots = [
    seedSnapshot(account, {
      region,
      sizeGiB: opts.rootSizeGiB ?? 8,
      tags: opts.snapshotTags,
      description: `Created by CreateImage for ${imageId}`,
    }),
    ...Array.from({ length: opts.extraSnapshots ?? 0 }, () =>
      seedSnapshot(account, { region, sizeGiB: 20, tags: opts.snapshotTags, description: `Created by CreateImage for ${imageId}` }),
    ),
  ];
  return account.put({
    type: 'ec2:image',
    arn: accountlessEc2Arn(region, `image/${imageId}`),
    region,
    tags: opts.tags,
    data: {
      imageId,
      name: opts.name ?? `image-${imageId}`,
      creationDate: opts.creationDate ?? new Date(),
      state: opts.state ?? 'available',
      snapshotIds: snapshots.map((s) => s.data.snapshotId as string),
    },
  });
}

/**
 * A public NAT gateway with its Elastic IP (seeded as an `ec2:elastic-ip`, associated with the
 * gateway's network interface, so releasing it fails until the gateway is deleted).
 */
export function seedNatGateway(
  account: FakeAccount,
  opts: SeedOptions & {
    createTime?: Date;
    state?: string;
    vpcId?: string;
    subnetId?: string;
    connectivityType?: 'public' | 'private';
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const natGatewayId = account.nextId('nat-');
  const connectivityType = opts.connectivityType ?? 'public';
  const networkInterfaceId = account.nextId('eni-');
  const address = connectivityType === 'public' ? seedAddress(account, { region, associatedWith: networkInterfaceId }) : undefined;
  return account.put({
    type: 'ec2:natgateway',
    arn: ec2Arn(account, region, `natgateway/${natGatewayId}`),
    region,
    tags: opts.tags,
    data: {
      natGatewayId,
      vpcId: opts.vpcId ?? 'vpc-0a1b2c3d',
      subnetId: opts.subnetId ?? 'subnet-0a1b2c3d',
      state: opts.state ?? 'available',
      createTime: opts.createTime ?? new Date(),
      connectivityType,
      networkInterfaceId,
      allocationId: address?.data.allocationId,
      publicIp: address?.data.publicIp,
    },
  });
}

export function seedVpcEndpoint(
  account: FakeAccount,
  opts: SeedOptions & {
    creationTimestamp?: Date;
    /** `Interface`, `Gateway`, `GatewayLoadBalancer`, ... */
    vpcEndpointType?: string;
    /** Lower case, as EC2 returns it: `available`, `pending`, `deleting`, ... */
    state?: string;
    serviceName?: string;
    subnetIds?: string[];
    requesterManaged?: boolean;
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const vpcEndpointId = account.nextId('vpce-');
  const vpcEndpointType = opts.vpcEndpointType ?? 'Interface';
  return account.put({
    type: 'ec2:vpc-endpoint',
    arn: ec2Arn(account, region, `vpc-endpoint/${vpcEndpointId}`),
    region,
    tags: opts.tags,
    data: {
      vpcEndpointId,
      vpcEndpointType,
      serviceName: opts.serviceName ?? `com.amazonaws.${region}.${vpcEndpointType === 'Gateway' ? 's3' : 'ssm'}`,
      vpcId: 'vpc-0a1b2c3d',
      state: opts.state ?? 'available',
      subnetIds: opts.subnetIds ?? (vpcEndpointType === 'Gateway' ? [] : ['subnet-0a1b2c3d', 'subnet-0e5f6a7b']),
      requesterManaged: opts.requesterManaged ?? false,
      creationTimestamp: opts.creationTimestamp ?? new Date(),
    },
  });
}

export function seedLaunchTemplate(
  account: FakeAccount,
  opts: SeedOptions & {
    createTime?: Date;
    name?: string;
    /** Set for a template a service manages for itself, e.g. `eks.amazonaws.com`. */
    managedBy?: string;
    latestVersionNumber?: number;
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const launchTemplateId = account.nextId('lt-');
  return account.put({
    type: 'ec2:launch-template',
    arn: ec2Arn(account, region, `launch-template/${launchTemplateId}`),
    region,
    tags: opts.tags,
    data: {
      launchTemplateId,
      launchTemplateName: opts.name ?? `template-${launchTemplateId}`,
      createTime: opts.createTime ?? new Date(),
      createdBy: `arn:aws:iam::${account.accountId}:user/someone`,
      defaultVersionNumber: 1,
      latestVersionNumber: opts.latestVersionNumber ?? 1,
      managedBy: opts.managedBy,
    },
  });
}

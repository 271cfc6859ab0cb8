import {
  type BatchState,
  CancelCapacityReservationCommand,
  CancelSpotFleetRequestsCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  DeleteClientVpnEndpointCommand,
  DeleteFleetsCommand,
  DeleteLaunchTemplateCommand,
  DeleteNatGatewayCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeleteTransitGatewayCommand,
  DeleteTransitGatewayConnectCommand,
  DeleteTransitGatewayPeeringAttachmentCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DeleteVolumeCommand,
  DeleteVpcEndpointsCommand,
  DeleteVpnConnectionCommand,
  DeregisterImageCommand,
  DescribeAddressesCommand,
  DescribeCapacityReservationsCommand,
  DescribeClientVpnEndpointsCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeFleetsCommand,
  DescribeHostsCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSpotFleetRequestsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVolumesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpnConnectionsCommand,
  DisassociateClientVpnTargetNetworkCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ReleaseAddressCommand,
  ReleaseHostsCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  type FakeService,
  fakeService,
  handle,
  paginate,
  required,
  tagList,
} from '../fake-account';

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

  handleDedicatedHosts(stub, account);
  handleTransitGateways(stub, account);
  handleCapacityReservations(stub, account);
  handleClientVpn(stub, account);
  handleVpnConnections(stub, account);
  handleFleets(stub, account);
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

/**
 * One entry of an EC2 batch call's `Unsuccessful` list (ReleaseHosts): per-item failures do not fail the call.
 */
function unsuccessful(id: string, code: string, message: string) {
  return { ResourceId: id, Error: { Code: code, Message: message } };
}

/** Mac hosts must stay allocated for 24 hours (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-mac-instances.html). */
const MAC_MINIMUM_ALLOCATION_MS = 24 * 3_600_000;

/** Instances placed on a host: those whose `hostId` names it, terminated ones gone from the account. */
function instancesOnHost(account: FakeAccount, host: FakeResource) {
  return account.list('ec2:instance', host.region).filter((i) => i.data.hostId === host.data.hostId);
}

function handleDedicatedHosts(stub: FakeService, account: FakeAccount): void {
  handle(stub, account, 'ec2', DescribeHostsCommand, (input, region) => {
    rejectIdsWithMaxResults(input.HostIds, input.MaxResults, 'hostIds');
    const hosts = byIds(account.list('ec2:dedicated-host', region), 'hostId', input.HostIds, 'InvalidHostID.NotFound', 'host');
    const filtered = applyFilters(hosts, input.Filter, { state: (r) => r.data.state, 'instance-type': (r) => r.data.instanceType });
    const { page, next } = describePage(account, filtered, input, { min: 5, max: 500 });
    return {
      Hosts: page.map((r) => ({
        HostId: r.data.hostId,
        State: r.data.state,
        AllocationTime: r.data.allocationTime,
        ReleaseTime: r.data.releaseTime,
        AvailabilityZone: `${region}a`,
        OwnerId: r.data.ownerId ?? account.accountId,
        HostProperties: { InstanceFamily: r.data.instanceFamily, InstanceType: r.data.instanceType, Cores: 48, Sockets: 2 },
        Instances: instancesOnHost(account, r).map((i) => ({ InstanceId: i.data.instanceId, InstanceType: i.data.instanceType })),
        MemberOfServiceLinkedResourceGroup: r.data.memberOfServiceLinkedResourceGroup,
        HostReservationId: r.data.hostReservationId,
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseHosts.html
  handle(stub, account, 'ec2', ReleaseHostsCommand, (input, region) => {
    const successful: string[] = [];
    const failed: ReturnType<typeof unsuccessful>[] = [];
    for (const id of required(input, 'HostIds', 'MissingParameter')) {
      const host = account.findBy('ec2:dedicated-host', 'hostId', id, region);
      if (!host || host.data.state === 'released') {
        failed.push(unsuccessful(id, 'InvalidHostID.NotFound', `The host ID '${id}' was not found`));
      } else if (instancesOnHost(account, host).length > 0) {
        failed.push(unsuccessful(id, 'Client.InvalidHost.Occupied', `Dedicated host '${id}' cannot be released as it is occupied.`));
      } else if (String(host.data.instanceFamily).startsWith('mac') && Date.now() - host.data.allocationTime < MAC_MINIMUM_ALLOCATION_MS) {
        const after = new Date(host.data.allocationTime.getTime() + MAC_MINIMUM_ALLOCATION_MS).toISOString();
        const message = `Unable to release Dedicated Host ${id}. ${host.data.instanceType} hosts must be allocated to your AWS account for at least 24 hour(s). You can release this host any time after ${after}.`;
        failed.push(unsuccessful(id, 'Client.InvalidHost.MinimumAllocation', message));
      } else {
        // EC2 lists it as `released` for a while (seed that state to see it); the fake forgets it at once.
        account.remove(host.arn);
        successful.push(id);
      }
    }
    return { Successful: successful, Unsuccessful: failed };
  });
}

/** Attachment states in which the attachment still holds its transit gateway. */
const TGW_ATTACHMENT_GONE = new Set(['deleted', 'rejected', 'failed']);

function describeTransitGateway(account: FakeAccount, r: FakeResource) {
  return {
    TransitGatewayId: r.data.transitGatewayId,
    TransitGatewayArn: r.arn,
    State: r.data.state,
    OwnerId: r.data.ownerId ?? account.accountId,
    CreationTime: r.data.creationTime,
    Description: r.data.description,
    Options: { AutoAcceptSharedAttachments: r.data.autoAcceptSharedAttachments ?? 'disable', AmazonSideAsn: 64512 },
    ...tagsField(r),
  };
}

function handleTransitGateways(stub: FakeService, account: FakeAccount): void {
  handle(stub, account, 'ec2', DescribeTransitGatewaysCommand, (input, region) => {
    rejectIdsWithMaxResults(input.TransitGatewayIds, input.MaxResults, 'transitGatewayIds');
    const gateways = byIds(
      account.list('ec2:transit-gateway', region),
      'transitGatewayId',
      input.TransitGatewayIds,
      'InvalidTransitGatewayID.NotFound',
      'transit gateway',
    );
    const filtered = applyFilters(gateways, input.Filters, { state: (r) => r.data.state });
    const { page, next } = describePage(account, filtered, input);
    return { TransitGateways: page.map((r) => describeTransitGateway(account, r)), NextToken: next };
  });

  // "You can't delete a transit gateway with existing attachments" (https://docs.aws.amazon.com/vpc/latest/tgw/delete-tgw.html).
  handle(stub, account, 'ec2', DeleteTransitGatewayCommand, (input, region) => {
    const gateway = account.findBy('ec2:transit-gateway', 'transitGatewayId', input.TransitGatewayId, region);
    if (!gateway || gateway.data.state === 'deleted') {
      throw new FakeAwsError(
        'InvalidTransitGatewayID.NotFound',
        `Transit Gateway ${input.TransitGatewayId} was deleted or does not exist.`,
      );
    }
    const held = account
      .list('ec2:transit-gateway-attachment', region)
      .filter((a) => a.data.transitGatewayId === gateway.data.transitGatewayId && !TGW_ATTACHMENT_GONE.has(a.data.state));
    if (held.length > 0) {
      throw new FakeAwsError(
        'IncorrectState',
        `tgw ${input.TransitGatewayId} has non-deleted Transit Gateway Attachments: ${held[0]!.data.attachmentId}.`,
      );
    }
    gateway.data.state = 'deleting';
    account.later(() => {
      gateway.data.state = 'deleted';
      account.remove(gateway.arn);
    });
    return { TransitGateway: describeTransitGateway(account, gateway) };
  });

  handle(stub, account, 'ec2', DescribeTransitGatewayAttachmentsCommand, (input, region) => {
    rejectIdsWithMaxResults(input.TransitGatewayAttachmentIds, input.MaxResults, 'transitGatewayAttachmentIds');
    const attachments = byIds(
      account.list('ec2:transit-gateway-attachment', region),
      'attachmentId',
      input.TransitGatewayAttachmentIds,
      'InvalidTransitGatewayAttachmentID.NotFound',
      'transit gateway attachment',
    );
    const filtered = applyFilters(attachments, input.Filters, {
      'transit-gateway-id': (r) => r.data.transitGatewayId,
      state: (r) => r.data.state,
      'resource-type': (r) => r.data.resourceType,
    });
    const { page, next } = describePage(account, filtered, input);
    return {
      TransitGatewayAttachments: page.map((r) => ({
        TransitGatewayAttachmentId: r.data.attachmentId,
        TransitGatewayId: r.data.transitGatewayId,
        TransitGatewayOwnerId: r.data.transitGatewayOwnerId ?? account.accountId,
        ResourceOwnerId: r.data.resourceOwnerId ?? account.accountId,
        ResourceType: r.data.resourceType,
        ResourceId: r.data.resourceId,
        State: r.data.state,
        CreationTime: r.data.creationTime,
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  const deleteAttachment = (resourceType: string) => (input: { TransitGatewayAttachmentId?: string }, region: string) => {
    const attachment = account.findBy('ec2:transit-gateway-attachment', 'attachmentId', input.TransitGatewayAttachmentId, region);
    if (!attachment || attachment.data.state === 'deleted') {
      throw new FakeAwsError(
        'InvalidTransitGatewayAttachmentID.NotFound',
        `Transit Gateway Attachment ${input.TransitGatewayAttachmentId} was deleted or does not exist.`,
      );
    }
    if (attachment.data.resourceType !== resourceType) {
      throw new FakeAwsError('InvalidParameterValue', `${input.TransitGatewayAttachmentId} is not a ${resourceType} attachment`);
    }
    attachment.data.state = 'deleting';
    // Deleted minutes later; EC2 keeps listing it as `deleted` for a while, the fake forgets it then.
    account.later(() => {
      attachment.data.state = 'deleted';
      account.remove(attachment.arn);
    });
    return {
      TransitGatewayAttachmentId: attachment.data.attachmentId,
      TransitGatewayId: attachment.data.transitGatewayId,
      State: 'deleting' as const,
    };
  };
  const vpc = deleteAttachment('vpc');
  handle(stub, account, 'ec2', DeleteTransitGatewayVpcAttachmentCommand, (input, region) => {
    const { State, ...ids } = vpc(input, region);
    return { TransitGatewayVpcAttachment: { ...ids, State } };
  });
  const peering = deleteAttachment('peering');
  handle(stub, account, 'ec2', DeleteTransitGatewayPeeringAttachmentCommand, (input, region) => {
    const { State, TransitGatewayAttachmentId } = peering(input, region);
    return { TransitGatewayPeeringAttachment: { TransitGatewayAttachmentId, State } };
  });
  const connect = deleteAttachment('connect');
  handle(stub, account, 'ec2', DeleteTransitGatewayConnectCommand, (input, region) => ({
    TransitGatewayConnect: connect(input, region),
  }));
}

function handleCapacityReservations(stub: FakeService, account: FakeAccount): void {
  handle(stub, account, 'ec2', DescribeCapacityReservationsCommand, (input, region) => {
    rejectIdsWithMaxResults(input.CapacityReservationIds, input.MaxResults, 'capacityReservationIds');
    const reservations = byIds(
      account.list('ec2:capacity-reservation', region),
      'capacityReservationId',
      input.CapacityReservationIds,
      'InvalidCapacityReservationId.NotFound',
      'capacity reservation',
    );
    const filtered = applyFilters(reservations, input.Filters, { state: (r) => r.data.state });
    const { page, next } = describePage(account, filtered, input, { min: 1, max: 1000 });
    return {
      CapacityReservations: page.map((r) => ({
        CapacityReservationId: r.data.capacityReservationId,
        CapacityReservationArn: r.arn,
        OwnerId: r.data.ownerId ?? account.accountId,
        InstanceType: r.data.instanceType,
        InstancePlatform: 'Linux/UNIX',
        AvailabilityZone: `${region}a`,
        TotalInstanceCount: r.data.totalInstanceCount,
        AvailableInstanceCount: r.data.availableInstanceCount,
        State: r.data.state,
        CreateDate: r.data.createDate,
        StartDate: r.data.startDate ?? r.data.createDate,
        EndDateType: r.data.endDate ? 'limited' : 'unlimited',
        EndDate: r.data.endDate,
        ReservationType: r.data.reservationType ?? 'default',
        CapacityReservationFleetId: r.data.capacityReservationFleetId,
        CommitmentInfo: r.data.commitmentEndDate
          ? { CommittedInstanceCount: r.data.totalInstanceCount, CommitmentEndDate: r.data.commitmentEndDate }
          : undefined,
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-reservations-release.html
  handle(stub, account, 'ec2', CancelCapacityReservationCommand, (input, region) => {
    const id = required(input, 'CapacityReservationId', 'MissingParameter');
    const reservation = account.findBy('ec2:capacity-reservation', 'capacityReservationId', id, region);
    if (!reservation || reservation.data.state === 'cancelled') {
      throw new FakeAwsError('InvalidCapacityReservationId.NotFound', `The capacity reservation ID '${id}' does not exist`);
    }
    const committed = reservation.data.commitmentEndDate && reservation.data.commitmentEndDate.getTime() > Date.now();
    if (reservation.data.reservationType === 'capacity-block' || committed || reservation.data.state !== 'active') {
      throw new FakeAwsError(
        'InvalidCapacityReservationId.Malformed',
        `The Capacity Reservation ${id} cannot be cancelled in its current state.`,
      );
    }
    // EC2 lists it as `cancelled` for a while (seed that state to see it); the fake forgets it at once.
    account.remove(reservation.arn);
    return { Return: true };
  });
}

function handleClientVpn(stub: FakeService, account: FakeAccount): void {
  handle(stub, account, 'ec2', DescribeClientVpnEndpointsCommand, (input, region) => {
    rejectIdsWithMaxResults(input.ClientVpnEndpointIds, input.MaxResults, 'clientVpnEndpointIds');
    const endpoints = byIds(
      account.list('ec2:client-vpn-endpoint', region),
      'clientVpnEndpointId',
      input.ClientVpnEndpointIds,
      'InvalidClientVpnEndpointId.NotFound',
      'Client VPN endpoint',
    );
    const { page, next } = describePage(account, endpoints, input);
    return {
      ClientVpnEndpoints: page.map((r) => ({
        ClientVpnEndpointId: r.data.clientVpnEndpointId,
        Description: r.data.description,
        Status: { Code: r.data.state },
        CreationTime: r.data.creationTime,
        VpcId: 'vpc-0a1b2c3d',
        ClientCidrBlock: '10.100.0.0/22',
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', DescribeClientVpnTargetNetworksCommand, (input, region) => {
    const endpoint = clientVpnEndpoint(account, required(input, 'ClientVpnEndpointId', 'MissingParameter'), region);
    const associations = (endpoint.data.associations as ClientVpnAssociation[]).filter((a) => a.state !== 'disassociated');
    const { page, next } = describePage(account, associations, input);
    return {
      ClientVpnTargetNetworks: page.map((a) => ({
        AssociationId: a.associationId,
        ClientVpnEndpointId: endpoint.data.clientVpnEndpointId,
        TargetNetworkId: a.subnetId,
        VpcId: 'vpc-0a1b2c3d',
        Status: { Code: a.state },
      })),
      NextToken: next,
    };
  });

  // Asynchronous: `disassociating` until time passes (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisassociateClientVpnTargetNetwork.html).
  handle(stub, account, 'ec2', DisassociateClientVpnTargetNetworkCommand, (input, region) => {
    const endpoint = clientVpnEndpoint(account, required(input, 'ClientVpnEndpointId', 'MissingParameter'), region);
    const association = (endpoint.data.associations as ClientVpnAssociation[]).find((a) => a.associationId === input.AssociationId);
    if (!association || association.state === 'disassociated') {
      throw new FakeAwsError('InvalidClientVpnAssociationId.NotFound', `The association ID '${input.AssociationId}' does not exist`);
    }
    association.state = 'disassociating';
    account.later(() => {
      association.state = 'disassociated';
    });
    return { AssociationId: association.associationId, Status: { Code: 'disassociating' } };
  });

  // "You must disassociate all target networks before you can delete a Client VPN endpoint."
  handle(stub, account, 'ec2', DeleteClientVpnEndpointCommand, (input, region) => {
    const endpoint = clientVpnEndpoint(account, required(input, 'ClientVpnEndpointId', 'MissingParameter'), region);
    if ((endpoint.data.associations as ClientVpnAssociation[]).some((a) => a.state !== 'disassociated')) {
      throw new FakeAwsError('InvalidState', `Client VPN endpoint ${input.ClientVpnEndpointId} has target networks associated`);
    }
    endpoint.data.state = 'deleting';
    account.later(() => account.remove(endpoint.arn));
    return { Status: { Code: 'deleting' } };
  });
}

interface ClientVpnAssociation {
  associationId: string;
  subnetId: string;
  state: 'associating' | 'associated' | 'disassociating' | 'disassociated';
}

function clientVpnEndpoint(account: FakeAccount, id: string, region: string): FakeResource {
  const endpoint = account.findBy('ec2:client-vpn-endpoint', 'clientVpnEndpointId', id, region);
  if (!endpoint || endpoint.data.state === 'deleted') {
    throw new FakeAwsError('InvalidClientVpnEndpointId.NotFound', `The Client VPN endpoint ID '${id}' does not exist`);
  }
  return endpoint;
}

function handleVpnConnections(stub: FakeService, account: FakeAccount): void {
  // Not paginated in EC2: every VPN connection of the region in one response.
  handle(stub, account, 'ec2', DescribeVpnConnectionsCommand, (input, region) => {
    const connections = byIds(
      account.list('ec2:vpn-connection', region),
      'vpnConnectionId',
      input.VpnConnectionIds,
      'InvalidVpnConnectionID.NotFound',
      'VPN connection',
    );
    return {
      VpnConnections: applyFilters(connections, input.Filters, { state: (r) => r.data.state }).map((r) => ({
        VpnConnectionId: r.data.vpnConnectionId,
        State: r.data.state,
        Type: 'ipsec.1' as const,
        CustomerGatewayId: r.data.customerGatewayId,
        VpnGatewayId: r.data.vpnGatewayId,
        TransitGatewayId: r.data.transitGatewayId,
        CoreNetworkArn: r.data.coreNetworkArn,
        Category: 'VPN',
        ...tagsField(r),
      })),
    };
  });

  handle(stub, account, 'ec2', DeleteVpnConnectionCommand, (input, region) => {
    const id = required(input, 'VpnConnectionId', 'MissingParameter');
    const connection = account.findBy('ec2:vpn-connection', 'vpnConnectionId', id, region);
    if (!connection || connection.data.state === 'deleted') {
      throw new FakeAwsError('InvalidVpnConnectionID.NotFound', `The vpnConnection ID '${id}' does not exist`);
    }
    connection.data.state = 'deleting';
    // Its transit gateway attachment (resource type vpn) goes with it.
    const attachment = account.findBy('ec2:transit-gateway-attachment', 'resourceId', id, region);
    if (attachment) attachment.data.state = 'deleting';
    account.later(() => {
      account.remove(connection.arn);
      if (attachment) account.remove(attachment.arn);
    });
    return {};
  });
}

/** Instances a fleet launched: EC2 tags them with the fleet's id under a reserved `aws:` key. */
function fleetInstances(account: FakeAccount, region: string, tagKey: string, fleetId: string): FakeResource[] {
  return account.list('ec2:instance', region).filter((i) => i.tags[tagKey] === fleetId);
}

function handleFleets(stub: FakeService, account: FakeAccount): void {
  handle(stub, account, 'ec2', DescribeSpotFleetRequestsCommand, (input, region) => {
    const requests = byIds(
      account.list('ec2:spot-fleet-request', region),
      'spotFleetRequestId',
      input.SpotFleetRequestIds,
      'InvalidSpotFleetRequestId.NotFound',
      'spot fleet request',
    );
    const { page, next } = describePage(account, requests, input, { min: 1, max: 1000 });
    return {
      SpotFleetRequestConfigs: page.map((r) => ({
        SpotFleetRequestId: r.data.spotFleetRequestId,
        SpotFleetRequestState: r.data.state,
        CreateTime: r.data.createTime,
        ActivityStatus: 'fulfilled' as const,
        SpotFleetRequestConfig: {
          IamFleetRole: `arn:aws:iam::${account.accountId}:role/aws-ec2-spot-fleet-tagging-role`,
          TargetCapacity: r.data.targetCapacity,
          Type: r.data.fleetType,
        },
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', CancelSpotFleetRequestsCommand, (input, region) => {
    const successful: {
      SpotFleetRequestId: string;
      PreviousSpotFleetRequestState: BatchState;
      CurrentSpotFleetRequestState: BatchState;
    }[] = [];
    const failed: { SpotFleetRequestId: string; Error: { Code: 'fleetRequestIdDoesNotExist'; Message: string } }[] = [];
    for (const id of required(input, 'SpotFleetRequestIds', 'MissingParameter')) {
      const request = account.findBy('ec2:spot-fleet-request', 'spotFleetRequestId', id, region);
      if (!request || String(request.data.state).startsWith('cancelled')) {
        failed.push({
          SpotFleetRequestId: id,
          Error: { Code: 'fleetRequestIdDoesNotExist', Message: `The spot fleet request ${id} does not exist` },
        });
        continue;
      }
      const previous = request.data.state;
      const instances = fleetInstances(account, region, 'aws:ec2spot:fleet-request-id', id);
      request.data.state = input.TerminateInstances ? 'cancelled_terminating' : 'cancelled_running';
      if (input.TerminateInstances) {
        for (const i of instances) account.remove(i.arn);
        account.later(() => account.remove(request.arn));
      }
      successful.push({
        SpotFleetRequestId: id,
        PreviousSpotFleetRequestState: previous,
        CurrentSpotFleetRequestState: request.data.state,
      });
    }
    return { SuccessfulFleetRequests: successful, UnsuccessfulFleetRequests: failed };
  });

  handle(stub, account, 'ec2', DescribeFleetsCommand, (input, region) => {
    const fleets = byIds(account.list('ec2:fleet', region), 'fleetId', input.FleetIds, 'InvalidFleetId.NotFound', 'fleet');
    const { page, next } = describePage(account, applyFilters(fleets, input.Filters, { type: (r) => r.data.fleetType }), input, {
      min: 1,
      max: 1000,
    });
    return {
      Fleets: page.map((r) => ({
        FleetId: r.data.fleetId,
        FleetState: r.data.state,
        Type: r.data.fleetType,
        CreateTime: r.data.createTime,
        TargetCapacitySpecification: { TotalTargetCapacity: r.data.targetCapacity, DefaultTargetCapacityType: 'spot' as const },
        ...tagsField(r),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'ec2', DeleteFleetsCommand, (input, region) => {
    if (input.TerminateInstances === undefined)
      throw new FakeAwsError('MissingParameter', 'The request must contain the parameter TerminateInstances');
    const successful: { FleetId: string; PreviousFleetState: 'active'; CurrentFleetState: 'deleted_terminating' | 'deleted_running' }[] =
      [];
    const failed: { FleetId: string; Error: { Code: 'fleetIdDoesNotExist'; Message: string } }[] = [];
    for (const id of required(input, 'FleetIds', 'MissingParameter')) {
      const fleet = account.findBy('ec2:fleet', 'fleetId', id, region);
      if (!fleet || String(fleet.data.state).startsWith('deleted')) {
        failed.push({ FleetId: id, Error: { Code: 'fleetIdDoesNotExist', Message: `The fleet ${id} does not exist` } });
        continue;
      }
      fleet.data.state = input.TerminateInstances ? 'deleted_terminating' : 'deleted_running';
      if (input.TerminateInstances) {
        for (const i of fleetInstances(account, region, 'aws:ec2:fleet-id', id)) account.remove(i.arn);
        account.later(() => account.remove(fleet.arn));
      }
      successful.push({ FleetId: id, PreviousFleetState: 'active', CurrentFleetState: fleet.data.state });
    }
    return { SuccessfulFleetDeletions: successful, UnsuccessfulFleetDeletions: failed };
  });
}

export function seedDedicatedHost(
  account: FakeAccount,
  opts: SeedOptions & {
    allocationTime?: Date;
    instanceType?: string;
    /** `available`, `under-assessment`, `permanent-failure`, `released`, ... */
    state?: string;
    memberOfServiceLinkedResourceGroup?: boolean;
    hostReservationId?: string;
    ownerId?: string;
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const hostId = account.nextId('h-');
  const instanceType = opts.instanceType ?? 'm5.large';
  return account.put({
    type: 'ec2:dedicated-host',
    arn: ec2Arn(account, region, `dedicated-host/${hostId}`),
    region,
    tags: opts.tags,
    data: {
      hostId,
      instanceType,
      instanceFamily: instanceType.split('.')[0],
      state: opts.state ?? 'available',
      allocationTime: opts.allocationTime ?? new Date(),
      memberOfServiceLinkedResourceGroup: opts.memberOfServiceLinkedResourceGroup ?? false,
      hostReservationId: opts.hostReservationId,
      ownerId: opts.ownerId,
    },
  });
}

export function seedTransitGateway(
  account: FakeAccount,
  opts: SeedOptions & { creationTime?: Date; state?: string; ownerId?: string; autoAcceptSharedAttachments?: 'enable' | 'disable' } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const transitGatewayId = account.nextId('tgw-');
  return account.put({
    type: 'ec2:transit-gateway',
    arn: `arn:aws:ec2:${region}:${opts.ownerId ?? account.accountId}:transit-gateway/${transitGatewayId}`,
    region,
    tags: opts.tags,
    data: {
      transitGatewayId,
      state: opts.state ?? 'available',
      creationTime: opts.creationTime ?? new Date(),
      ownerId: opts.ownerId,
      autoAcceptSharedAttachments: opts.autoAcceptSharedAttachments,
    },
  });
}

/** What an attachment of each kind attaches: a VPC, the peer gateway, a Connect attachment's transport attachment, ... */
function defaultAttachedResource(account: FakeAccount, resourceType: string): string {
  const prefixes: Record<string, string> = {
    vpc: 'vpc-',
    peering: 'tgw-',
    connect: 'tgw-attach-',
    vpn: 'vpn-',
    'direct-connect-gateway': 'dxgw-',
  };
  return account.nextId(prefixes[resourceType] ?? `${resourceType}-`);
}

/** An attachment to `transitGateway`, or to a new transit gateway of the region when none is given. */
export function seedTransitGatewayAttachment(
  account: FakeAccount,
  opts: SeedOptions & {
    transitGateway?: FakeResource;
    /** `vpc`, `vpn`, `peering`, `connect`, `direct-connect-gateway`, `network-function`, ... */
    resourceType?: string;
    resourceId?: string;
    state?: string;
    creationTime?: Date;
    resourceOwnerId?: string;
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const gateway = opts.transitGateway ?? seedTransitGateway(account, { region });
  const attachmentId = account.nextId('tgw-attach-');
  const resourceType = opts.resourceType ?? 'vpc';
  return account.put({
    type: 'ec2:transit-gateway-attachment',
    arn: ec2Arn(account, region, `transit-gateway-attachment/${attachmentId}`),
    region,
    tags: opts.tags,
    data: {
      attachmentId,
      transitGatewayId: gateway.data.transitGatewayId,
      transitGatewayOwnerId: gateway.data.ownerId,
      resourceType,
      resourceId: opts.resourceId ?? defaultAttachedResource(account, resourceType),
      resourceOwnerId: opts.resourceOwnerId,
      state: opts.state ?? 'available',
      creationTime: opts.creationTime ?? new Date(),
    },
  });
}

export function seedCapacityReservation(
  account: FakeAccount,
  opts: SeedOptions & {
    createDate?: Date;
    state?: string;
    instanceType?: string;
    totalInstanceCount?: number;
    reservationType?: 'default' | 'capacity-block';
    capacityReservationFleetId?: string;
    commitmentEndDate?: Date;
    ownerId?: string;
  } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const capacityReservationId = account.nextId('cr-');
  const total = opts.totalInstanceCount ?? 2;
  return account.put({
    type: 'ec2:capacity-reservation',
    arn: `arn:aws:ec2:${region}:${opts.ownerId ?? account.accountId}:capacity-reservation/${capacityReservationId}`,
    region,
    tags: opts.tags,
    data: {
      capacityReservationId,
      state: opts.state ?? 'active',
      instanceType: opts.instanceType ?? 'm5.large',
      totalInstanceCount: total,
      availableInstanceCount: total,
      createDate: opts.createDate ?? new Date(),
      reservationType: opts.reservationType,
      capacityReservationFleetId: opts.capacityReservationFleetId,
      commitmentEndDate: opts.commitmentEndDate,
      ownerId: opts.ownerId,
    },
  });
}

export function seedClientVpnEndpoint(
  account: FakeAccount,
  opts: SeedOptions & { creationTime?: Date; state?: string; associatedSubnets?: number } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const clientVpnEndpointId = account.nextId('cvpn-endpoint-');
  const associations: ClientVpnAssociation[] = Array.from({ length: opts.associatedSubnets ?? 1 }, (_, i) => ({
    associationId: account.nextId('cvpn-assoc-'),
    subnetId: `subnet-0a1b2c3${i}`,
    state: 'associated',
  }));
  return account.put({
    type: 'ec2:client-vpn-endpoint',
    arn: ec2Arn(account, region, `client-vpn-endpoint/${clientVpnEndpointId}`),
    region,
    tags: opts.tags,
    data: {
      clientVpnEndpointId,
      state: opts.state ?? (associations.length > 0 ? 'available' : 'pending-associate'),
      // EC2 returns the creation time as a string, e.g. "2019-06-11T19:13:25" (no zone).
      creationTime: (opts.creationTime ?? new Date()).toISOString().slice(0, 19),
      associations,
    },
  });
}

export function seedVpnConnection(
  account: FakeAccount,
  opts: SeedOptions & { state?: string; transitGatewayId?: string; coreNetworkArn?: string } = {},
): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const vpnConnectionId = account.nextId('vpn-');
  return account.put({
    type: 'ec2:vpn-connection',
    arn: ec2Arn(account, region, `vpn-connection/${vpnConnectionId}`),
    region,
    tags: opts.tags,
    data: {
      vpnConnectionId,
      state: opts.state ?? 'available',
      customerGatewayId: account.nextId('cgw-'),
      vpnGatewayId: opts.transitGatewayId || opts.coreNetworkArn ? undefined : account.nextId('vgw-'),
      transitGatewayId: opts.transitGatewayId,
      coreNetworkArn: opts.coreNetworkArn,
    },
  });
}

interface FleetSeedOptions extends SeedOptions {
  createTime?: Date;
  state?: string;
  /** `maintain`, `request` or (EC2 Fleet only) `instant`. */
  fleetType?: string;
  targetCapacity?: number;
  /** Instances it launched, tagged with its id as EC2 does. */
  instances?: number;
}

export function seedSpotFleetRequest(account: FakeAccount, opts: FleetSeedOptions = {}): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const spotFleetRequestId = account.nextId('sfr-');
  const fleet = account.put({
    type: 'ec2:spot-fleet-request',
    arn: ec2Arn(account, region, `spot-fleet-request/${spotFleetRequestId}`),
    region,
    tags: opts.tags,
    data: {
      spotFleetRequestId,
      state: opts.state ?? 'active',
      createTime: opts.createTime ?? new Date(),
      fleetType: opts.fleetType ?? 'maintain',
      targetCapacity: opts.targetCapacity ?? opts.instances ?? 2,
    },
  });
  for (let i = 0; i < (opts.instances ?? 0); i++)
    seedInstance(account, { region, tags: { 'aws:ec2spot:fleet-request-id': spotFleetRequestId } });
  return fleet;
}

export function seedFleet(account: FakeAccount, opts: FleetSeedOptions = {}): FakeResource {
  const region = opts.region ?? DEFAULT_REGION;
  const fleetId = account.nextId('fleet-');
  const fleet = account.put({
    type: 'ec2:fleet',
    arn: ec2Arn(account, region, `fleet/${fleetId}`),
    region,
    tags: opts.tags,
    data: {
      fleetId,
      state: opts.state ?? 'active',
      createTime: opts.createTime ?? new Date(),
      fleetType: opts.fleetType ?? 'maintain',
      targetCapacity: opts.targetCapacity ?? opts.instances ?? 2,
    },
  });
  for (let i = 0; i < (opts.instances ?? 0); i++) seedInstance(account, { region, tags: { 'aws:ec2:fleet-id': fleetId } });
  return fleet;
}

import {
  DeleteClusterCommand,
  DeleteFargateProfileCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
} from '../fake-account';

/**
 * EKS clusters, managed node groups and Fargate profiles. As in EKS, a cluster cannot be deleted
 * while node groups or Fargate profiles are attached (ResourceInUseException), deletions are
 * asynchronous (DELETING until the next settle), and a cluster with deletion protection refuses
 * DeleteCluster until UpdateClusterConfig switches it off.
 */

const CLUSTER = 'eks:cluster';
const NODEGROUP = 'eks:nodegroup';
const FARGATE_PROFILE = 'eks:fargateprofile';

export type EksClusterStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING' | 'PENDING';
export type NodegroupStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DEGRADED';

export interface SeedEksClusterOptions extends SeedOptions {
  status?: EksClusterStatus;
  deletionProtection?: boolean;
  version?: string;
}

export interface SeedNodegroupOptions extends SeedOptions {
  /** The cluster it belongs to; a new one in `region` when omitted. */
  cluster?: FakeResource;
  status?: NodegroupStatus;
  instanceTypes?: string[];
  desiredSize?: number;
}

export interface SeedFargateProfileOptions extends SeedOptions {
  cluster?: FakeResource;
  status?: 'CREATING' | 'ACTIVE' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED';
}

export function seedEksCluster(account: FakeAccount, options: SeedEksClusterOptions = {}): FakeResource {
  return seedResource(account, { type: CLUSTER, namePrefix: 'cluster-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('eks', region, account.accountId, `cluster/${name}`),
    data: {
      name,
      createdAt,
      status: options.status ?? 'ACTIVE',
      deletionProtection: options.deletionProtection ?? false,
      version: options.version ?? '1.33',
    },
  }));
}

/** A node group's and a Fargate profile's ARN end in a UUID EKS assigns: no list call returns it. */
function uuid(account: FakeAccount): string {
  const hex = account.nextId('').padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seedNodegroup(account: FakeAccount, options: SeedNodegroupOptions = {}): FakeResource {
  const cluster = options.cluster ?? seedEksCluster(account, { region: options.region });
  const region = cluster.region;
  return seedResource(account, { type: NODEGROUP, namePrefix: 'nodes-' }, { ...options, region }, ({ name, createdAt }) => ({
    arn: buildArn('eks', region, account.accountId, `nodegroup/${cluster.data.name}/${name}/${uuid(account)}`),
    data: {
      name,
      clusterName: cluster.data.name,
      createdAt,
      status: options.status ?? 'ACTIVE',
      instanceTypes: options.instanceTypes ?? ['t3.medium'],
      desiredSize: options.desiredSize ?? 2,
    },
  }));
}

export function seedFargateProfile(account: FakeAccount, options: SeedFargateProfileOptions = {}): FakeResource {
  const cluster = options.cluster ?? seedEksCluster(account, { region: options.region });
  const region = cluster.region;
  return seedResource(account, { type: FARGATE_PROFILE, namePrefix: 'fargate-' }, { ...options, region }, ({ name, createdAt }) => ({
    arn: buildArn('eks', region, account.accountId, `fargateprofile/${cluster.data.name}/${name}/${uuid(account)}`),
    data: { name, clusterName: cluster.data.name, createdAt, status: options.status ?? 'ACTIVE' },
  }));
}

function checkMaxResults(maxResults: number | undefined): void {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) {
    throw new FakeAwsError('InvalidParameterException', 'maxResults must be between 1 and 100');
  }
}

function clusterIn(account: FakeAccount, name: string, region: string): FakeResource {
  const cluster = account.findBy(CLUSTER, 'name', name, region);
  if (!cluster) throw new FakeAwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`);
  return cluster;
}

function childrenOf(account: FakeAccount, type: string, cluster: FakeResource): FakeResource[] {
  return account.list(type, cluster.region).filter((r) => r.data.clusterName === cluster.data.name);
}

function childIn(account: FakeAccount, type: string, clusterName: string, name: string, region: string): FakeResource {
  const child = childrenOf(account, type, clusterIn(account, clusterName, region)).find((r) => r.data.name === name);
  const what = type === NODEGROUP ? 'Nodegroup' : 'Fargate Profile';
  if (!child) throw new FakeAwsError('ResourceNotFoundException', `No ${what} found for name: ${name}.`);
  return child;
}

function describeCluster(c: FakeResource) {
  return {
    name: c.data.name,
    arn: c.arn,
    createdAt: c.data.createdAt,
    version: c.data.version,
    status: c.data.status,
    deletionProtection: c.data.deletionProtection,
    endpoint: `https://${c.data.name}.gr7.${c.region}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::123456789012:role/eks-cluster`,
    certificateAuthority: { data: 'LS0tLS1CRUdJTi...' },
    upgradePolicy: { supportType: 'EXTENDED' as const },
    tags: { ...c.tags },
  };
}

function describeNodegroup(n: FakeResource) {
  return {
    nodegroupName: n.data.name,
    nodegroupArn: n.arn,
    clusterName: n.data.clusterName,
    createdAt: n.data.createdAt,
    status: n.data.status,
    instanceTypes: n.data.instanceTypes,
    capacityType: 'ON_DEMAND' as const,
    scalingConfig: { minSize: 0, maxSize: n.data.desiredSize + 1, desiredSize: n.data.desiredSize },
    tags: { ...n.tags },
  };
}

function describeFargateProfile(p: FakeResource) {
  return {
    fargateProfileName: p.data.name,
    fargateProfileArn: p.arn,
    clusterName: p.data.clusterName,
    createdAt: p.data.createdAt,
    status: p.data.status,
    selectors: [{ namespace: 'default' }],
    tags: { ...p.tags },
  };
}

/** Asynchronous deletion: DELETING now, gone at the next settle. */
function startDeleting(account: FakeAccount, r: FakeResource): void {
  r.data.status = 'DELETING';
  account.later(() => account.remove(r.arn));
}

export function installEks(account: FakeAccount) {
  const stub = fakeService(EKSClient, account);

  handle(stub, account, 'eks', ListClustersCommand, (input, region) => {
    checkMaxResults(input.maxResults);
    const { page, next } = paginate(
      account.list(CLUSTER, region),
      input.nextToken,
      Math.min(input.maxResults ?? 100, account.defaultPageSize),
    );
    return { clusters: page.map((c) => c.data.name), nextToken: next };
  });
  handle(stub, account, 'eks', DescribeClusterCommand, (input, region) => ({
    cluster: describeCluster(clusterIn(account, required(input, 'name'), region)),
  }));
  handle(stub, account, 'eks', UpdateClusterConfigCommand, (input, region) => {
    const cluster = clusterIn(account, required(input, 'name'), region);
    if (cluster.data.status !== 'ACTIVE') throw new FakeAwsError('ResourceInUseException', `Cluster is in ${cluster.data.status} state.`);
    if (input.deletionProtection === undefined) throw new FakeAwsError('InvalidParameterException', 'No changes needed for the cluster.');
    // The change takes a while: UPDATING until the next settle.
    cluster.data.status = 'UPDATING';
    account.later(() => {
      cluster.data.deletionProtection = input.deletionProtection;
      cluster.data.status = 'ACTIVE';
    });
    return { update: { id: account.nextId('update-'), status: 'InProgress' as const, type: 'DeletionProtectionUpdate' as const } };
  });
  handle(stub, account, 'eks', DeleteClusterCommand, (input, region) => {
    const cluster = clusterIn(account, required(input, 'name'), region);
    if (cluster.data.deletionProtection) {
      throw new FakeAwsError('InvalidRequestException', 'Cannot delete cluster because deletion protection is enabled.');
    }
    const attached = [...childrenOf(account, NODEGROUP, cluster), ...childrenOf(account, FARGATE_PROFILE, cluster)];
    if (attached.length > 0) throw new FakeAwsError('ResourceInUseException', 'Cluster has nodegroups attached');
    if (!['ACTIVE', 'FAILED'].includes(cluster.data.status)) {
      throw new FakeAwsError('ResourceInUseException', `Cluster is in ${cluster.data.status} state.`);
    }
    startDeleting(account, cluster);
    return { cluster: describeCluster(cluster) };
  });

  handle(stub, account, 'eks', ListNodegroupsCommand, (input, region) => {
    checkMaxResults(input.maxResults);
    const groups = childrenOf(account, NODEGROUP, clusterIn(account, required(input, 'clusterName'), region));
    const { page, next } = paginate(groups, input.nextToken, Math.min(input.maxResults ?? 100, account.defaultPageSize));
    return { nodegroups: page.map((n) => n.data.name), nextToken: next };
  });
  handle(stub, account, 'eks', DescribeNodegroupCommand, (input, region) => ({
    nodegroup: describeNodegroup(childIn(account, NODEGROUP, required(input, 'clusterName'), required(input, 'nodegroupName'), region)),
  }));
  handle(stub, account, 'eks', DeleteNodegroupCommand, (input, region) => {
    const group = childIn(account, NODEGROUP, required(input, 'clusterName'), required(input, 'nodegroupName'), region);
    if (['CREATING', 'UPDATING', 'DELETING'].includes(group.data.status)) {
      throw new FakeAwsError('ResourceInUseException', `Nodegroup is in ${group.data.status} state.`);
    }
    startDeleting(account, group);
    return { nodegroup: describeNodegroup(group) };
  });

  handle(stub, account, 'eks', ListFargateProfilesCommand, (input, region) => {
    checkMaxResults(input.maxResults);
    const profiles = childrenOf(account, FARGATE_PROFILE, clusterIn(account, required(input, 'clusterName'), region));
    const { page, next } = paginate(profiles, input.nextToken, Math.min(input.maxResults ?? 100, account.defaultPageSize));
    return { fargateProfileNames: page.map((p) => p.data.name), nextToken: next };
  });
  handle(stub, account, 'eks', DescribeFargateProfileCommand, (input, region) => ({
    fargateProfile: describeFargateProfile(
      childIn(account, FARGATE_PROFILE, required(input, 'clusterName'), required(input, 'fargateProfileName'), region),
    ),
  }));
  handle(stub, account, 'eks', DeleteFargateProfileCommand, (input, region) => {
    const profile = childIn(account, FARGATE_PROFILE, required(input, 'clusterName'), required(input, 'fargateProfileName'), region);
    // Only one Fargate profile of a cluster may be deleting at a time.
    const cluster = clusterIn(account, profile.data.clusterName, region);
    if (childrenOf(account, FARGATE_PROFILE, cluster).some((p) => p.data.status === 'DELETING')) {
      throw new FakeAwsError('ResourceInUseException', 'Another Fargate profile of the cluster is being deleted.');
    }
    startDeleting(account, profile);
    return { fargateProfile: describeFargateProfile(profile) };
  });

  return stub;
}

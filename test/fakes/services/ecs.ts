import {
  type Cluster,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  type Failure,
  ListClustersCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, seedResource } from '../fake-account';

/**
 * ECS clusters and services. A cluster's counts (active services, running tasks) are derived from
 * the services stored in it, so deleting a service is what lets its cluster go.
 */

const CLUSTER = 'ecs:cluster';
const SERVICE = 'ecs:service';

export interface SeedEcsClusterOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  status?: 'ACTIVE' | 'PROVISIONING' | 'DEPROVISIONING' | 'FAILED' | 'INACTIVE';
  /** EC2 container instances registered with the cluster. */
  containerInstances?: number;
  /** Running tasks started outside any service (RunTask). */
  standaloneTasks?: number;
}

export interface SeedEcsServiceOptions {
  /** The cluster to run in; a new one in `region` when omitted. */
  cluster?: FakeResource;
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  desiredCount?: number;
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** DAEMON: one task per container instance, no desired count to set. */
  schedulingStrategy?: 'REPLICA' | 'DAEMON';
}

export function seedEcsCluster(account: FakeAccount, options: SeedEcsClusterOptions = {}): FakeResource {
  return seedResource(account, { type: CLUSTER, namePrefix: 'cluster-' }, options, ({ name, region }) => ({
    arn: buildArn('ecs', region, account.accountId, `cluster/${name}`),
    data: {
      name,
      status: options.status ?? 'ACTIVE',
      containerInstances: options.containerInstances ?? 0,
      standaloneTasks: options.standaloneTasks ?? 0,
    },
  }));
}

export function seedEcsService(account: FakeAccount, options: SeedEcsServiceOptions = {}): FakeResource {
  const cluster = options.cluster ?? seedEcsCluster(account, { region: options.region });
  const name = options.name ?? account.nextId('service-');
  const desiredCount = options.desiredCount ?? 2;
  return account.put({
    type: SERVICE,
    // The long ARN format, which includes the cluster name; the only one the tagging API can tag.
    arn: buildArn('ecs', cluster.region, account.accountId, `service/${cluster.data.name}/${name}`),
    region: cluster.region,
    tags: options.tags,
    data: {
      name,
      clusterArn: cluster.arn,
      createdAt: options.createdAt ?? new Date(),
      desiredCount,
      runningCount: desiredCount,
      status: options.status ?? 'ACTIVE',
      schedulingStrategy: options.schedulingStrategy ?? 'REPLICA',
    },
  });
}

const clusterNotFound = () => new FakeAwsError('ClusterNotFoundException', 'Cluster not found.');

/** `cluster` parameters take a name or an ARN, and mean `default` when omitted. */
function clusterIn(account: FakeAccount, nameOrArn: string | undefined, region: string): FakeResource {
  const wanted = nameOrArn ?? 'default';
  const cluster = account.list(CLUSTER, region).find((c) => c.arn === wanted || c.data.name === wanted);
  if (!cluster || cluster.data.status === 'INACTIVE') throw clusterNotFound();
  return cluster;
}

function servicesOf(account: FakeAccount, cluster: FakeResource): FakeResource[] {
  return account.list(SERVICE, cluster.region).filter((s) => s.data.clusterArn === cluster.arn);
}

function serviceIn(account: FakeAccount, cluster: FakeResource, nameOrArn: string): FakeResource {
  const service = servicesOf(account, cluster).find((s) => s.arn === nameOrArn || s.data.name === nameOrArn);
  if (!service) throw new FakeAwsError('ServiceNotFoundException', 'Service not found.');
  return service;
}

/** ECS returns `tags` only when asked with `include: ['TAGS']`, and omits it for untagged resources. */
function tagsField(r: FakeResource, include: string[] | undefined): { tags?: { key: string; value: string }[] } {
  if (!include?.includes('TAGS') || Object.keys(r.tags).length === 0) return {};
  return { tags: Object.entries(r.tags).map(([key, value]) => ({ key, value })) };
}

function describeCluster(account: FakeAccount, cluster: FakeResource, include: string[] | undefined) {
  const active = servicesOf(account, cluster).filter((s) => s.data.status === 'ACTIVE');
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.data.name,
    status: cluster.data.status,
    registeredContainerInstancesCount: cluster.data.containerInstances,
    runningTasksCount: cluster.data.standaloneTasks + active.reduce((n, s) => n + s.data.runningCount, 0),
    pendingTasksCount: 0,
    activeServicesCount: active.length,
    ...tagsField(cluster, include),
  } satisfies Cluster;
}

function checkPageSize(maxResults: number | undefined): void {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) {
    throw new FakeAwsError('InvalidParameterException', 'maxResults must be between 1 and 100.');
  }
}

export function installEcs(account: FakeAccount) {
  const stub = fakeService(ECSClient, account);

  handle(stub, account, 'ecs', ListClustersCommand, (input, region) => {
    checkPageSize(input.maxResults);
    const clusters = account.list(CLUSTER, region).filter((c) => c.data.status !== 'INACTIVE');
    const { page, next } = paginate(clusters, input.nextToken, Math.min(input.maxResults ?? 100, account.defaultPageSize));
    return { clusterArns: page.map((c) => c.arn), nextToken: next };
  });

  handle(stub, account, 'ecs', DescribeClustersCommand, (input, region) => {
    const wanted: string[] = input.clusters ?? ['default'];
    if (wanted.length > 100) throw new FakeAwsError('InvalidParameterException', 'Clusters cannot have more than 100 elements');
    const clusters: Cluster[] = [];
    const failures: Failure[] = [];
    for (const nameOrArn of wanted) {
      const cluster = account.list(CLUSTER, region).find((c) => c.arn === nameOrArn || c.data.name === nameOrArn);
      if (cluster) clusters.push(describeCluster(account, cluster, input.include));
      else failures.push({ arn: nameOrArn, reason: 'MISSING' });
    }
    return { clusters, failures };
  });

  handle(stub, account, 'ecs', DeleteClusterCommand, (input, region) => {
    const cluster = clusterIn(account, input.cluster, region);
    const described = describeCluster(account, cluster, undefined);
    if (described.activeServicesCount > 0) {
      throw new FakeAwsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
    }
    if (described.registeredContainerInstancesCount > 0) {
      throw new FakeAwsError(
        'ClusterContainsContainerInstancesException',
        'The Cluster cannot be deleted while Container Instances are active or draining.',
      );
    }
    if (described.runningTasksCount > 0) {
      throw new FakeAwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
    }
    account.remove(cluster.arn);
    return { cluster: { ...described, status: 'INACTIVE' } };
  });

  handle(stub, account, 'ecs', ListServicesCommand, (input, region) => {
    checkPageSize(input.maxResults);
    const cluster = clusterIn(account, input.cluster, region);
    const services = servicesOf(account, cluster).filter((s) => s.data.status !== 'INACTIVE');
    const { page, next } = paginate(services, input.nextToken, Math.min(input.maxResults ?? 10, account.defaultPageSize));
    return { serviceArns: page.map((s) => s.arn), nextToken: next };
  });

  handle(stub, account, 'ecs', DescribeServicesCommand, (input, region) => {
    const wanted: string[] = input.services ?? [];
    if (wanted.length < 1 || wanted.length > 10) {
      throw new FakeAwsError('InvalidParameterException', 'Services cannot be empty and cannot have more than 10 elements');
    }
    const cluster = clusterIn(account, input.cluster, region);
    const services: Service[] = [];
    const failures: Failure[] = [];
    for (const nameOrArn of wanted) {
      const service = servicesOf(account, cluster).find((s) => s.arn === nameOrArn || s.data.name === nameOrArn);
      if (!service) {
        failures.push({ arn: nameOrArn, reason: 'MISSING' });
        continue;
      }
      services.push({
        serviceArn: service.arn,
        serviceName: service.data.name,
        clusterArn: cluster.arn,
        status: service.data.status,
        desiredCount: service.data.desiredCount,
        runningCount: service.data.runningCount,
        pendingCount: 0,
        launchType: service.data.schedulingStrategy === 'DAEMON' ? 'EC2' : 'FARGATE',
        schedulingStrategy: service.data.schedulingStrategy,
        createdAt: service.data.createdAt,
        ...tagsField(service, input.include),
      });
    }
    return { services, failures };
  });

  handle(stub, account, 'ecs', UpdateServiceCommand, (input, region) => {
    const service = serviceIn(account, clusterIn(account, input.cluster, region), required(input, 'service'));
    if (service.data.status !== 'ACTIVE') throw new FakeAwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    if (input.desiredCount !== undefined && service.data.schedulingStrategy === 'DAEMON') {
      throw new FakeAwsError('InvalidParameterException', 'The daemon scheduling strategy does not support a desired count for services.');
    }
    if (input.desiredCount !== undefined) {
      service.data.desiredCount = input.desiredCount;
      // The fake scales at once; a real service drains its tasks over the following minutes.
      service.data.runningCount = input.desiredCount;
    }
    return { service: { serviceArn: service.arn, serviceName: service.data.name, desiredCount: service.data.desiredCount } };
  });

  handle(stub, account, 'ecs', DeleteServiceCommand, (input, region) => {
    const service = serviceIn(account, clusterIn(account, input.cluster, region), required(input, 'service'));
    if (service.data.status !== 'ACTIVE') throw new FakeAwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    if (service.data.schedulingStrategy === 'REPLICA' && service.data.desiredCount > 0 && !input.force) {
      throw new FakeAwsError('InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.');
    }
    // A deleted service drains, then turns INACTIVE; the fake skips straight to gone.
    account.remove(service.arn);
    return { service: { serviceArn: service.arn, serviceName: service.data.name, status: 'DRAINING' } };
  });

  // Handled so that a per-resource tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'ecs', ListTagsForResourceCommand, (input, region) => {
    const r = account.find(required(input, 'resourceArn'));
    if (!r || r.region !== region) throw new FakeAwsError('InvalidParameterException', 'The specified resource could not be found.');
    return { tags: Object.entries(r.tags).map(([key, value]) => ({ key, value })) };
  });

  return stub;
}

import {
  DescribeClusterCommand,
  EMRClient,
  ListClustersCommand,
  SetTerminationProtectionCommand,
  TerminateJobFlowsCommand,
} from '@aws-sdk/client-emr';
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
  tagList,
} from '../fake-account';

/**
 * Amazon EMR clusters. As in EMR, termination is asynchronous (TERMINATING, then TERMINATED at
 * the next settle) and a terminated cluster stays listed and describable; a termination-protected
 * cluster is not terminated.
 */

const TYPE = 'elasticmapreduce:cluster';
/** ListClusters returns at most 50 clusters a call. */
const PAGE_SIZE = 50;

export type EmrClusterState =
  | 'STARTING'
  | 'BOOTSTRAPPING'
  | 'RUNNING'
  | 'WAITING'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'TERMINATED_WITH_ERRORS';

export interface SeedEmrClusterOptions extends SeedOptions {
  state?: EmrClusterState;
  terminationProtected?: boolean;
}

export function seedEmrCluster(account: FakeAccount, options: SeedEmrClusterOptions = {}): FakeResource {
  const id = `j-${account.nextId('').toUpperCase().padStart(13, '0')}`;
  return seedResource(account, { type: TYPE, namePrefix: 'spark-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('elasticmapreduce', region, account.accountId, `cluster/${id}`),
    data: { id, name, createdAt, state: options.state ?? 'WAITING', terminationProtected: options.terminationProtected ?? false },
  }));
}

function clusterIn(account: FakeAccount, id: string, region: string): FakeResource {
  const cluster = account.findBy(TYPE, 'id', id, region);
  if (!cluster) throw new FakeAwsError('InvalidRequestException', `Cluster id '${id}' is not valid.`);
  return cluster;
}

function status(c: FakeResource) {
  return { State: c.data.state, Timeline: { CreationDateTime: c.data.createdAt } };
}

function jobFlowIds(input: { JobFlowIds?: string[] }): string[] {
  const ids = required(input, 'JobFlowIds');
  if (ids.length > 10) throw new FakeAwsError('ValidationException', 'The maximum number of job flow ids is 10.');
  return ids;
}

export function installEmr(account: FakeAccount) {
  const stub = fakeService(EMRClient, account);

  handle(stub, account, 'elasticmapreduce', ListClustersCommand, (input, region) => {
    const states: string[] | undefined = input.ClusterStates;
    const clusters = account.list(TYPE, region).filter((c) => !states?.length || states.includes(c.data.state));
    const { page, next } = paginate(clusters, input.Marker, Math.min(PAGE_SIZE, account.defaultPageSize));
    return {
      Clusters: page.map((c) => ({ Id: c.data.id, Name: c.data.name, ClusterArn: c.arn, Status: status(c), NormalizedInstanceHours: 0 })),
      Marker: next,
    };
  });

  handle(stub, account, 'elasticmapreduce', DescribeClusterCommand, (input, region) => {
    const c = clusterIn(account, required(input, 'ClusterId'), region);
    return {
      Cluster: {
        Id: c.data.id,
        Name: c.data.name,
        ClusterArn: c.arn,
        Status: status(c),
        TerminationProtected: c.data.terminationProtected,
        ReleaseLabel: 'emr-7.5.0',
        InstanceCollectionType: 'INSTANCE_GROUP' as const,
        Applications: [{ Name: 'Spark' }],
        Tags: tagList(c.tags),
      },
    };
  });

  handle(stub, account, 'elasticmapreduce', SetTerminationProtectionCommand, (input, region) => {
    for (const id of jobFlowIds(input)) clusterIn(account, id, region).data.terminationProtected = required(input, 'TerminationProtected');
    return {};
  });

  handle(stub, account, 'elasticmapreduce', TerminateJobFlowsCommand, (input, region) => {
    const clusters = jobFlowIds(input).map((id) => clusterIn(account, id, region));
    if (clusters.some((c) => c.data.terminationProtected)) {
      throw new FakeAwsError('ValidationException', 'Could not shut down one or more job flows since they are termination protected.');
    }
    for (const c of clusters.filter((c) => !c.data.state.startsWith('TERMINAT'))) {
      c.data.state = 'TERMINATING';
      account.later(() => {
        c.data.state = 'TERMINATED';
      });
    }
    return {};
  });

  return stub;
}

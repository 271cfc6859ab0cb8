import { randomUUID } from 'node:crypto';
import { type Cluster, DeleteClusterCommand, DescribeClusterV2Command, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
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
 * Amazon MSK clusters (`kafka:cluster`), provisioned and serverless. DeleteCluster moves a cluster
 * to `DELETING`; `finishMskDeletions` plays the minutes after.
 */

const CLUSTER = 'kafka:cluster';

export interface SeedMskClusterOptions extends SeedOptions {
  /** `PROVISIONED` unless given. */
  clusterType?: 'PROVISIONED' | 'SERVERLESS';
  brokerType?: string;
  brokers?: number;
  /** `ACTIVE` unless given. */
  state?: string;
}

export function seedMskCluster(account: FakeAccount, options: SeedMskClusterOptions = {}): FakeResource {
  return seedResource(account, { type: CLUSTER, namePrefix: 'kafka-' }, options, ({ name, region, createdAt }) => ({
    // The ARN ends in a UUID and a revision suffix, e.g. `.../cluster/orders/0a1b...-5`.
    arn: buildArn('kafka', region, account.accountId, `cluster/${name}/${randomUUID()}-5`),
    data: {
      name,
      clusterType: options.clusterType ?? 'PROVISIONED',
      brokerType: options.brokerType ?? 'kafka.m5.large',
      brokers: options.brokers ?? 3,
      state: options.state ?? 'ACTIVE',
      createdAt,
    },
  }));
}

/** What MSK does minutes later: every cluster being deleted is gone. */
export function finishMskDeletions(account: FakeAccount): void {
  for (const c of account.list(CLUSTER)) if (c.data.state === 'DELETING') account.remove(c.arn);
}

function clusterIn(account: FakeAccount, arn: string, region: string): FakeResource {
  const cluster = account.find(arn);
  if (!cluster || cluster.type !== CLUSTER || cluster.region !== region) {
    throw Object.assign(new FakeAwsError('NotFoundException', `Cluster ${arn} not found.`), { $metadata: { httpStatusCode: 404 } });
  }
  return cluster;
}

function clusterOf(c: FakeResource): Cluster {
  const provisioned = c.data.clusterType === 'PROVISIONED';
  return {
    ClusterArn: c.arn,
    ClusterName: c.data.name,
    ClusterType: c.data.clusterType,
    State: c.data.state,
    CreationTime: c.data.createdAt,
    CurrentVersion: 'K3AEGXETSR30VB',
    Tags: { ...c.tags },
    ...(provisioned
      ? {
          Provisioned: {
            BrokerNodeGroupInfo: {
              InstanceType: c.data.brokerType,
              ClientSubnets: ['subnet-0a1b2c3d'],
              StorageInfo: { EbsStorageInfo: { VolumeSize: 100 } },
            },
            NumberOfBrokerNodes: c.data.brokers,
          },
        }
      : { Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-0a1b2c3d'] }] } }),
  };
}

export function installKafka(account: FakeAccount) {
  const stub = fakeService(KafkaClient, account);

  handle(stub, account, 'kafka', ListClustersV2Command, (input, region) => {
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 100)) {
      throw new FakeAwsError('BadRequestException', 'MaxResults must be between 1 and 100.');
    }
    const clusters = account
      .list(CLUSTER, region)
      .filter((c) => !input.ClusterTypeFilter || c.data.clusterType === input.ClusterTypeFilter)
      .filter((c) => !input.ClusterNameFilter || c.data.name.startsWith(input.ClusterNameFilter));
    const { page, next } = paginate(clusters, input.NextToken || undefined, Math.min(input.MaxResults ?? 10, account.defaultPageSize));
    return { ClusterInfoList: page.map(clusterOf), NextToken: next };
  });

  handle(stub, account, 'kafka', DescribeClusterV2Command, (input, region) => ({
    ClusterInfo: clusterOf(clusterIn(account, required(input, 'ClusterArn', 'BadRequestException'), region)),
  }));

  handle(stub, account, 'kafka', DeleteClusterCommand, (input, region) => {
    const cluster = clusterIn(account, required(input, 'ClusterArn', 'BadRequestException'), region);
    if (cluster.data.state === 'DELETING')
      throw new FakeAwsError('BadRequestException', `Cluster ${cluster.data.name} is already being deleted.`);
    cluster.data.state = 'DELETING';
    return { ClusterArn: cluster.arn, State: 'DELETING' };
  });

  return stub;
}

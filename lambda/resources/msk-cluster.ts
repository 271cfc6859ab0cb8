import { type Cluster, DeleteClusterCommand, DescribeClusterV2Command, KafkaClient, paginateListClustersV2 } from '@aws-sdk/client-kafka';
import { consoleBase } from '../aws/arn';
import { configurationOr } from './configuration';
import { pagedType } from './paged-list';

/** A cluster on its way out is not inventory. */
const GONE_STATES = new Set(['DELETING']);

/** us-east-1 USD per broker-hour (https://aws.amazon.com/msk/pricing/), common broker types only. */
const BROKER_HOURLY: Readonly<Record<string, number>> = {
  'kafka.t3.small': 0.0456,
  'kafka.m5.large': 0.21,
  'kafka.m5.xlarge': 0.42,
  'kafka.m7g.large': 0.204,
  'kafka.m7g.xlarge': 0.408,
};

/** MSK Serverless: $0.75 per cluster-hour, before partitions and data (https://aws.amazon.com/msk/pricing/). */
const SERVERLESS_CLUSTER_HOURLY = 0.75;

function clusterDetails(cluster: Cluster) {
  const provisioned = cluster.Provisioned;
  return {
    state: cluster.State,
    clusterType: cluster.ClusterType,
    brokerType: provisioned?.BrokerNodeGroupInfo?.InstanceType,
    brokers: provisioned?.NumberOfBrokerNodes,
    volumeGb: provisioned?.BrokerNodeGroupInfo?.StorageInfo?.EbsStorageInfo?.VolumeSize,
  };
}

/** Amazon MSK clusters, provisioned and serverless. */
export const mskCluster = pagedType({
  // Tagging API type `kafka:cluster`, ARN `arn:aws:kafka:{region}:{account}:cluster/{name}/{uuid}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmanagedstreamingforapachekafka.html).
  id: 'kafka:cluster',
  label: 'MSK cluster',
  // ListClustersV2 returns each cluster's Tags.
  tagsFromList: true,
  iam: {
    read: ['kafka:ListClustersV2', 'kafka:DescribeClusterV2'],
    tag: ['kafka:TagResource', 'kafka:UntagResource'],
    delete: ['kafka:DeleteCluster'],
  },
  deletionOrder: 30,

  listing: {
    // MaxResults is 1-100; without ClusterTypeFilter both provisioned and serverless clusters are listed.
    pages: (clients) => paginateListClustersV2({ client: clients.get(KafkaClient), pageSize: 100 }, {}),
    items: (page) => page.ClusterInfoList,
    resource: (cluster) => {
      if (!cluster.ClusterArn || !cluster.ClusterName || GONE_STATES.has(cluster.State ?? '')) return undefined;
      return {
        arn: cluster.ClusterArn,
        // DeleteCluster takes the ARN.
        id: cluster.ClusterArn,
        name: cluster.ClusterName,
        createdAt: cluster.CreationTime,
        tags: cluster.Tags ?? {},
        details: clusterDetails(cluster),
      };
    },
  },

  async delete(clients, resource) {
    // MSK keeps no snapshot of topics: what the brokers hold is gone with them.
    await clients.get(KafkaClient).send(new DeleteClusterCommand({ ClusterArn: resource.id }));
    return { status: 'started', note: 'deletion takes several minutes; MSK keeps no backup of its topics' };
  },

  // Brokers, storage, authentication, encryption, networking: one DescribeClusterV2.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { ClusterInfo } = await clients.get(KafkaClient).send(new DescribeClusterV2Command({ ClusterArn: resource.id }));
      return ClusterInfo;
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/msk/home?region=${r.region}#/cluster/${encodeURIComponent(r.arn)}/view`,

  costHint: (r) => {
    if (r.details?.clusterType === 'SERVERLESS') return `~$${Math.round(SERVERLESS_CLUSTER_HOURLY * 730)}/month + partitions and data`;
    const hourly = BROKER_HOURLY[String(r.details?.brokerType)];
    const brokers = Number(r.details?.brokers ?? 1);
    if (hourly === undefined) return undefined;
    return `~$${Math.round(hourly * 730 * brokers)}/month (${brokers} × ${r.details?.brokerType}) + storage`;
  },
});

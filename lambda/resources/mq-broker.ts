import { DeleteBrokerCommand, DescribeBrokerCommand, MqClient, paginateListBrokers } from '@aws-sdk/client-mq';
import { consoleBase } from '../aws/arn';
import { configurationOr, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';
import { type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Not inventory: a broker still being created (not yet judged, and deleting it fails) or already
 * being deleted (https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/broker-statuses.html).
 */
const NOT_INVENTORY = new Set(['CREATION_IN_PROGRESS', 'DELETION_IN_PROGRESS']);

/** Broker instances a deployment mode runs: active/standby two, a RabbitMQ cluster three. */
const INSTANCES_BY_MODE: Readonly<Record<string, number>> = { SINGLE_INSTANCE: 1, ACTIVE_STANDBY_MULTI_AZ: 2, CLUSTER_MULTI_AZ: 3 };

/** Approximate us-east-1 USD per broker instance-hour (https://aws.amazon.com/amazon-mq/pricing/); storage extra. */
const INSTANCE_HOURLY: Readonly<Record<string, number>> = {
  'mq.t3.micro': 0.03,
  'mq.m5.large': 0.288,
  'mq.m5.xlarge': 0.576,
  'mq.m5.2xlarge': 1.152,
  'mq.m5.4xlarge': 2.304,
};

/**
 * Amazon MQ brokers (ActiveMQ and RabbitMQ). ListBrokers returns state, creation time, deployment
 * mode and instance type, but no tags: those come from the engine's GetResources sweep (`mq:broker`).
 */
export const mqBroker = pagedType({
  // ARN `arn:aws:mq:{region}:{account}:broker:{name}:{id}` (BrokerArn).
  id: 'mq:broker',
  label: 'Amazon MQ broker',
  tagsFromList: false,
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmq.html: DeleteBroker,
  // CreateTags and DeleteTags authorize against `brokers`, which supports aws:ResourceTag.
  iam: {
    read: ['mq:ListBrokers', 'mq:DescribeBroker'],
    tag: ['mq:CreateTags', 'mq:DeleteTags'],
    delete: ['mq:DeleteBroker'],
  },
  deletionOrder: 50,

  listing: {
    // MaxResults is 5-100 (https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers.html).
    pages: (clients) => paginateListBrokers({ client: clients.get(MqClient), pageSize: 100 }, {}),
    items: (page) => page.BrokerSummaries,
    resource: (b) => {
      if (!b.BrokerId || !b.BrokerArn || NOT_INVENTORY.has(b.BrokerState ?? '')) return undefined;
      return {
        arn: b.BrokerArn,
        id: b.BrokerId,
        name: b.BrokerName,
        createdAt: b.Created,
        details: { state: b.BrokerState, engineType: b.EngineType, deploymentMode: b.DeploymentMode, hostInstanceType: b.HostInstanceType },
        // The standby side of a cross-Region data replication pair: its primary decides its fate.
        ...(b.BrokerState === 'REPLICA' ? { protectedBecause: 'the replica broker of a cross-Region data replication pair' } : {}),
      };
    },
  },

  async delete(clients, resource): Promise<DeletionOutcome> {
    const mq = clients.get(MqClient);
    // Read again: the broker may have been paired for replication, or be rebooting, since it was marked.
    const broker = await mq.send(new DescribeBrokerCommand({ BrokerId: resource.id }));
    if (broker.BrokerState === 'DELETION_IN_PROGRESS') return { status: 'started', note: 'the broker was already being deleted' };
    if (broker.DataReplicationMode === 'CRDR') {
      return { status: 'skipped', reason: 'in a cross-Region data replication pair: its replica would be left without a primary' };
    }
    if (broker.BrokerState === 'REBOOT_IN_PROGRESS') throw new RetryLaterError(`broker ${resource.id} is rebooting`);
    // Asynchronous: the broker is DELETION_IN_PROGRESS for some minutes
    // (https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers-broker-id.html#brokers-broker-iddelete).
    await mq.send(new DeleteBrokerCommand({ BrokerId: resource.id }));
    return { status: 'started', note: 'deletion takes several minutes; messages still on the broker are lost' };
  },

  // Engine version, instances, users (names only), networking, logs and maintenance window: one DescribeBroker.
  describe: (clients, resource) =>
    configurationOr(resource, async () =>
      withoutMetadata(await clients.get(MqClient).send(new DescribeBrokerCommand({ BrokerId: resource.id }))),
    ),

  consoleUrl: (r) => `${consoleBase(r.region)}/amazon-mq/home?region=${r.region}#/brokers/details?id=${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const type = String(r.details?.hostInstanceType);
    const hourly = INSTANCE_HOURLY[type];
    const instances = INSTANCES_BY_MODE[String(r.details?.deploymentMode)];
    if (hourly === undefined || instances === undefined) return undefined;
    const label = instances > 1 ? `${instances} × ${type}` : type;
    return `~$${Math.round(hourly * instances * 730)}/month (${label}) + storage`;
  },
});

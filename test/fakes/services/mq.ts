import {
  type BrokerState,
  CreateTagsCommand,
  DeleteBrokerCommand,
  DeleteTagsCommand,
  type DeploymentMode,
  DescribeBrokerCommand,
  ListBrokersCommand,
  ListTagsCommand,
  MqClient,
} from '@aws-sdk/client-mq';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/**
 * Amazon MQ brokers (`mq:broker`). DeleteBroker moves a broker to DELETION_IN_PROGRESS;
 * `finishMqDeletions` plays the minutes after. Tags only through DescribeBroker and ListTags.
 */

const BROKER = 'mq:broker';

export interface SeedBrokerOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  state?: BrokerState;
  engineType?: 'ACTIVEMQ' | 'RABBITMQ';
  deploymentMode?: DeploymentMode;
  hostInstanceType?: string;
  /** A broker in a cross-Region data replication pair. */
  crdr?: boolean;
}

export function seedBroker(account: FakeAccount, options: SeedBrokerOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('broker-');
  const region = options.region ?? 'eu-west-1';
  const id = `b-${account.nextId('').padStart(8, '0')}-1234-5678-9abc-def012345678`;
  return account.put({
    type: BROKER,
    arn: buildArn('mq', region, account.accountId, `broker:${name}:${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      name,
      state: options.state ?? 'RUNNING',
      engineType: options.engineType ?? 'ACTIVEMQ',
      deploymentMode: options.deploymentMode ?? 'SINGLE_INSTANCE',
      hostInstanceType: options.hostInstanceType ?? 'mq.m5.large',
      crdr: options.crdr ?? false,
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

/** What Amazon MQ does minutes later: every broker being deleted is gone. */
export function finishMqDeletions(account: FakeAccount): void {
  for (const b of account.list(BROKER)) if (b.data.state === 'DELETION_IN_PROGRESS') account.remove(b.arn);
}

function brokerIn(account: FakeAccount, id: string, region: string): FakeResource {
  const broker = account.findBy(BROKER, 'id', id, region);
  if (!broker) throw new FakeAwsError('NotFoundException', `Can't find requested broker [${id}].`);
  return broker;
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r) throw new FakeAwsError('NotFoundException', `Can't find requested resource [${arn}].`);
  return r;
}

export function installMq(account: FakeAccount) {
  const stub = fakeService(MqClient, account);

  handle(stub, account, 'mq', ListBrokersCommand, (input, region) => {
    if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 100)) {
      throw new FakeAwsError('BadRequestException', 'MaxResults must be between 5 and 100.');
    }
    const { page, next } = paginate(
      account.list(BROKER, region),
      input.NextToken,
      Math.min(input.MaxResults ?? 20, account.defaultPageSize),
    );
    return {
      BrokerSummaries: page.map((b) => ({
        BrokerArn: b.arn,
        BrokerId: b.data.id,
        BrokerName: b.data.name,
        BrokerState: b.data.state,
        Created: b.data.createdAt,
        DeploymentMode: b.data.deploymentMode,
        EngineType: b.data.engineType,
        HostInstanceType: b.data.hostInstanceType,
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'mq', DescribeBrokerCommand, (input, region) => {
    const b = brokerIn(account, required(input, 'BrokerId', 'BadRequestException'), region);
    return {
      BrokerArn: b.arn,
      BrokerId: b.data.id,
      BrokerName: b.data.name,
      BrokerState: b.data.state,
      Created: b.data.createdAt,
      DeploymentMode: b.data.deploymentMode,
      EngineType: b.data.engineType,
      EngineVersion: b.data.engineType === 'ACTIVEMQ' ? '5.18' : '3.13',
      HostInstanceType: b.data.hostInstanceType,
      PubliclyAccessible: false,
      DataReplicationMode: b.data.crdr ? 'CRDR' : 'NONE',
      Tags: { ...b.tags },
    };
  });

  handle(stub, account, 'mq', DeleteBrokerCommand, (input, region) => {
    const b = brokerIn(account, required(input, 'BrokerId', 'BadRequestException'), region);
    if (b.data.state !== 'RUNNING' && b.data.state !== 'CREATION_FAILED' && b.data.state !== 'CRITICAL_ACTION_REQUIRED') {
      throw new FakeAwsError('ConflictException', `Broker [${b.data.id}] is in state ${b.data.state} and cannot be deleted.`);
    }
    b.data.state = 'DELETION_IN_PROGRESS';
    return { BrokerId: b.data.id };
  });

  // Handled so that a per-broker tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'mq', ListTagsCommand, (input) => ({
    Tags: { ...byArn(account, required(input, 'ResourceArn', 'BadRequestException')).tags },
  }));
  handle(stub, account, 'mq', CreateTagsCommand, (input) => {
    account.setTags(byArn(account, required(input, 'ResourceArn', 'BadRequestException')).arn, input.Tags ?? {});
    return {};
  });
  handle(stub, account, 'mq', DeleteTagsCommand, (input) => {
    account.removeTags(
      byArn(account, required(input, 'ResourceArn', 'BadRequestException')).arn,
      required(input, 'TagKeys', 'BadRequestException'),
    );
    return {};
  });

  return stub;
}

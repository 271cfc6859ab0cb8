import {
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
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

const TYPE = 'sns:topic';

/** SNS keeps no creation time, so there is no `createdAt` to seed. */
export type SeedTopicOptions = Omit<SeedOptions, 'createdAt'>;

export function seedTopic(account: FakeAccount, options: SeedTopicOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'topic-' }, options, ({ name, region }) => ({
    arn: buildArn('sns', region, account.accountId, name),
    data: { topicName: name },
  }));
}

function topicIn(account: FakeAccount, topicArn: string, region: string): FakeResource | undefined {
  const topic = account.find(topicArn);
  return topic && topic.type === TYPE && topic.region === region ? topic : undefined;
}

/** The SDK's error for a missing topic (query error code `NotFound`). */
function topicNotFound(): FakeAwsError {
  return Object.assign(new FakeAwsError('NotFoundException', 'Topic does not exist'), { Code: 'NotFound' });
}

export function installSns(account: FakeAccount) {
  const stub = fakeService(SNSClient, account);

  handle(stub, account, 'sns', ListTopicsCommand, (input, region) => {
    const { page, next } = paginate(account.list(TYPE, region), input.NextToken, account.defaultPageSize);
    return { Topics: page.map((t) => ({ TopicArn: t.arn })), NextToken: next };
  });

  handle(stub, account, 'sns', GetTopicAttributesCommand, (input, region) => {
    const topic = topicIn(account, required(input, 'TopicArn', 'MissingParameter'), region);
    if (!topic) throw topicNotFound();
    return { Attributes: { TopicArn: topic.arn, Owner: account.accountId, DisplayName: '' } };
  });

  // DeleteTopic is idempotent in SNS: a missing topic is not an error.
  handle(stub, account, 'sns', DeleteTopicCommand, (input, region) => {
    const topic = topicIn(account, required(input, 'TopicArn', 'MissingParameter'), region);
    if (topic) account.remove(topic.arn);
    return {};
  });

  // Handled so that a per-topic tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'sns', ListTagsForResourceCommand, (input, region) => {
    const topic = topicIn(account, required(input, 'ResourceArn', 'MissingParameter'), region);
    if (!topic) throw new FakeAwsError('ResourceNotFoundException', 'Resource does not exist');
    return { Tags: tagList(topic.tags) };
  });

  return stub;
}

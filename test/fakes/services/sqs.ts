import { DeleteQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
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

const TYPE = 'sqs:queue';

export type SeedQueueOptions = SeedOptions;

export function queueUrlOf(account: FakeAccount, region: string, name: string): string {
  return `https://sqs.${region}.amazonaws.com/${account.accountId}/${name}`;
}

export function seedQueue(account: FakeAccount, options: SeedQueueOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'queue-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('sqs', region, account.accountId, name),
    data: { queueName: name, queueUrl: queueUrlOf(account, region, name), createdAt },
  }));
}

/** What the SDK throws for a missing queue: the JSON error name plus the legacy query-protocol code. */
function queueDoesNotExist(): FakeAwsError {
  return Object.assign(new FakeAwsError('QueueDoesNotExist', 'The specified queue does not exist.'), {
    Code: 'AWS.SimpleQueueService.NonExistentQueue',
    Type: 'Sender',
  });
}

function queueIn(account: FakeAccount, queueUrl: string, region: string): FakeResource {
  const queue = account.findBy(TYPE, 'queueUrl', queueUrl, region);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

const epochSeconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

export function installSqs(account: FakeAccount) {
  const stub = fakeService(SQSClient, account);

  handle(stub, account, 'sqs', ListQueuesCommand, (input, region) => {
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 1000)) {
      throw new FakeAwsError('InvalidParameterValue', 'MaxResults must be 1-1000');
    }
    const queues = account.list(TYPE, region).filter((q) => !input.QueueNamePrefix || q.data.queueName.startsWith(input.QueueNamePrefix));
    const pageSize = Math.min(input.MaxResults ?? account.defaultPageSize, account.defaultPageSize);
    const { page, next } = paginate(queues, input.NextToken, pageSize);
    return {
      QueueUrls: page.length > 0 ? page.map((q) => q.data.queueUrl) : undefined,
      // Real SQS only pages when MaxResults is set; without it the rest is silently cut off (1,000 there).
      NextToken: input.MaxResults !== undefined ? next : undefined,
    };
  });

  handle(stub, account, 'sqs', GetQueueAttributesCommand, (input, region) => {
    const queue = queueIn(account, required(input, 'QueueUrl', 'MissingParameter'), region);
    const available: Record<string, string> = {
      QueueArn: queue.arn,
      CreatedTimestamp: epochSeconds(queue.data.createdAt),
      LastModifiedTimestamp: epochSeconds(queue.data.createdAt),
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      // A new queue's defaults (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
      VisibilityTimeout: '30',
      DelaySeconds: '0',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
    };
    const wanted: string[] = input.AttributeNames ?? [];
    const names = wanted.includes('All') ? Object.keys(available) : wanted.filter((n) => n in available);
    return { Attributes: Object.fromEntries(names.map((n) => [n, available[n]])) };
  });

  handle(stub, account, 'sqs', DeleteQueueCommand, (input, region) => {
    account.remove(queueIn(account, required(input, 'QueueUrl', 'MissingParameter'), region).arn);
    return {};
  });

  // Handled so that a per-queue tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'sqs', ListQueueTagsCommand, (input, region) => ({
    Tags: { ...queueIn(account, required(input, 'QueueUrl', 'MissingParameter'), region).tags },
  }));

  return stub;
}

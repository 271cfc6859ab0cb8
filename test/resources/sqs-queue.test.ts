import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { sqsQueue } from '../../lambda/resources/sqs-queue';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installSqs, seedQueue } from '../fakes/services/sqs';
import { installTagging } from '../fakes/services/tagging';

const REGION = 'eu-west-1';

let account: FakeAccount;
let clients: AwsClients;
let restore: () => void;

beforeEach(() => {
  account = new FakeAccount();
  const stubs = [installTagging(account), installSqs(account)];
  restore = () => stubs.forEach((stub) => stub.restore());
  clients = new AwsClients({ accountId: account.accountId, region: REGION });
});

afterEach(() => restore());

async function listAll(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of sqsQueue.list(clients)) resources.push(resource);
  return resources;
}

/** What the engine's tag join sees: one GetResources sweep of the region. */
async function arnsFromTaggingApi(): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.get(ResourceGroupsTaggingAPIClient) }, { ResourceTypeFilters: ['sqs:queue'] });
  for await (const page of pages) for (const mapping of page.ResourceTagMappingList ?? []) arns.push(mapping.ResourceARN!);
  return arns;
}

const commandsCalled = () => [...new Set(account.calls.map((call) => call.command))];

describe('sqs:queue list', () => {
  it('finds never-tagged and tagged queues over several pages', async () => {
    const untagged = Array.from({ length: 4 }, () => seedQueue(account));
    const tagged = Array.from({ length: 4 }, () => seedQueue(account, { tags: { team: 'orders' } }));

    const resources = await listAll();

    expect(resources.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((q) => q.arn).sort());
    expect(account.callsOf('ListQueues').length).toBeGreaterThan(1);
    // Without MaxResults SQS returns no NextToken and silently drops every queue past the first 1,000.
    for (const call of account.callsOf('ListQueues')) expect(call.input.MaxResults).toBe(1000);
  });

  it('describes a queue by URL with its SQS ARN and creation time', async () => {
    const createdAt = new Date('2024-02-10T09:30:00Z');
    seedQueue(account, { name: 'orders-dlq', createdAt });

    const [queue] = await listAll();

    expect(queue).toEqual({
      type: 'sqs:queue',
      arn: `arn:aws:sqs:eu-west-1:${account.accountId}:orders-dlq`,
      id: `https://sqs.eu-west-1.amazonaws.com/${account.accountId}/orders-dlq`,
      name: 'orders-dlq',
      region: REGION,
      accountId: account.accountId,
      createdAt,
      tags: {},
    });
  });

  it('ignores queues of other regions', async () => {
    const here = seedQueue(account);
    seedQueue(account, { region: 'us-east-1' });

    expect((await listAll()).map((r) => r.arn)).toEqual([here.arn]);
  });

  it('returns a never-tagged queue that the tagging API does not know', async () => {
    const neverTagged = seedQueue(account);
    const tagged = seedQueue(account, { tags: { team: 'orders' } });

    expect(await arnsFromTaggingApi()).toEqual([tagged.arn]);
    expect((await listAll()).map((r) => r.arn)).toContain(neverTagged.arn);
  });

  it('reads only the creation time per queue, never its tags', async () => {
    for (let i = 0; i < 7; i++) seedQueue(account, { tags: i % 2 ? { team: 'orders' } : {} });

    await listAll();

    expect(commandsCalled().sort()).toEqual(['GetQueueAttributes', 'ListQueues']);
    expect(account.callsOf('GetQueueAttributes')).toHaveLength(7);
    for (const call of account.callsOf('GetQueueAttributes')) expect(call.input.AttributeNames).toEqual(['CreatedTimestamp']);
  });

  it('skips a queue deleted moments ago that ListQueues still shows', async () => {
    const [gone, kept] = [seedQueue(account), seedQueue(account)];
    account.failNext('GetQueueAttributes', () =>
      Object.assign(new FakeAwsError('QueueDoesNotExist', 'The specified queue does not exist.'), {
        Code: 'AWS.SimpleQueueService.NonExistentQueue',
      }),
    );

    const arns = (await listAll()).map((r) => r.arn);

    expect(arns).toEqual([kept.arn]);
    expect(arns).not.toContain(gone.arn);
  });

  it('throws other AWS errors with their AWS name', async () => {
    seedQueue(account);
    account.failNext('GetQueueAttributes', () => new FakeAwsError('AccessDenied', 'Access to the resource is denied.'));

    await expect(listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('sqs:queue delete', () => {
  it('deletes the queue by URL with DeleteQueue', async () => {
    const queue = seedQueue(account, { name: 'orders-dlq' });
    const [listed] = await listAll();

    expect(await sqsQueue.delete(clients, listed)).toEqual({ status: 'deleted' });
    expect(account.exists(queue.arn)).toBe(false);
    expect(account.callsOf('DeleteQueue').map((c) => c.input)).toEqual([{ QueueUrl: queue.data.queueUrl }]);
  });

  it('throws QueueDoesNotExist when the queue is already gone', async () => {
    const queue = seedQueue(account);
    const [listed] = await listAll();
    account.remove(queue.arn);

    await expect(sqsQueue.delete(clients, listed)).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });
});

describe('sqs:queue declarations', () => {
  it('grants an IAM action for every call that list and delete make', async () => {
    seedQueue(account);
    await sqsQueue.delete(clients, (await listAll())[0]);
    const granted = [...sqsQueue.iam.read, ...sqsQueue.iam.delete];

    for (const command of commandsCalled()) expect(granted).toContain(`sqs:${command}`);
    expect(sqsQueue.iam.tag).toEqual(['sqs:TagQueue', 'sqs:UntagQueue']);
  });

  it('links to the queue in the SQS console', async () => {
    seedQueue(account, { name: 'orders-dlq' });
    const [queue] = await listAll();

    expect(sqsQueue.consoleUrl(queue)).toBe(
      `https://eu-west-1.console.aws.amazon.com/sqs/v3/home?region=eu-west-1#/queues/https%3A%2F%2Fsqs.eu-west-1.amazonaws.com%2F${account.accountId}%2Forders-dlq`,
    );
  });
});

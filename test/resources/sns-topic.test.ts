import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { snsTopic } from '../../lambda/resources/sns-topic';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installSns, seedTopic } from '../fakes/services/sns';
import { installTagging } from '../fakes/services/tagging';

const REGION = 'eu-west-1';

let account: FakeAccount;
let clients: AwsClients;
let restore: () => void;

beforeEach(() => {
  account = new FakeAccount();
  const stubs = [installTagging(account), installSns(account)];
  restore = () => stubs.forEach((stub) => stub.restore());
  clients = new AwsClients({ accountId: account.accountId, region: REGION });
});

afterEach(() => restore());

async function listAll(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of snsTopic.list(clients)) resources.push(resource);
  return resources;
}

/** What the engine's tag join sees: one GetResources sweep of the region. */
async function arnsFromTaggingApi(): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.get(ResourceGroupsTaggingAPIClient) }, { ResourceTypeFilters: ['sns:topic'] });
  for await (const page of pages) for (const mapping of page.ResourceTagMappingList ?? []) arns.push(mapping.ResourceARN!);
  return arns;
}

const commandsCalled = () => [...new Set(account.calls.map((call) => call.command))];

describe('sns:topic list', () => {
  it('finds never-tagged and tagged topics over several pages', async () => {
    const untagged = Array.from({ length: 4 }, () => seedTopic(account));
    const tagged = Array.from({ length: 4 }, () => seedTopic(account, { tags: { team: 'alerts' } }));

    const resources = await listAll();

    expect(resources.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((t) => t.arn).sort());
    expect(account.callsOf('ListTopics').length).toBeGreaterThan(1);
  });

  it('describes a topic by its ARN and name, without a creation time since SNS keeps none', async () => {
    seedTopic(account, { name: 'deploy-alerts' });

    const [topic] = await listAll();

    expect(topic).toEqual({
      type: 'sns:topic',
      arn: `arn:aws:sns:eu-west-1:${account.accountId}:deploy-alerts`,
      id: `arn:aws:sns:eu-west-1:${account.accountId}:deploy-alerts`,
      name: 'deploy-alerts',
      region: REGION,
      accountId: account.accountId,
      createdAt: undefined,
      tags: {},
    });
  });

  it('ignores topics of other regions', async () => {
    const here = seedTopic(account);
    seedTopic(account, { region: 'us-east-1', tags: { team: 'alerts' } });

    expect((await listAll()).map((r) => r.arn)).toEqual([here.arn]);
  });

  it('returns a never-tagged topic that the tagging API does not know', async () => {
    const neverTagged = seedTopic(account);
    const tagged = seedTopic(account, { tags: { team: 'alerts' } });

    expect(await arnsFromTaggingApi()).toEqual([tagged.arn]);
    expect((await listAll()).map((r) => r.arn)).toContain(neverTagged.arn);
  });

  it('makes no per-topic call, for tags or anything else', async () => {
    for (let i = 0; i < 7; i++) seedTopic(account, { tags: i % 2 ? { team: 'alerts' } : {} });

    await listAll();

    expect(commandsCalled()).toEqual(['ListTopics']);
  });

  it('throws AWS errors with their AWS name', async () => {
    seedTopic(account);
    account.failNext('ListTopics', () => new FakeAwsError('AuthorizationErrorException', 'not authorized'));

    await expect(listAll()).rejects.toMatchObject({ name: 'AuthorizationErrorException' });
  });
});

describe('sns:topic delete', () => {
  it('deletes the topic with DeleteTopic', async () => {
    const topic = seedTopic(account, { name: 'deploy-alerts' });
    const [listed] = await listAll();

    expect(await snsTopic.delete(clients, listed)).toEqual({ status: 'deleted' });
    expect(account.exists(topic.arn)).toBe(false);
    expect(account.callsOf('DeleteTopic').map((c) => c.input)).toEqual([{ TopicArn: topic.arn }]);
  });

  it('throws a failing DeleteTopic with its AWS name', async () => {
    const topic = seedTopic(account);
    const [listed] = await listAll();
    account.failNext('DeleteTopic', () => new FakeAwsError('AuthorizationErrorException', 'not authorized'));

    await expect(snsTopic.delete(clients, listed)).rejects.toMatchObject({ name: 'AuthorizationErrorException' });
    expect(account.exists(topic.arn)).toBe(true);
  });
});

describe('sns:topic declarations', () => {
  it('grants an IAM action for every call that list and delete make', async () => {
    seedTopic(account);
    await snsTopic.delete(clients, (await listAll())[0]);
    const granted = [...snsTopic.iam.read, ...snsTopic.iam.delete];

    for (const command of commandsCalled()) expect(granted).toContain(`sns:${command}`);
    expect(snsTopic.iam.tag).toEqual(['sns:TagResource', 'sns:UntagResource']);
  });

  it('links to the topic in the SNS console', async () => {
    seedTopic(account, { name: 'deploy-alerts' });
    const [topic] = await listAll();

    expect(snsTopic.consoleUrl(topic)).toBe(
      `https://eu-west-1.console.aws.amazon.com/sns/v3/home?region=eu-west-1#/topic/arn:aws:sns:eu-west-1:${account.accountId}:deploy-alerts`,
    );
  });
});

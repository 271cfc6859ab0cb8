import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { lambdaFunction } from '../../lambda/resources/lambda-function';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installLambda, seedFunction } from '../fakes/services/lambda';
import { installTagging } from '../fakes/services/tagging';

const REGION = 'eu-west-1';

let account: FakeAccount;
let clients: AwsClients;
let restore: () => void;

beforeEach(() => {
  account = new FakeAccount();
  const stubs = [installTagging(account), installLambda(account)];
  restore = () => stubs.forEach((stub) => stub.restore());
  clients = new AwsClients({ accountId: account.accountId, region: REGION });
});

afterEach(() => restore());

async function listAll(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of lambdaFunction.list(clients)) resources.push(resource);
  return resources;
}

/** What the engine's tag join sees: one GetResources sweep of the region. */
async function arnsFromTaggingApi(): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.get(ResourceGroupsTaggingAPIClient) }, { ResourceTypeFilters: ['lambda:function'] });
  for await (const page of pages) for (const mapping of page.ResourceTagMappingList ?? []) arns.push(mapping.ResourceARN!);
  return arns;
}

const commandsCalled = () => [...new Set(account.calls.map((call) => call.command))];

describe('lambda:function list', () => {
  it('finds never-tagged and tagged functions over several pages', async () => {
    const untagged = Array.from({ length: 4 }, () => seedFunction(account));
    const tagged = Array.from({ length: 4 }, () => seedFunction(account, { tags: { team: 'api' } }));

    const resources = await listAll();

    expect(resources.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((f) => f.arn).sort());
    expect(account.callsOf('ListFunctions').length).toBeGreaterThan(1);
    // ListFunctions rejects page sizes it cannot honour; 50 is its real maximum per page.
    for (const call of account.callsOf('ListFunctions')) expect(call.input.MaxItems).toBe(50);
  });

  it('describes a function by name with its FunctionArn, taking LastModified as the creation time', async () => {
    const lastModified = new Date('2024-06-30T08:15:00.123Z');
    seedFunction(account, { name: 'resize-images', createdAt: lastModified, runtime: 'python3.13' });

    const [fn] = await listAll();

    expect(fn).toEqual({
      type: 'lambda:function',
      arn: `arn:aws:lambda:eu-west-1:${account.accountId}:function:resize-images`,
      id: 'resize-images',
      name: 'resize-images',
      region: REGION,
      accountId: account.accountId,
      createdAt: lastModified,
      tags: {},
      details: { runtime: 'python3.13', packageType: 'Zip' },
    });
  });

  it('ignores functions of other regions', async () => {
    const here = seedFunction(account);
    seedFunction(account, { region: 'us-east-1' });

    expect((await listAll()).map((r) => r.arn)).toEqual([here.arn]);
  });

  it('returns a never-tagged function that the tagging API does not know', async () => {
    const neverTagged = seedFunction(account);
    const tagged = seedFunction(account, { tags: { team: 'api' } });

    expect(await arnsFromTaggingApi()).toEqual([tagged.arn]);
    expect((await listAll()).map((r) => r.arn)).toContain(neverTagged.arn);
  });

  it('makes no per-function call, for tags or anything else', async () => {
    for (let i = 0; i < 7; i++) seedFunction(account, { tags: i % 2 ? { team: 'api' } : {} });

    await listAll();

    expect(commandsCalled()).toEqual(['ListFunctions']);
  });

  it('throws AWS errors with their AWS name', async () => {
    seedFunction(account);
    account.failNext('ListFunctions', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

    await expect(listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('lambda:function delete', () => {
  it('deletes the function with DeleteFunction', async () => {
    const fn = seedFunction(account, { name: 'resize-images' });
    const [listed] = await listAll();

    expect(await lambdaFunction.delete(clients, listed)).toEqual({ status: 'deleted' });
    expect(account.exists(fn.arn)).toBe(false);
    expect(account.callsOf('DeleteFunction').map((c) => c.input)).toEqual([{ FunctionName: 'resize-images' }]);
  });

  it('throws ResourceNotFoundException when the function is already gone', async () => {
    const fn = seedFunction(account);
    const [listed] = await listAll();
    account.remove(fn.arn);

    await expect(lambdaFunction.delete(clients, listed)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('lambda:function declarations', () => {
  it('grants an IAM action for every call that list and delete make', async () => {
    seedFunction(account);
    await lambdaFunction.delete(clients, (await listAll())[0]);
    const granted = [...lambdaFunction.iam.read, ...lambdaFunction.iam.delete];

    for (const command of commandsCalled()) expect(granted).toContain(`lambda:${command}`);
    expect(lambdaFunction.iam.tag).toEqual(['lambda:TagResource', 'lambda:UntagResource']);
  });

  it('links to the function in the Lambda console', async () => {
    seedFunction(account, { name: 'resize-images' });
    const [fn] = await listAll();

    expect(lambdaFunction.consoleUrl(fn)).toBe('https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/resize-images');
  });
});

import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { dynamodbTable } from '../../lambda/resources/dynamodb-table';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installDynamoDb, seedTable } from '../fakes/services/dynamodb';
import { installTagging } from '../fakes/services/tagging';

const REGION = 'eu-west-1';

let account: FakeAccount;
let clients: AwsClients;
let restore: () => void;

beforeEach(() => {
  account = new FakeAccount();
  const stubs = [installTagging(account), installDynamoDb(account)];
  restore = () => stubs.forEach((stub) => stub.restore());
  clients = new AwsClients({ accountId: account.accountId, region: REGION });
});

afterEach(() => restore());

async function listAll(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of dynamodbTable.list(clients)) resources.push(resource);
  return resources;
}

/** What the engine's tag join sees: one GetResources sweep of the region. */
async function arnsFromTaggingApi(): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.get(ResourceGroupsTaggingAPIClient) }, { ResourceTypeFilters: ['dynamodb:table'] });
  for await (const page of pages) for (const mapping of page.ResourceTagMappingList ?? []) arns.push(mapping.ResourceARN!);
  return arns;
}

async function listedTable(name: string): Promise<Resource> {
  const found = (await listAll()).find((r) => r.id === name);
  if (!found) throw new Error(`table ${name} not listed`);
  return found;
}

const commandsCalled = () => [...new Set(account.calls.map((call) => call.command))];

describe('dynamodb:table list', () => {
  it('finds never-tagged and tagged tables over several pages', async () => {
    const untagged = Array.from({ length: 4 }, () => seedTable(account));
    const tagged = Array.from({ length: 4 }, () => seedTable(account, { tags: { team: 'billing' } }));

    const resources = await listAll();

    expect(resources.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((t) => t.arn).sort());
    expect(account.callsOf('ListTables').length).toBeGreaterThan(1);
  });

  it('describes a table by name with its TableArn and creation time', async () => {
    const createdAt = new Date('2023-11-05T14:00:00Z');
    seedTable(account, { name: 'invoices', createdAt, deletionProtection: true });

    const [table] = await listAll();

    expect(table).toEqual({
      type: 'dynamodb:table',
      arn: `arn:aws:dynamodb:eu-west-1:${account.accountId}:table/invoices`,
      id: 'invoices',
      name: 'invoices',
      region: REGION,
      accountId: account.accountId,
      createdAt,
      tags: {},
      details: { status: 'ACTIVE', deletionProtection: true },
    });
  });

  it('ignores tables of other regions', async () => {
    const here = seedTable(account);
    seedTable(account, { region: 'us-east-1' });

    expect((await listAll()).map((r) => r.arn)).toEqual([here.arn]);
  });

  it('returns a never-tagged table that the tagging API does not know', async () => {
    const neverTagged = seedTable(account);
    const tagged = seedTable(account, { tags: { team: 'billing' } });

    expect(await arnsFromTaggingApi()).toEqual([tagged.arn]);
    expect((await listAll()).map((r) => r.arn)).toContain(neverTagged.arn);
  });

  it('describes each table once for its ARN and creation time, and never reads tags', async () => {
    for (let i = 0; i < 7; i++) seedTable(account, { tags: i % 2 ? { team: 'billing' } : {} });

    await listAll();

    expect(commandsCalled().sort()).toEqual(['DescribeTable', 'ListTables']);
    expect(account.callsOf('DescribeTable')).toHaveLength(7);
  });

  it('leaves out tables already being deleted', async () => {
    const active = seedTable(account);
    seedTable(account, { status: 'DELETING' });

    expect((await listAll()).map((r) => r.arn)).toEqual([active.arn]);
  });

  it('skips a table deleted between ListTables and DescribeTable', async () => {
    const [gone, kept] = [seedTable(account, { name: 'a-gone' }), seedTable(account, { name: 'b-kept' })];
    account.failNext('DescribeTable', () => new FakeAwsError('ResourceNotFoundException', 'Requested resource not found'));

    const arns = (await listAll()).map((r) => r.arn);

    expect(arns).toEqual([kept.arn]);
    expect(arns).not.toContain(gone.arn);
  });

  it('throws other AWS errors with their AWS name', async () => {
    seedTable(account);
    account.failNext('ListTables', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

    await expect(listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('dynamodb:table delete', () => {
  it('deletes an unprotected table with DeleteTable', async () => {
    const table = seedTable(account, { name: 'scratch' });

    const outcome = await dynamodbTable.delete(clients, await listedTable('scratch'));

    expect(outcome).toEqual({ status: 'deleted' });
    expect(account.exists(table.arn)).toBe(false);
    expect(account.callsOf('DeleteTable').map((c) => c.input)).toEqual([{ TableName: 'scratch' }]);
  });

  it('keeps a table with deletion protection on', async () => {
    const table = seedTable(account, { name: 'invoices', deletionProtection: true });

    const outcome = await dynamodbTable.delete(clients, await listedTable('invoices'));

    expect(outcome).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
    expect(account.exists(table.arn)).toBe(true);
    expect(account.callsOf('DeleteTable')).toEqual([]);
  });

  it('re-reads deletion protection at delete time, as it may have been switched on since listing', async () => {
    const table = seedTable(account, { name: 'invoices' });
    const listed = await listedTable('invoices');
    table.data.deletionProtection = true;

    expect(await dynamodbTable.delete(clients, listed)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
    expect(account.exists(table.arn)).toBe(true);
  });

  it('throws ResourceNotFoundException when the table is already gone', async () => {
    const table = seedTable(account, { name: 'scratch' });
    const listed = await listedTable('scratch');
    account.remove(table.arn);

    await expect(dynamodbTable.delete(clients, listed)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('throws a failing DeleteTable with its AWS name', async () => {
    seedTable(account, { name: 'busy' });
    account.failNext('DeleteTable', () => new FakeAwsError('ResourceInUseException', 'Table is being updated'));

    await expect(dynamodbTable.delete(clients, await listedTable('busy'))).rejects.toMatchObject({ name: 'ResourceInUseException' });
  });
});

describe('dynamodb:table declarations', () => {
  it('grants an IAM action for every call that list and delete make', async () => {
    seedTable(account, { name: 'scratch' });
    await dynamodbTable.delete(clients, await listedTable('scratch'));
    const granted = [...dynamodbTable.iam.read, ...dynamodbTable.iam.delete];

    for (const command of commandsCalled()) expect(granted).toContain(`dynamodb:${command}`);
    expect(dynamodbTable.iam.delete).toContain('dynamodb:DescribeTable');
    expect(dynamodbTable.iam.tag).toEqual(['dynamodb:TagResource', 'dynamodb:UntagResource']);
  });

  it('links to the table in the DynamoDB console', async () => {
    seedTable(account, { name: 'invoices' });
    const [table] = await listAll();

    expect(dynamodbTable.consoleUrl(table)).toBe('https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1#table?name=invoices');
  });
});

import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { enabledResourceTypes } from '../../../lambda/resources/registry';
import { discover } from '../../../lambda/run/discover';
import { FakeAccount, type FakeResource } from '../fake-account';
import { seedTable } from '../services/dynamodb';
import type { AwsHttpEndpointOptions } from './aws-http-endpoint';
import { useServeOverHttp } from './serve-over-http';
import { SERVED_TYPE_IDS, SERVED_TYPE_SEEDERS } from './served-types';

const REGION = 'eu-west-1';
const LONG_AGO = new Date('2026-01-01T00:00:00Z');

const http = useServeOverHttp(REGION);
const serve = (account: FakeAccount, options?: Partial<AwsHttpEndpointOptions>) => http.serve(account, options);

describe('fake AWS endpoint on loopback (real SDK clients over HTTP)', () => {
  it('lists, tags and reads tags back through the JSON protocols, in the signed region', async () => {
    const account = new FakeAccount();
    const tables = [seedTable(account), seedTable(account), seedTable(account, { region: 'us-east-1' })] as const;
    const clients = await serve(account);

    const { TableNames } = await clients.get(DynamoDBClient).send(new ListTablesCommand({}));
    expect(TableNames).toEqual([tables[0].data.tableName, tables[1].data.tableName]);
    const { Table } = await clients.get(DynamoDBClient).send(new DescribeTableCommand({ TableName: tables[0].data.tableName }));
    // Timestamps travel as epoch seconds and come back as Dates.
    expect(Table?.CreationDateTime).toEqual(tables[0].data.createdAt);

    const tagging = clients.get(ResourceGroupsTaggingAPIClient);
    const { FailedResourcesMap } = await tagging.send(
      new TagResourcesCommand({
        ResourceARNList: [tables[0].arn, tables[2].arn],
        Tags: { 'janitor:delete-after': '2026-12-01T00:00:00Z' },
      }),
    );
    expect(account.get(tables[0].arn).tags).toEqual({ 'janitor:delete-after': '2026-12-01T00:00:00Z' });
    // The other region's table is not found from eu-west-1, reported per ARN.
    expect(Object.keys(FailedResourcesMap ?? {})).toEqual([tables[2].arn]);

    const { ResourceTagMappingList } = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['dynamodb:table'] }));
    expect(ResourceTagMappingList).toEqual([
      { ResourceARN: tables[0].arn, Tags: [{ Key: 'janitor:delete-after', Value: '2026-12-01T00:00:00Z' }] },
    ]);
    expect(http.endpoint.stats.calls.get('tagging:TagResources')).toBe(1);
  });

  it('turns a fake AWS error into the SDK error of the same name (awsJson and restJson1)', async () => {
    const account = new FakeAccount();
    const clients = await serve(account);
    await expect(clients.get(DynamoDBClient).send(new DescribeTableCommand({ TableName: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      clients
        .get(SQSClient)
        .send(new GetQueueAttributesCommand({ QueueUrl: `https://sqs.${REGION}.amazonaws.com/${account.accountId}/missing` })),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    await expect(clients.get(LambdaClient).send(new DeleteFunctionCommand({ FunctionName: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(http.endpoint.stats.errors.get('dynamodb:DescribeTable:ResourceNotFoundException')).toBe(1);
  });

  it('throttles per operation; the SDK retries the throttled call and it succeeds', async () => {
    const account = new FakeAccount();
    const tables = [seedTable(account), seedTable(account)];
    const clients = await serve(account, { throttling: { rates: { 'tagging:TagResources': { perSecond: 5, burst: 1 } } } });
    const tagging = clients.get(ResourceGroupsTaggingAPIClient);
    for (const table of tables) {
      const result = await tagging.send(new TagResourcesCommand({ ResourceARNList: [table.arn], Tags: { k: 'v' } }));
      expect(result.FailedResourcesMap).toEqual({});
    }
    expect(http.endpoint.stats.throttled.get('tagging:TagResources')).toBeGreaterThanOrEqual(1);
    expect(http.endpoint.stats.calls.get('tagging:TagResources')).toBe(2);
    expect(tables.every((t) => account.get(t.arn).tags.k === 'v')).toBe(true);
  });

  it("lets the nightly run's discovery see every seeded resource of every type, never-tagged ones included", async () => {
    const account = new FakeAccount();
    // 7 per type with the fakes' page size of 5: every list call pages over HTTP.
    const seeded: FakeResource[] = [];
    for (const id of SERVED_TYPE_IDS) {
      for (let i = 0; i < 7; i += 1) {
        const tags: Record<string, string> | undefined =
          i % 3 === 0 ? undefined : i % 3 === 1 ? { ManagedBy: 'cdk' } : { Owner: 'someone' };
        seeded.push(SERVED_TYPE_SEEDERS[id]!(account, { region: REGION, createdAt: LONG_AGO, tags }));
      }
    }
    const clients = await serve(account);
    const { resources, listingErrors } = await discover(clients, enabledResourceTypes(SERVED_TYPE_IDS));
    expect(listingErrors).toEqual([]);
    const found = new Map(resources.map((r) => [r.arn, r]));
    for (const r of seeded) {
      expect(found.get(r.arn), `${r.type} ${r.arn}`).toBeDefined();
      expect(found.get(r.arn)!.tags).toEqual(r.tags);
    }
    // Besides the seeded ones, what they brought along (an AMI's root snapshot, a NAT gateway's Elastic
    // IP, an endpoint's configuration and model, an attachment's transit gateway): everything in the
    // account, except an Aurora cluster's member instances, which belong to the cluster.
    expect(found.size).toBe(resources.length);
    const inAccount = SERVED_TYPE_IDS.flatMap((id) => account.list(id, REGION)).filter((r) => r.data.clusterId === undefined);
    expect(resources.map((r) => r.arn).sort()).toEqual([...new Set(inAccount.map((r) => r.arn))].sort());
    expect(http.endpoint.stats.unserved.size).toBe(0);
  });
});

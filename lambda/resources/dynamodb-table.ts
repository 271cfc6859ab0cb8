import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  paginateListTables,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

/** A table on its way out is not inventory. */
const GONE_STATUSES = new Set(['DELETING']);

/** Undefined when the table was deleted between ListTables and DescribeTable: nothing left to report. */
async function describeIfStillThere(dynamodb: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

export const dynamodbTable: ResourceType = {
  id: 'dynamodb:table',
  label: 'DynamoDB table',
  tagsFromList: false,
  iam: {
    read: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
    tag: ['dynamodb:TagResource', 'dynamodb:UntagResource'],
    delete: ['dynamodb:DescribeTable', 'dynamodb:DeleteTable'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    const dynamodb = clients.get(DynamoDBClient);
    for await (const page of paginateListTables({ client: dynamodb, pageSize: 100 }, {})) {
      for (const tableName of page.TableNames ?? []) {
        // ListTables gives names only; DescribeTable (one call per table) is the only source of the ARN and
        // creation time. Tags still come from the engine's GetResources sweep.
        const table = await describeIfStillThere(dynamodb, tableName);
        if (!table?.TableArn || GONE_STATUSES.has(table.TableStatus ?? '')) continue;
        yield {
          type: 'dynamodb:table',
          arn: table.TableArn,
          id: tableName,
          name: tableName,
          region,
          accountId,
          createdAt: table.CreationDateTime,
          tags: {},
          details: { status: table.TableStatus, deletionProtection: table.DeletionProtectionEnabled ?? false },
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    const dynamodb = clients.get(DynamoDBClient);
    // Read again: protection may have been switched on since the table was listed (or marked).
    const { Table: table } = await dynamodb.send(new DescribeTableCommand({ TableName: resource.id }));
    if (table?.DeletionProtectionEnabled) return { status: 'skipped', reason: 'deletion protection is on' };
    await dynamodb.send(new DeleteTableCommand({ TableName: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/dynamodbv2/home?region=${r.region}#table?name=${encodeURIComponent(r.id)}`,
};

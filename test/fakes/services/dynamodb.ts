import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { buildArn } from '../../../lambda/aws/arn';
import { FakeAccount, FakeAwsError, handle, tagList, type FakeResource } from '../fake-account';

const TYPE = 'dynamodb:table';

export interface SeedTableOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  deletionProtection?: boolean;
  /** TableStatus, `ACTIVE` unless given. */
  status?: string;
}

export function seedTable(account: FakeAccount, options: SeedTableOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('table-');
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: TYPE,
    arn: buildArn('dynamodb', region, account.accountId, `table/${name}`),
    region,
    tags: options.tags,
    data: {
      tableName: name,
      createdAt: options.createdAt ?? new Date(),
      deletionProtection: options.deletionProtection ?? false,
      status: options.status ?? 'ACTIVE',
    },
  });
}

function tableIn(account: FakeAccount, nameOrArn: string, region: string): FakeResource {
  const table = account.find(nameOrArn) ?? account.findBy(TYPE, 'tableName', nameOrArn, region);
  if (!table || table.type !== TYPE || table.region !== region) {
    throw new FakeAwsError('ResourceNotFoundException', `Requested resource not found: Table: ${nameOrArn} not found`);
  }
  return table;
}

function tableDescription(table: FakeResource, status: string = table.data.status) {
  return {
    TableName: table.data.tableName,
    TableArn: table.arn,
    TableStatus: status,
    CreationDateTime: table.data.createdAt,
    DeletionProtectionEnabled: table.data.deletionProtection,
    ItemCount: 0,
  };
}

export function installDynamoDb(account: FakeAccount) {
  const stub = mockClient(DynamoDBClient);

  // ListTables pages in name order and resumes after ExclusiveStartTableName, as DynamoDB does.
  handle(stub, account, 'dynamodb', ListTablesCommand, (input: any, region) => {
    if (input.Limit !== undefined && (input.Limit < 1 || input.Limit > 100)) {
      throw new FakeAwsError('ValidationException', 'Limit must be 1-100');
    }
    const names = account
      .list(TYPE, region)
      .map((t) => t.data.tableName as string)
      .sort()
      .filter((name) => input.ExclusiveStartTableName === undefined || name > input.ExclusiveStartTableName);
    const page = names.slice(0, Math.min(input.Limit ?? 100, account.defaultPageSize));
    return { TableNames: page, LastEvaluatedTableName: page.length < names.length ? page[page.length - 1] : undefined };
  });

  handle(stub, account, 'dynamodb', DescribeTableCommand, (input: any, region) => ({
    Table: tableDescription(tableIn(account, input.TableName, region)),
  }));

  handle(stub, account, 'dynamodb', DeleteTableCommand, (input: any, region) => {
    const table = tableIn(account, input.TableName, region);
    if (table.data.deletionProtection) {
      throw new FakeAwsError(
        'ValidationException',
        'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
      );
    }
    account.remove(table.arn);
    return { TableDescription: tableDescription(table, 'DELETING') };
  });

  // Handled so that a per-table tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'dynamodb', ListTagsOfResourceCommand, (input: any, region) => ({
    Tags: tagList(tableIn(account, input.ResourceArn, region).tags),
  }));

  return stub;
}

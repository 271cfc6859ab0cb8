import {
  CreateBackupCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  type TableDescription,
  type TableStatus,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  required,
  type SeedOptions,
  seedResource,
  tagList,
} from '../fake-account';

const TYPE = 'dynamodb:table';
/** On-demand backups, kept in the account so tests can see them outlive their table. */
export const DYNAMODB_BACKUP = 'dynamodb:backup';

export interface SeedTableOptions extends SeedOptions {
  deletionProtection?: boolean;
  /** TableStatus, `ACTIVE` unless given. */
  status?: string;
}

export function seedTable(account: FakeAccount, options: SeedTableOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'table-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('dynamodb', region, account.accountId, `table/${name}`),
    data: {
      tableName: name,
      createdAt,
      deletionProtection: options.deletionProtection ?? false,
      status: options.status ?? 'ACTIVE',
    },
  }));
}

/** On-demand backups of a table (by name), oldest first. */
export function tableBackups(account: FakeAccount, tableName: string): FakeResource[] {
  return account.list(DYNAMODB_BACKUP).filter((b) => b.data.tableName === tableName);
}

/** A backup taken earlier, e.g. by a failed deletion attempt. */
export function seedBackup(account: FakeAccount, table: FakeResource, name: string, createdAt: Date): FakeResource {
  return account.put({
    type: DYNAMODB_BACKUP,
    arn: `${table.arn}/backup/${createdAt.getTime()}-${account.nextId('')}`,
    region: table.region,
    data: { tableName: table.data.tableName, tableArn: table.arn, name, createdAt, status: 'AVAILABLE' },
  });
}

function tableIn(account: FakeAccount, nameOrArn: string, region: string): FakeResource {
  const table = account.find(nameOrArn) ?? account.findBy(TYPE, 'tableName', nameOrArn, region);
  if (!table || table.type !== TYPE || table.region !== region) {
    throw new FakeAwsError('ResourceNotFoundException', `Requested resource not found: Table: ${nameOrArn} not found`);
  }
  return table;
}

function tableDescription(table: FakeResource, status: TableStatus = table.data.status): TableDescription {
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
  const stub = fakeService(DynamoDBClient, account);

  // ListTables pages in name order and resumes after ExclusiveStartTableName, as DynamoDB does.
  handle(stub, account, 'dynamodb', ListTablesCommand, (input, region) => {
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

  handle(stub, account, 'dynamodb', DescribeTableCommand, (input, region) => ({
    Table: tableDescription(tableIn(account, required(input, 'TableName'), region)),
  }));

  handle(stub, account, 'dynamodb', DeleteTableCommand, (input, region) => {
    const table = tableIn(account, required(input, 'TableName'), region);
    if (table.data.deletionProtection) {
      throw new FakeAwsError(
        'ValidationException',
        'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
      );
    }
    account.remove(table.arn);
    return { TableDescription: tableDescription(table, 'DELETING') };
  });

  handle(stub, account, 'dynamodb', UpdateTableCommand, (input, region) => {
    const table = tableIn(account, required(input, 'TableName'), region);
    if (table.data.status !== 'ACTIVE')
      throw new FakeAwsError('ResourceInUseException', `Table ${table.data.tableName} is ${table.data.status}`);
    if (input.DeletionProtectionEnabled !== undefined) table.data.deletionProtection = input.DeletionProtectionEnabled;
    return { TableDescription: tableDescription(table) };
  });

  // Backup names need not be unique in DynamoDB; ARNs are. Available at once (small tables take seconds).
  handle(stub, account, 'dynamodb', CreateBackupCommand, (input, region) => {
    const table = tableIn(account, required(input, 'TableName'), region);
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(input.BackupName ?? '')) {
      throw new FakeAwsError('ValidationException', `Invalid BackupName: ${input.BackupName}`);
    }
    const backup = seedBackup(account, table, required(input, 'BackupName'), new Date());
    return {
      BackupDetails: {
        BackupArn: backup.arn,
        BackupName: backup.data.name,
        BackupStatus: 'AVAILABLE',
        BackupType: 'USER',
        BackupCreationDateTime: backup.data.createdAt,
      },
    };
  });

  handle(stub, account, 'dynamodb', ListBackupsCommand, (input, region) => {
    if (input.Limit !== undefined && (input.Limit < 1 || input.Limit > 100))
      throw new FakeAwsError('ValidationException', 'Limit must be 1-100');
    const backups = account
      .list(DYNAMODB_BACKUP, region)
      .filter((b) => input.TableName === undefined || b.data.tableName === input.TableName)
      .filter((b) => input.TimeRangeLowerBound === undefined || b.data.createdAt >= input.TimeRangeLowerBound)
      .filter((_b) => input.BackupType === undefined || input.BackupType === 'USER' || input.BackupType === 'ALL');
    const start = input.ExclusiveStartBackupArn ? backups.findIndex((b) => b.arn === input.ExclusiveStartBackupArn) + 1 : 0;
    const page = backups.slice(start, start + Math.min(input.Limit ?? 100, account.defaultPageSize));
    const more = start + page.length < backups.length;
    return {
      BackupSummaries: page.map((b) => ({
        TableName: b.data.tableName,
        TableArn: b.data.tableArn,
        BackupArn: b.arn,
        BackupName: b.data.name,
        BackupCreationDateTime: b.data.createdAt,
        BackupStatus: b.data.status,
        BackupType: 'USER',
      })),
      LastEvaluatedBackupArn: more ? page[page.length - 1]!.arn : undefined,
    };
  });

  // Handled so that a per-table tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'dynamodb', ListTagsOfResourceCommand, (input, region) => ({
    Tags: tagList(tableIn(account, required(input, 'ResourceArn'), region).tags),
  }));

  return stub;
}

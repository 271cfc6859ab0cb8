import {
  CreateBackupCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  paginateListTables,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { buildArn, consoleBase } from '../aws/arn';
import { configurationOr } from './configuration';
import { backupTimestamp, FINAL_BACKUP_PREFIX } from './final-backup-name';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource } from './resource-type';

/** A table on its way out is not inventory. */
const GONE_STATUSES = new Set(['DELETING']);

/** Undefined when the table was deleted since ListTables: nothing left to report. */
async function describeIfStillThere(dynamodb: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** DynamoDB backup names: 3-255 of `[A-Za-z0-9_.-]`, which table names already are. */
const MAX_BACKUP_NAME = 255;

function finalBackupName(tableName: string, now: Date): string {
  const suffix = `-${backupTimestamp(now)}`;
  const prefix = `${FINAL_BACKUP_PREFIX}-`;
  return `${prefix}${tableName.slice(0, MAX_BACKUP_NAME - prefix.length - suffix.length)}${suffix}`;
}

/** How old a janitor backup may be and still stand for this deletion: a run's retry waves take minutes. */
const BACKUP_REUSE_WINDOW_MS = 60 * 60 * 1000;

/**
 * A janitor backup of this very table (not of an older table of the same name) taken within the
 * hour, by an attempt whose DeleteTable failed: the retry reuses it instead of piling up backups.
 * An older one is not reused, as the table may have changed since.
 */
async function recentFinalBackup(dynamodb: DynamoDBClient, table: TableDescription, now: Date): Promise<string | undefined> {
  const since = new Date(Math.max(table.CreationDateTime?.getTime() ?? 0, now.getTime() - BACKUP_REUSE_WINDOW_MS));
  let exclusiveStartBackupArn: string | undefined;
  do {
    const page = await dynamodb.send(
      new ListBackupsCommand({
        TableName: table.TableName,
        BackupType: 'USER',
        TimeRangeLowerBound: since,
        ExclusiveStartBackupArn: exclusiveStartBackupArn,
      }),
    );
    const found = (page.BackupSummaries ?? []).find(
      (b) =>
        b.BackupName?.startsWith(`${FINAL_BACKUP_PREFIX}-`) &&
        b.BackupStatus !== 'DELETED' &&
        (b.BackupCreationDateTime ?? new Date(0)) >= since,
    );
    if (found?.BackupName) return found.BackupName;
    exclusiveStartBackupArn = page.LastEvaluatedBackupArn;
  } while (exclusiveStartBackupArn);
  return undefined;
}

export const dynamodbTable = pagedType({
  id: 'dynamodb:table',
  label: 'DynamoDB table',
  tagsFromList: false,
  iam: {
    read: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
    tag: ['dynamodb:TagResource', 'dynamodb:UntagResource'],
    delete: ['dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:CreateBackup', 'dynamodb:DeleteTable'],
    deleteUnconditioned: ['dynamodb:ListBackups'],
    deleteUnconditionedReason: 'ListBackups (finding a recent final backup to reuse) has no resource-level permissions.',
  },

  listing: {
    pages: (clients) => paginateListTables({ client: clients.get(DynamoDBClient), pageSize: 100 }, {}),
    items: (page) => page.TableNames,
    resource: (tableName, { region, accountId }) => {
      // ListTables gives names only. The ARN follows from the name; creation time, status and
      // protection need one DescribeTable per table, made by `complete` for the night's candidates
      // only. Tags come from the engine's GetResources sweep.
      return {
        arn: buildArn('dynamodb', region, accountId, `table/${tableName}`),
        id: tableName,
        name: tableName,
        needsCompletion: true,
      };
    },
  },

  async complete(clients, resources) {
    const dynamodb = clients.get(DynamoDBClient);
    return readEach(resources, async (resource) => {
      const table = await describeIfStillThere(dynamodb, resource.id);
      if (!table?.TableArn || GONE_STATUSES.has(table.TableStatus ?? '')) return undefined;
      // The tags were joined on the ARN built from the name: a different one (wrong account id for
      // the target) means they may belong to nothing, so nothing of this batch is judged.
      if (table.TableArn !== resource.arn)
        throw new Error(`DescribeTable gave ARN ${table.TableArn} for the table listed as ${resource.arn}`);
      return completedResource(resource, {
        createdAt: table.CreationDateTime,
        details: { status: table.TableStatus, deletionProtection: table.DeletionProtectionEnabled ?? false },
      });
    });
  },

  async delete(clients, resource, options) {
    const dynamodb = clients.get(DynamoDBClient);
    // Read again: protection may have been switched on since the table was listed (or marked).
    const { Table: table } = await dynamodb.send(new DescribeTableCommand({ TableName: resource.id }));
    if (table?.DeletionProtectionEnabled) {
      if (!options.disableProtection) return { status: 'skipped', reason: 'deletion protection is on' };
      // Should the table still be UPDATING when DeleteTable arrives, DynamoDB answers
      // ResourceInUseException and the engine retries in a later wave, protection already off.
      await dynamodb.send(new UpdateTableCommand({ TableName: resource.id, DeletionProtectionEnabled: false }));
    }

    let backupName: string | undefined;
    if (options.backup && table) {
      // On-demand backups outlive the table (billed per GB-month until someone deletes them).
      const now = new Date();
      backupName = await recentFinalBackup(dynamodb, table, now);
      if (!backupName) {
        backupName = finalBackupName(resource.id, now);
        await dynamodb.send(new CreateBackupCommand({ TableName: resource.id, BackupName: backupName }));
      }
    }

    await dynamodb.send(new DeleteTableCommand({ TableName: resource.id }));
    return backupName ? { status: 'deleted', backup: `on-demand backup ${backupName}` } : { status: 'deleted' };
  },

  // The schema (keys, attributes, indexes, billing, streams, encryption, class): one DescribeTable.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { Table } = await clients.get(DynamoDBClient).send(new DescribeTableCommand({ TableName: resource.id }));
      if (!Table) throw new Error(`DescribeTable returned no table ${resource.id}`);
      return Table;
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/dynamodbv2/home?region=${r.region}#table?name=${encodeURIComponent(r.id)}`,
});

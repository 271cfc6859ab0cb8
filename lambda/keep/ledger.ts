import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { utcDay } from '../core/keep-choice';
import type { KeptFromSlack } from '../core/report';
import type { WarningRecord, WarningRecorder } from '../core/warning-record';

/**
 * The warning ledger: one DynamoDB table (partition key `pk`, sort key `sk`, TTL `expiresAt`) with
 * three kinds of item:
 *
 * | Item | pk | sk | Written by | Read by |
 * | --- | --- | --- | --- | --- |
 * | a posted warning message | `MSG#{channel}#{ts}` | `MSG` | nightly run (notifier) | keep endpoint: is the clicked ARN listed? |
 * | a seen Slack request | `REQ#{signature}` | `REQ` | keep endpoint (conditional put) | the same put: a replay fails it |
 * | a claimed work item | `WORK#{signature}` | `WORK` | keep worker (conditional put), before tagging | the same put: a replayed item fails it |
 * | a resource kept from a message | `MSG#{channel}#{ts}` | `KEPT#{arn}` | keep worker | keep worker: renders the message update |
 * | a keep | `KEEP#{account}#{region}` | `{ISO time}#{arn}` | keep worker | next report (`keepsSince`) |
 *
 * The button's value is never trusted: the endpoint acts only on ARNs this ledger recorded for the
 * message that was clicked, in the account and region recorded with it.
 */

export const LEDGER_PARTITION_KEY = 'pk';
export const LEDGER_SORT_KEY = 'sk';
export const LEDGER_TTL_ATTRIBUTE = 'expiresAt';
/** Environment variable naming the table, for both Lambdas. */
export const LEDGER_TABLE_ENV = 'JANITOR_LEDGER_TABLE';

const DAY_S = 24 * 3600;
/** A warning's buttons keep working this long after its deadline (a failed deletion stays marked). */
export const WARNING_RECORD_DAYS_AFTER_DEADLINE = 30;
/** Slack's window and the work item's are 5 minutes; a seen request or item is remembered for longer. */
export const REQUEST_RECORD_SECONDS = 15 * 60;
/** Keeps are reported by the next run; kept this long for people who look back. */
export const KEEP_RECORD_DAYS = 90;

export interface KeepRecord {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  /** Slack user ID. */
  readonly keptBy: string;
  readonly until: Date | 'forever';
  readonly at: Date;
  /** The warning message the click came from. */
  readonly channel: string;
  readonly ts: string;
}

/** One resource of a warning message that was kept: the message update shows it as kept. */
export interface KeptOnMessage {
  readonly arn: string;
  /** Slack user ID. */
  readonly keptBy: string;
  readonly until: Date | 'forever';
  /** The `janitor:exempt` value written. */
  readonly exemptValue: string;
}

type Item = Record<string, AttributeValue>;

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const str = (item: Item, key: string): string => {
  const value = item[key]?.S;
  if (value === undefined) throw new Error(`keep ledger item ${item[LEDGER_PARTITION_KEY]?.S ?? '?'} lacks the string attribute "${key}"`);
  return value;
};

export class WarningLedger implements WarningRecorder {
  constructor(
    readonly tableName: string,
    private readonly client: DynamoDBClient,
  ) {}

  /** From the environment of either Lambda (`JANITOR_LEDGER_TABLE`). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env, client = new DynamoDBClient({})): WarningLedger {
    const table = env[LEDGER_TABLE_ENV];
    if (!table) throw new Error(`${LEDGER_TABLE_ENV} is not set: the keep ledger table is unknown`);
    return new WarningLedger(table, client);
  }

  async recordWarning(record: WarningRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [LEDGER_PARTITION_KEY]: { S: warningKey(record.channel, record.ts) },
          [LEDGER_SORT_KEY]: { S: 'MSG' },
          channel: { S: record.channel },
          ts: { S: record.ts },
          accountId: { S: record.accountId },
          region: { S: record.region },
          deadline: { S: record.deadline.toISOString() },
          resources: { L: record.resources.map((arn) => ({ S: arn })) },
          [LEDGER_TTL_ATTRIBUTE]: { N: String(epochSeconds(record.deadline) + WARNING_RECORD_DAYS_AFTER_DEADLINE * DAY_S) },
        },
      }),
    );
  }

  /** The record of the message with this channel and ts; undefined when the janitor never posted it. */
  async warning(channel: string, ts: string): Promise<WarningRecord | undefined> {
    const { Item: item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [LEDGER_PARTITION_KEY]: { S: warningKey(channel, ts) }, [LEDGER_SORT_KEY]: { S: 'MSG' } },
        ConsistentRead: true,
      }),
    );
    if (!item) return undefined;
    return {
      channel: str(item, 'channel'),
      ts: str(item, 'ts'),
      accountId: str(item, 'accountId'),
      region: str(item, 'region'),
      deadline: new Date(str(item, 'deadline')),
      resources: (item.resources?.L ?? []).flatMap((v) => (v.S ? [v.S] : [])),
    };
  }

  /**
   * Remembers a request by its signature. False when it was seen before: a replay. The conditional
   * put makes the check and the claim one atomic step, so two concurrent copies cannot both pass.
   */
  async claimRequest(signature: string, now: Date): Promise<boolean> {
    return this.claimOnce(`REQ#${signature}`, 'REQ', now);
  }

  /** The worker's claim of a click (by its request signature) before tagging: false for a replayed item. */
  async claimWork(clickId: string, now: Date): Promise<boolean> {
    return this.claimOnce(`WORK#${clickId}`, 'WORK', now);
  }

  private async claimOnce(pk: string, sk: string, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            [LEDGER_PARTITION_KEY]: { S: pk },
            [LEDGER_SORT_KEY]: { S: sk },
            seenAt: { S: now.toISOString() },
            [LEDGER_TTL_ATTRIBUTE]: { N: String(epochSeconds(now) + REQUEST_RECORD_SECONDS) },
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': LEDGER_PARTITION_KEY },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Next to the message's record, so later updates of the message still show this keep. */
  async recordKeptOnMessage(record: WarningRecord, kept: KeptOnMessage): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [LEDGER_PARTITION_KEY]: { S: warningKey(record.channel, record.ts) },
          [LEDGER_SORT_KEY]: { S: `KEPT#${kept.arn}` },
          arn: { S: kept.arn },
          keptBy: { S: kept.keptBy },
          until: { S: kept.until === 'forever' ? 'forever' : utcDay(kept.until) },
          exemptValue: { S: kept.exemptValue },
          [LEDGER_TTL_ATTRIBUTE]: { N: String(epochSeconds(record.deadline) + WARNING_RECORD_DAYS_AFTER_DEADLINE * DAY_S) },
        },
      }),
    );
  }

  /** The kept resources of the message, by ARN. One GetItem per listed ARN: the keep role has no Query. */
  async keptOnMessage(record: WarningRecord): Promise<Map<string, KeptOnMessage>> {
    const items = await Promise.all(
      record.resources.map(async (arn) => {
        const { Item: item } = await this.client.send(
          new GetItemCommand({
            TableName: this.tableName,
            Key: { [LEDGER_PARTITION_KEY]: { S: warningKey(record.channel, record.ts) }, [LEDGER_SORT_KEY]: { S: `KEPT#${arn}` } },
            ConsistentRead: true,
          }),
        );
        return item;
      }),
    );
    const kept = new Map<string, KeptOnMessage>();
    for (const item of items) {
      if (!item) continue;
      const until = str(item, 'until');
      const arn = str(item, 'arn');
      kept.set(arn, {
        arn,
        keptBy: str(item, 'keptBy'),
        until: until === 'forever' ? 'forever' : new Date(`${until}T00:00:00Z`),
        exemptValue: str(item, 'exemptValue'),
      });
    }
    return kept;
  }

  async recordKeep(keep: KeepRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [LEDGER_PARTITION_KEY]: { S: keepPartition(keep.accountId, keep.region) },
          [LEDGER_SORT_KEY]: { S: `${keep.at.toISOString()}#${keep.arn}` },
          arn: { S: keep.arn },
          keptBy: { S: keep.keptBy },
          until: { S: keep.until === 'forever' ? 'forever' : utcDay(keep.until) },
          at: { S: keep.at.toISOString() },
          channel: { S: keep.channel },
          ts: { S: keep.ts },
          [LEDGER_TTL_ATTRIBUTE]: { N: String(epochSeconds(keep.at) + KEEP_RECORD_DAYS * DAY_S) },
        },
      }),
    );
  }

  /** Keeps clicked at or after `since` for this account and region, oldest first: for the run report. */
  async keepsSince(since: Date, accountId: string, region: string): Promise<KeptFromSlack[]> {
    const keeps: KeptFromSlack[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk >= :since',
          ExpressionAttributeNames: { '#pk': LEDGER_PARTITION_KEY, '#sk': LEDGER_SORT_KEY },
          ExpressionAttributeValues: { ':pk': { S: keepPartition(accountId, region) }, ':since': { S: since.toISOString() } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const until = str(item, 'until');
        keeps.push({
          arn: str(item, 'arn'),
          keptBy: str(item, 'keptBy'),
          until: until === 'forever' ? 'forever' : new Date(`${until}T00:00:00Z`),
          at: new Date(str(item, 'at')),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return keeps;
  }
}

function warningKey(channel: string, ts: string): string {
  return `MSG#${channel}#${ts}`;
}

function keepPartition(accountId: string, region: string): string {
  return `KEEP#${accountId}#${region}`;
}

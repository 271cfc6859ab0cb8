import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  type AttributeValue as SdkAttributeValue,
} from '@aws-sdk/client-dynamodb';
import { type FakeAccount, FakeAwsError, fakeService, handle, required } from '../fake-account';

/**
 * DynamoDB item commands (PutItem, GetItem, Query) on tables created with `createItemTable`. Only
 * the expressions the janitor uses are understood; anything else fails loudly with a
 * ValidationException instead of being half-evaluated. Shares the DynamoDBClient class with the
 * table-inventory fake (`dynamodb.ts`).
 */

type AttributeValue = Record<string, any>;
type Item = Record<string, AttributeValue>;

interface ItemTable {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly region: string;
  readonly items: Map<string, Item>;
}

const tablesByAccount = new WeakMap<FakeAccount, Map<string, ItemTable>>();

function tablesOf(account: FakeAccount): Map<string, ItemTable> {
  let tables = tablesByAccount.get(account);
  if (!tables) {
    tables = new Map();
    tablesByAccount.set(account, tables);
  }
  return tables;
}

/** A table the item commands can use (not an inventory resource: the janitor's own, CloudFormation-made). */
export function createItemTable(
  account: FakeAccount,
  name: string,
  keys: { partitionKey: string; sortKey?: string; region?: string },
): void {
  tablesOf(account).set(name, {
    partitionKey: keys.partitionKey,
    sortKey: keys.sortKey,
    region: keys.region ?? 'eu-west-1',
    items: new Map(),
  });
}

/** Every item of a table, for assertions. */
export function itemsOf(account: FakeAccount, name: string): Item[] {
  const table = tablesOf(account).get(name);
  if (!table) throw new Error(`fake account has no item table ${name}`);
  return [...table.items.values()];
}

function tableIn(account: FakeAccount, name: string, region: string): ItemTable {
  const table = tablesOf(account).get(name);
  if (!table || table.region !== region)
    throw new FakeAwsError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  return table;
}

function scalar(value: AttributeValue | undefined, what: string): string | number {
  if (value?.S !== undefined) return value.S;
  if (value?.N !== undefined) return Number(value.N);
  throw new FakeAwsError('ValidationException', `${what}: the fake compares only S and N values`);
}

function keyOf(table: ItemTable, item: Item): string {
  const pk = item[table.partitionKey];
  if (!pk) throw new FakeAwsError('ValidationException', `One of the required keys was not given a value: ${table.partitionKey}`);
  const sk = table.sortKey ? item[table.sortKey] : undefined;
  if (table.sortKey && !sk)
    throw new FakeAwsError('ValidationException', `One of the required keys was not given a value: ${table.sortKey}`);
  return JSON.stringify([scalar(pk, 'key'), sk ? scalar(sk, 'key') : null]);
}

function resolveName(token: string, names: Record<string, string> | undefined): string {
  if (!token.startsWith('#')) return token;
  const name = names?.[token];
  if (!name) throw new FakeAwsError('ValidationException', `Value provided in ExpressionAttributeNames unused or missing: ${token}`);
  return name;
}

function resolveValue(token: string, values: Record<string, AttributeValue> | undefined): AttributeValue {
  const value = values?.[token];
  if (!value) throw new FakeAwsError('ValidationException', `An expression attribute value used in expression is not defined: ${token}`);
  return value;
}

/** `<key> = :v` and an optional `AND <sortKey> (=|<|<=|>|>=) :v` or `AND begins_with(<sortKey>, :v)`. */
function keyCondition(input: QueryCommandInput, table: ItemTable): (item: Item) => boolean {
  const expression: string = input.KeyConditionExpression ?? '';
  const m = /^\s*(\S+)\s*=\s*(:\w+)\s*(?:AND\s+(?:(\S+)\s*(=|<=|<|>=|>)\s*(:\w+)|begins_with\(\s*(\S+?)\s*,\s*(:\w+)\s*\)))?\s*$/i.exec(
    expression,
  );
  if (!m) throw new FakeAwsError('ValidationException', `the fake does not understand KeyConditionExpression "${expression}"`);
  const names = input.ExpressionAttributeNames;
  const values = input.ExpressionAttributeValues;
  const pkName = resolveName(m[1]!, names);
  if (pkName !== table.partitionKey) throw new FakeAwsError('ValidationException', 'Query condition missed key schema element');
  const pkValue = scalar(resolveValue(m[2]!, values), 'partition key');
  let skTest: (v: string | number) => boolean = () => true;
  if (m[3] || m[6]) {
    const skName = resolveName((m[3] ?? m[6])!, names);
    if (skName !== table.sortKey) throw new FakeAwsError('ValidationException', 'Query key condition not supported');
    const bound = scalar(resolveValue((m[5] ?? m[7])!, values), 'sort key');
    const op = m[4];
    skTest = (v) =>
      m[6]
        ? String(v).startsWith(String(bound))
        : op === '='
          ? v === bound
          : op === '<'
            ? v < bound
            : op === '<='
              ? v <= bound
              : op === '>'
                ? v > bound
                : v >= bound;
  }
  return (item) =>
    scalar(item[table.partitionKey], 'partition key') === pkValue && (!table.sortKey || skTest(scalar(item[table.sortKey], 'sort key')));
}

/** Only `attribute_not_exists(name)`: the conditional put the ledger's replay protection uses. */
function conditionHolds(input: PutItemCommandInput, existing: Item | undefined): boolean {
  const expression: string | undefined = input.ConditionExpression;
  if (expression === undefined) return true;
  const m = /^\s*attribute_not_exists\(\s*(\S+?)\s*\)\s*$/.exec(expression);
  if (!m) throw new FakeAwsError('ValidationException', `the fake does not understand ConditionExpression "${expression}"`);
  const name = resolveName(m[1]!, input.ExpressionAttributeNames);
  return existing === undefined || existing[name] === undefined;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** A stored item as the SDK returns it: a copy, typed with the SDK's `AttributeValue` union. */
const sdkItem = (item: Item): Record<string, SdkAttributeValue> => JSON.parse(JSON.stringify(item));

export function installDynamoDbItems(account: FakeAccount) {
  const stub = fakeService(DynamoDBClient, account);

  handle(stub, account, 'dynamodb', PutItemCommand, (input, region) => {
    const table = tableIn(account, required(input, 'TableName'), region);
    const key = keyOf(table, input.Item ?? {});
    if (!conditionHolds(input, table.items.get(key))) {
      throw new FakeAwsError('ConditionalCheckFailedException', 'The conditional request failed');
    }
    table.items.set(key, copy(required(input, 'Item')));
    return {};
  });

  handle(stub, account, 'dynamodb', GetItemCommand, (input, region) => {
    const table = tableIn(account, required(input, 'TableName'), region);
    const item = table.items.get(keyOf(table, input.Key ?? {}));
    return item ? { Item: sdkItem(item) } : {};
  });

  handle(stub, account, 'dynamodb', QueryCommand, (input, region) => {
    const table = tableIn(account, required(input, 'TableName'), region);
    const matches = keyCondition(input, table);
    const sortKey = table.sortKey;
    const sorted = [...table.items.values()].filter(matches).sort((a, b) => {
      if (!sortKey) return 0;
      const [x, y] = [scalar(a[sortKey], 'sort key'), scalar(b[sortKey], 'sort key')];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    if (input.ScanIndexForward === false) sorted.reverse();
    let start = 0;
    if (input.ExclusiveStartKey) {
      const after = keyOf(table, input.ExclusiveStartKey);
      start = sorted.findIndex((item) => keyOf(table, item) === after) + 1;
    }
    const pageSize = Math.min(input.Limit ?? Number.MAX_SAFE_INTEGER, account.defaultPageSize);
    const page = sorted.slice(start, start + pageSize);
    const more = start + page.length < sorted.length;
    const last = page[page.length - 1];
    return {
      Items: page.map(sdkItem),
      Count: page.length,
      LastEvaluatedKey:
        more && last
          ? sdkItem({ [table.partitionKey]: last[table.partitionKey]!, ...(sortKey ? { [sortKey]: last[sortKey]! } : {}) })
          : undefined,
    };
  });

  return stub;
}

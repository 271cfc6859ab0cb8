import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WarningLedger } from '../../lambda/keep/ledger';
import { WORK_ITEM_MAX_AGE_SECONDS, WORK_ITEM_MAX_FUTURE_SECONDS } from '../../lambda/keep/work-item';
import { FakeAccount, mockFakeServices } from '../fakes/fake-account';
import { createItemTable, installDynamoDbItems, itemsOf } from '../fakes/services/dynamodb-items';

const TABLE = 'ledger';
const ARN = 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc';
let account: FakeAccount;
let restore: () => void;
let ledger: WarningLedger;

beforeEach(() => {
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  account = new FakeAccount();
  createItemTable(account, TABLE, { partitionKey: 'pk', sortKey: 'sk' });
  restore = mockFakeServices([installDynamoDbItems(account)]);
  ledger = new WarningLedger(TABLE, new DynamoDBClient({ region: 'eu-west-1' }));
});

afterEach(() => {
  restore();
  vi.unstubAllEnvs();
});

describe('the warning ledger', () => {
  it('returns the record of a posted message by channel and ts, and nothing for another message', async () => {
    const record = {
      channel: 'C0J',
      ts: '1.1',
      accountId: '123456789012',
      region: 'eu-west-1',
      deadline: new Date('2026-11-20T23:00:00Z'),
      resources: [ARN],
    };
    await ledger.recordWarning(record);
    expect(await ledger.warning('C0J', '1.1')).toEqual(record);
    expect(await ledger.warning('C0J', '1.2')).toBeUndefined();
    expect(await ledger.warning('C0OTHER', '1.1')).toBeUndefined();
    // Expires 30 days after the deadline (DynamoDB TTL, epoch seconds).
    expect(itemsOf(account, TABLE)[0]?.expiresAt?.N).toBe(String(Date.parse('2026-12-20T23:00:00Z') / 1000));
  });

  it('claims a request signature once: a second claim is a replay', async () => {
    const now = new Date('2026-11-20T10:00:00Z');
    expect(await ledger.claimRequest('v0=abc', now)).toBe(true);
    expect(await ledger.claimRequest('v0=abc', now)).toBe(false);
    expect(await ledger.claimRequest('v0=def', now)).toBe(true);
    // Remembered longer than Slack's 5-minute window.
    const [item] = itemsOf(account, TABLE);
    expect(item?.expiresAt).toBeDefined();
    expect(Number(item!.expiresAt!.N) - now.getTime() / 1000).toBeGreaterThan(300);
  });

  it('claims a work item once, apart from request claims; remembered longer than the item window', async () => {
    const now = new Date('2026-11-20T10:00:00Z');
    expect(await ledger.claimRequest('v0=abc', now)).toBe(true);
    expect(await ledger.claimWork('v0=abc', now)).toBe(true);
    expect(await ledger.claimWork('v0=abc', now)).toBe(false);
    const work = itemsOf(account, TABLE).find((i) => i.pk?.S === 'WORK#v0=abc')!;
    expect(work.expiresAt).toBeDefined();
    expect(Number(work.expiresAt!.N) - now.getTime() / 1000).toBeGreaterThan(WORK_ITEM_MAX_AGE_SECONDS + WORK_ITEM_MAX_FUTURE_SECONDS);
  });

  it('records keeps on a message next to its record, and reads them back by the listed ARNs', async () => {
    const record = {
      channel: 'C0J',
      ts: '1.1',
      accountId: '123456789012',
      region: 'eu-west-1',
      deadline: new Date('2026-11-20T23:00:00Z'),
      resources: [ARN, `${ARN}2`],
    };
    await ledger.recordWarning(record);
    expect(await ledger.keptOnMessage(record)).toEqual(new Map());
    const kept = { arn: ARN, keptBy: 'U0ALICE', until: new Date('2026-11-27T00:00:00Z'), exemptValue: '2026-11-27' };
    await ledger.recordKeptOnMessage(record, kept);
    expect(await ledger.keptOnMessage(record)).toEqual(new Map([[ARN, kept]]));
    // The message's own record is untouched.
    expect(await ledger.warning('C0J', '1.1')).toEqual(record);
  });

  it('lists keeps since a time for one account and region, oldest first, across pages', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
    for (let i = 0; i < 12; i += 1) {
      await ledger.recordKeep({
        arn: `${ARN}${i}`,
        accountId: '123456789012',
        region: 'eu-west-1',
        keptBy: 'U0ALICE',
        until: i % 2 ? 'forever' : new Date('2026-11-27T00:00:00Z'),
        at: at(i),
        channel: 'C0J',
        ts: '1.1',
      });
    }
    await ledger.recordKeep({
      arn: ARN,
      accountId: '210987654321',
      region: 'eu-west-1',
      keptBy: 'U0BOB',
      until: 'forever',
      at: at(5),
      channel: 'C0J',
      ts: '1.1',
    });

    const keeps = await ledger.keepsSince(at(3), '123456789012', 'eu-west-1');
    expect(keeps.map((k) => k.arn)).toEqual(Array.from({ length: 9 }, (_, i) => `${ARN}${i + 3}`));
    expect(keeps[0]).toEqual({ arn: `${ARN}3`, keptBy: 'U0ALICE', until: 'forever', at: at(3) });
    expect(keeps[1]!.until).toEqual(new Date('2026-11-27T00:00:00Z'));
    expect(account.callsOf('Query').length).toBeGreaterThan(1);
    expect(await ledger.keepsSince(at(0), '210987654321', 'eu-west-1')).toHaveLength(1);
  });

  it('names the missing table variable', () => {
    expect(() => WarningLedger.fromEnvironment({})).toThrow(/JANITOR_LEDGER_TABLE is not set/);
  });
});

describe('wiring the nightly notifier', () => {
  it('no keepButtons: no options; keepButtons: the ledger from JANITOR_LEDGER_TABLE, or a loud error without it', async () => {
    const { keepButtonsOptions } = await import('../../lambda/keep/nightly-wiring');
    const { parseConfig } = await import('../../lambda/config');
    const slack = { channel: '#janitor', tokenSecretName: 't' };
    expect(keepButtonsOptions(parseConfig({ slack }), {})).toBeUndefined();
    const withKeep = parseConfig({
      slack: { ...slack, keepButtons: { signingSecretName: 's', allowedUserIds: ['U0A'], allowForever: true } },
    });
    const options = keepButtonsOptions(withKeep, { JANITOR_LEDGER_TABLE: TABLE }, new DynamoDBClient({ region: 'eu-west-1' }));
    expect(options?.allowForever).toBe(true);
    expect((options!.ledger as WarningLedger).tableName).toBe(TABLE);
    expect(() => keepButtonsOptions(withKeep, {})).toThrow(/JANITOR_LEDGER_TABLE is not set/);
  });
});

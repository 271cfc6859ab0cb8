import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3AnnouncementLedger, targetPrefix } from '../../lambda/audit/announcement-ledger';
import type { Announcement } from '../../lambda/core/announcements';
import { FakeAccount } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedBucket } from '../fakes/services/s3';

const REGION = 'eu-west-1';
const BUCKET = 'janitor-audit';
const DAY = 24 * 3_600_000;
const NIGHT = new Date('2026-11-20T02:00:00Z');

function announcements(count: number, announcedAt: Date, prefix = 'q'): Announcement[] {
  return Array.from({ length: count }, (_, i) => ({
    arn: `arn:aws:sqs:${REGION}:222222222222:${prefix}-${i}`,
    identity: '2026-09-01T00:00:00.000Z',
    deadline: '2026-11-20T23:00:00Z',
    announcedAt: announcedAt.toISOString(),
    channel: 'C0123ABCD',
    messageTs: '1700000000.000100',
  }));
}

describe('the announcement ledger in the audit bucket', () => {
  let account: FakeAccount;
  let restore: () => void;
  let ledger: S3AnnouncementLedger;
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', REGION);
    account = new FakeAccount('111111111111');
    restore = installFakeAws(account);
    seedBucket(account, { name: BUCKET, tags: { ManagedBy: 'cdk' } });
    ledger = new S3AnnouncementLedger(BUCKET, REGION);
  });
  afterEach(() => {
    restore();
    vi.unstubAllEnvs();
  });

  it('a night of 10,000 announcements is one PutObject, and reads back as one list page and one GetObject', async () => {
    await ledger.record('222222222222', REGION, NIGHT, announcements(10_000, NIGHT));
    expect(account.callsOf('PutObject')).toHaveLength(1);

    const index = await ledger.read('222222222222', REGION, new Date(NIGHT.getTime() - DAY));
    expect(index.size).toBe(10_000);
    expect(index.of(`arn:aws:sqs:${REGION}:222222222222:q-9999`)).toEqual([
      expect.objectContaining({ deadline: '2026-11-20T23:00:00Z', messageTs: '1700000000.000100' }),
    ]);
    expect(account.callsOf('ListObjectsV2')).toHaveLength(1);
    expect(account.callsOf('GetObject')).toHaveLength(1);
  });

  it('reads only the target asked for, and only runs at or after the look-back start', async () => {
    await ledger.record('222222222222', REGION, new Date(NIGHT.getTime() - 20 * DAY), announcements(2, NIGHT, 'old'));
    await ledger.record('222222222222', REGION, NIGHT, announcements(3, NIGHT, 'new'));
    await ledger.record('333333333333', REGION, NIGHT, announcements(4, NIGHT, 'other-account'));
    await ledger.record('222222222222', 'us-east-1', NIGHT, announcements(5, NIGHT, 'other-region'));

    const index = await ledger.read('222222222222', REGION, new Date(NIGHT.getTime() - 10 * DAY));
    expect(index.size).toBe(3);
    expect(index.of(`arn:aws:sqs:${REGION}:222222222222:new-0`)).toHaveLength(1);
    expect(index.of(`arn:aws:sqs:${REGION}:222222222222:old-0`)).toEqual([]);
  });

  it('pages through a long look-back window', async () => {
    account.defaultPageSize = 2;
    for (let night = 0; night < 5; night++)
      await ledger.record('222222222222', REGION, new Date(NIGHT.getTime() + night * DAY), announcements(1, NIGHT, `n${night}`));
    const index = await ledger.read('222222222222', REGION, new Date(NIGHT.getTime() - DAY));
    expect(index.size).toBe(5);
    expect(account.callsOf('ListObjectsV2')).toHaveLength(3);
  });

  it('never writes over an existing record', async () => {
    const key = `${targetPrefix('222222222222', REGION)}${NIGHT.toISOString()}-fixed.json`;
    const s3 = new S3Client({ region: REGION });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}', IfNoneMatch: '*' }));
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}', IfNoneMatch: '*' }))).rejects.toThrow(
      /pre-conditions/,
    );
    await ledger.record('222222222222', REGION, NIGHT, announcements(1, NIGHT));
    expect(account.callsOf('PutObject').at(-1)?.input).toMatchObject({ IfNoneMatch: '*' });
  });

  it('records nothing when a run announced nothing', async () => {
    await ledger.record('222222222222', REGION, NIGHT, []);
    expect(account.callsOf('PutObject')).toEqual([]);
  });

  it('an object it cannot understand fails the read loudly instead of being skipped', async () => {
    const key = `${targetPrefix('222222222222', REGION)}${NIGHT.toISOString()}-deadbeef.json`;
    await new S3Client({ region: REGION }).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{"version": 9}' }));
    await expect(ledger.read('222222222222', REGION, new Date(NIGHT.getTime() - DAY))).rejects.toThrow(/unknown format \(version 9\)/);
    await new S3Client({ region: REGION }).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'not json' }));
    await expect(ledger.read('222222222222', REGION, new Date(NIGHT.getTime() - DAY))).rejects.toThrow(/is not JSON/);
  });
});

import { join } from 'node:path';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { externalDataInterceptor, getHomeDir } from '@smithy/core/config';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAccount } from './fake-account';
import { heapAfterGc } from './heap';
import { installFakeAws } from './install';
import { seedInstance } from './services/ec2';
import { seedBucket } from './services/s3';
import { seedQueue } from './services/sqs';

const REGION = 'eu-west-1';
const MB = 1_000_000;
const sharedFiles = ['config', 'credentials'].map((f) => join(getHomeDir(), '.aws', f));

beforeEach(() => vi.stubEnv('AWS_REGION', REGION));
afterEach(() => vi.unstubAllEnvs());

/** One short "history": a fresh account, fresh clients (as each run makes), a few calls, restore. */
async function oneHistory(): Promise<void> {
  const account = new FakeAccount();
  for (let i = 0; i < 3; i++) {
    seedInstance(account, { tags: {} });
    seedBucket(account, { tags: {} });
    seedQueue(account, { tags: {} });
  }
  const restore = installFakeAws(account);
  try {
    const config = { region: REGION, maxAttempts: 8, retryMode: 'adaptive' };
    const tagging = new ResourceGroupsTaggingAPIClient(config);
    await tagging.send(new GetResourcesCommand({}));
    await new EC2Client(config).send(new DescribeInstancesCommand({}));
    await new S3Client(config).send(new ListBucketsCommand({}));
    await new SQSClient(config).send(new ListQueuesCommand({}));
    expect(account.calls.map((c) => c.command)).toEqual(['GetResources', 'DescribeInstances', 'ListBuckets', 'ListQueues']);
  } finally {
    restore();
  }
}

describe('installFakeAws / restore', () => {
  it('restore puts the real send back and keeps nothing of the account reachable: the heap stays flat', async () => {
    const realSend = SQSClient.prototype.send;
    // No await here ever yields to the event loop (the fakes answer on microtasks), as in a
    // fast-check property: whatever an install leaves behind, or the SDK parks on pending I/O, piles up.
    for (let i = 0; i < 20; i++) await oneHistory();
    const warm = heapAfterGc();
    for (let i = 0; i < 150; i++) await oneHistory();
    const grown = heapAfterGc() - warm;
    // Measured over 150 such histories: ~290 MB when the stubs lived in sinon's default sandbox (it
    // kept every stub with its call history, clients and accounts), ~4.5 MB when only the SDK's
    // pending shared-config read kept every client; ~0.2 MB now.
    expect(grown / MB, `heap grew ${(grown / MB).toFixed(2)} MB over 150 histories`).toBeLessThan(1.5);
    expect(SQSClient.prototype.send).toBe(realSend);
  });

  it('serves ~/.aws config and credentials as empty only while installed, nested installs included', () => {
    const record = externalDataInterceptor.getFileRecord();
    const before = sharedFiles.map((p) => record[p]);
    const outer = installFakeAws(new FakeAccount());
    const during = sharedFiles.map((p) => record[p]);
    expect(during.every((p) => p !== undefined)).toBe(true);
    const inner = installFakeAws(new FakeAccount());
    inner();
    expect(sharedFiles.map((p) => record[p])).toEqual(during);
    outer();
    expect(sharedFiles.map((p) => record[p])).toEqual(before);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMapResults } from '../../lambda/fanout/report-run';
import { RunStore } from '../../lambda/fanout/run-store';
import { FakeAccount, mockFakeServices } from '../fakes/fake-account';
import { installS3, seedBucket } from '../fakes/services/s3';

describe('reading the Distributed Map results ResultWriter left in S3', () => {
  let restore: () => void;
  let store: RunStore;

  beforeEach(() => {
    const account = new FakeAccount();
    seedBucket(account, { name: 'janitor-bucket', region: 'eu-west-1' });
    restore = mockFakeServices([installS3(account)]);
    store = new RunStore('janitor-bucket', 'eu-west-1');
  });
  afterEach(() => restore());

  it('takes swept and caught results from their outputs, and names the target of a child that failed outright', async () => {
    const item = (accountId: string, region: string) => JSON.stringify({ accountId, region, runId: 'run-1' });
    await store.putJson('executions/map-results/m1/SUCCEEDED_0.json', [
      {
        Input: item('111111111111', 'eu-west-1'),
        Output: JSON.stringify({
          accountId: '111111111111',
          region: 'eu-west-1',
          status: 'swept',
          reportKey: 'k',
          counts: {},
          durationMs: 5,
        }),
        Status: 'SUCCEEDED',
      },
      {
        Input: item('222222222222', 'eu-west-1'),
        Output: JSON.stringify({
          accountId: '222222222222',
          region: 'eu-west-1',
          status: 'failed',
          error: {
            Error: 'Error',
            Cause: JSON.stringify({ errorType: 'Error', errorMessage: 'cannot assume arn:aws:iam::222222222222:role/X' }),
          },
        }),
        Status: 'SUCCEEDED',
      },
    ]);
    await store.putJson('executions/map-results/m1/FAILED_0.json', [
      {
        Input: item('333333333333', 'us-east-1'),
        Status: 'FAILED',
        Error: 'States.Runtime',
        Cause: 'An error occurred while executing the state',
      },
    ]);
    await store.putJson('executions/map-results/m1/manifest.json', {
      DestinationBucket: 'janitor-bucket',
      ResultFiles: {
        SUCCEEDED: [{ Key: 'executions/map-results/m1/SUCCEEDED_0.json', Size: 1 }],
        FAILED: [{ Key: 'executions/map-results/m1/FAILED_0.json', Size: 1 }],
        PENDING: [],
      },
    });

    expect(await readMapResults(store, 'executions/map-results/m1/manifest.json')).toEqual([
      expect.objectContaining({ accountId: '111111111111', status: 'swept' }),
      { accountId: '222222222222', region: 'eu-west-1', status: 'failed', error: 'Error: cannot assume arn:aws:iam::222222222222:role/X' },
      {
        accountId: '333333333333',
        region: 'us-east-1',
        status: 'failed',
        error: 'States.Runtime: An error occurred while executing the state',
      },
    ]);
  });
});

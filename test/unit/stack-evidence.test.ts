import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { JanitorConfig } from '../../lambda/config/schema';
import { readStackEvidence } from '../../lambda/iac/cloudformation-evidence';
import { readEvidence } from '../../lambda/iac/read-evidence';
import { InMemoryStackCache } from '../../lambda/iac/stack-cache';
import { FakeAccount, mockFakeServices } from '../fakes/fake-account';
import { deleteStack, installCloudFormation, seedStack, updateStack } from '../fakes/services/cloudformation';

const REGION = 'eu-west-1';
let account: FakeAccount;
let restore: () => void;
beforeEach(() => {
  account = new FakeAccount();
  restore = mockFakeServices([installCloudFormation(account)]);
});
afterEach(() => restore());

const clients = () => new AwsClients({ accountId: account.accountId, region: REGION });
const queue = (n: number) => ({
  logicalId: `Q${n}`,
  type: 'AWS::SQS::Queue',
  physicalId: `https://sqs.eu-west-1.amazonaws.com/123456789012/q${n}`,
});

describe('stack membership as evidence', () => {
  it('lists every live stack and every page of its resources; a deleted stack is not live', async () => {
    const big = seedStack(account, { name: 'big', resources: Array.from({ length: 12 }, (_, i) => queue(i)) });
    const gone = seedStack(account, { name: 'gone', resources: [queue(99)] });
    deleteStack(gone);
    seedStack(account, { name: 'elsewhere', region: 'us-east-1', resources: [queue(50)] });

    const evidence = await readStackEvidence(clients());
    expect(evidence.identities).toHaveLength(12);
    expect(evidence.identities[0]).toEqual({ value: queue(0).physicalId, by: 'stack big (AWS::SQS::Queue Q0)' });
    expect([...evidence.liveStackIds]).toEqual([big.stackId]);
    // 12 resources at the fake's page size of 5: three pages, and never DescribeStackResources.
    expect(account.callsOf('ListStackResources')).toHaveLength(3);
  });

  it('with a cache, lists only the stacks that changed since the last night', async () => {
    const quiet = seedStack(account, { name: 'quiet', resources: [queue(1)] });
    const busy = seedStack(account, { name: 'busy', resources: [queue(2)] });
    const cache = new InMemoryStackCache();
    await readStackEvidence(clients(), cache);
    expect(account.callsOf('ListStackResources')).toHaveLength(2);

    updateStack(busy, [queue(2), queue(3)], new Date('2026-11-20T00:00:00Z'));
    const second = await readStackEvidence(clients(), cache);
    const listedAgain = account
      .callsOf('ListStackResources')
      .slice(2)
      .map((c) => (c.input as { StackName: string }).StackName);
    expect(listedAgain).toEqual([busy.stackId]);
    expect(second.identities.map((i) => i.value).sort()).toEqual([queue(1), queue(2), queue(3)].map((q) => q.physicalId).sort());
    expect(quiet.status).toBe('CREATE_COMPLETE');
  });

  it('a failed call fails the read, so the source counts as unreadable rather than empty', async () => {
    seedStack(account, { name: 'net', resources: [queue(1)] });
    account.failNext('ListStackResources', () => Object.assign(new Error('Rate exceeded'), { name: 'AccessDenied' }), 1);
    await expect(readStackEvidence(clients())).rejects.toThrow(/Rate exceeded/);
  });
});

describe('evidence at the size of a large organisation', () => {
  it('combines 400,000 state identities without overflowing the call stack', async () => {
    const identities = Array.from({ length: 400_000 }, (_, i) => ({ value: `i-${i}`, by: 'terraform s3://state/big.tfstate' }));
    const states = { identities, problems: [], sources: [{ source: 'terraform s3://state/', identities: identities.length }] };
    const config = { cloudFormation: { enabled: false }, terraform: { s3: [] }, pulumi: { s3: [] } } as JanitorConfig['iac'];

    const evidence = await readEvidence(clients(), config, states);
    expect(evidence.problems).toEqual([]);
    expect(evidence.size).toBe(400_000);
    expect(evidence.managerOf({ arn: 'arn:aws:ec2:eu-west-1:1:instance/i-399999', id: 'i-399999' } as never)).toBe(
      'terraform s3://state/big.tfstate',
    );
  });
});

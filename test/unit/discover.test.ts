import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { discover } from '../../lambda/run/discover';
import { FakeAccount } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';

const REGION = 'eu-west-1';

describe('discover: plug-ins that share one tagging-API type', () => {
  let account: FakeAccount;
  let restore: () => void;
  beforeEach(() => {
    account = new FakeAccount();
    restore = installFakeAws(account);
  });
  afterEach(() => restore());

  /** A plug-in listing the fake's resources of `id`, swept under the tagging type `rds:cluster`. */
  function clusterType(id: string): ResourceType {
    return {
      id,
      taggingType: 'rds:cluster',
      label: id,
      tagsFromList: false,
      iam: { read: [], tag: [], delete: [] },
      async *list(): AsyncIterable<Resource> {
        for (const r of account.list(id, REGION)) {
          yield { type: id, arn: r.arn, id: r.arn, name: r.arn, region: REGION, accountId: account.accountId, tags: {} };
        }
      },
      delete: async () => ({ status: 'deleted' }),
      consoleUrl: () => 'https://example.com',
    };
  }

  it('sweeps the shared type once and joins each resource its own tags by ARN', async () => {
    const arn = (name: string) => `arn:aws:rds:${REGION}:${account.accountId}:cluster:${name}`;
    account.put({ type: 'docdb:cluster', taggingType: 'rds:cluster', arn: arn('docs'), region: REGION, tags: { team: 'docs' } });
    account.put({ type: 'neptune:cluster', taggingType: 'rds:cluster', arn: arn('graph'), region: REGION });

    const inventory = await discover(new AwsClients({ accountId: account.accountId, region: REGION }), [
      clusterType('docdb:cluster'),
      clusterType('neptune:cluster'),
    ]);

    expect(inventory.listingErrors).toEqual([]);
    expect(inventory.resources.map((r) => [r.type, r.tags])).toEqual([
      ['docdb:cluster', { team: 'docs' }],
      ['neptune:cluster', {}],
    ]);
    expect(account.callsOf('GetResources').map((c) => c.input.ResourceTypeFilters)).toEqual([['rds:cluster']]);
  });
});

import { describe, expect, it } from 'vitest';
import type { JanitorConfigInput } from '../../lambda/config';
import { RESOURCE_TYPES } from '../../lambda/resources/registry';
import { FakeAwsError } from '../fakes/fake-account';
import { seedInstance } from '../fakes/services/ec2';
import {
  FAKE_SUPPORTED_TYPES,
  notYetIndexed,
  seedIndexedResource,
  setSupportedResourceTypes,
  setUpResourceExplorer,
} from '../fakes/services/resource-explorer';
import { seedQueue } from '../fakes/services/sqs';
import { LONG_AGO, NIGHT_1, NIGHT_2, REGION, useJanitorScenario } from './scenario';

/** NIGHT_1 is a Friday; this is the Monday after NIGHT_2, the weekly full listing. */
const MONDAY = new Date('2026-11-23T02:00:00Z');
const PRECHECK: Partial<JanitorConfigInput> = { targets: { resourceExplorerPrecheck: true } };
const describesInstances = (calls: readonly { command: string }[]) => calls.some((c) => c.command === 'DescribeInstances');

describe('targets.resourceExplorerPrecheck: quiet regions list only what Resource Explorer shows', () => {
  const scenario = useJanitorScenario();
  const callsOf = (from: number) => scenario.account.calls.slice(from);
  /** An untagged instance, old enough to mark, that Resource Explorer's search does not return. */
  const unindexedInstance = () => {
    const instance = seedInstance(scenario.account, { launchTime: LONG_AGO });
    notYetIndexed(scenario.account, instance.arn);
    return instance;
  };

  it('lists only the types it shows resources of, and still warns, marks and deletes over two nights', async () => {
    const { account } = scenario;
    setUpResourceExplorer(account);
    seedIndexedResource(account, { type: 'ec2:subnet' });
    const queue = seedQueue(account, { createdAt: LONG_AGO });

    const before = account.calls.length;
    const friday = await scenario.night(NIGHT_1, PRECHECK);
    const calls = callsOf(before);

    // The audit bucket (s3:bucket) and the queue: two types listed, every other one skipped.
    expect(friday.report.listingScope).toEqual({
      listedTypes: 2,
      skippedTypes: expect.arrayContaining(['ec2:instance', 'lambda:function']),
    });
    expect(friday.report.listingScope).toHaveProperty('skippedTypes.length', RESOURCE_TYPES.length - 2);
    expect(calls.some((c) => c.command === 'ListQueues')).toBe(true);
    expect(describesInstances(calls)).toBe(false);
    // Listing calls, the audit bucket's own (ListObjectsV2) and the IaC evidence's (CloudFormation) aside.
    const listings = calls.filter(
      (c) =>
        /^(List|Describe|GetResources$)/.test(c.command) &&
        !['resource-explorer-2', 'cloudformation'].includes(c.service) &&
        c.command !== 'ListObjectsV2',
    );
    expect(listings.map((c) => c.command).sort()).toEqual(['GetResources', 'ListBuckets', 'ListQueues']);
    expect(scenario.markOf(queue.arn)).toBeDefined();

    await scenario.night(NIGHT_2, PRECHECK);
    expect(account.exists(queue.arn)).toBe(false);
    // The region's report (in the account summary's thread, as it has news) says what was skipped.
    expect(scenario.postedText()).toContain(`:zap: Resource Explorer pre-check: 2 types listed, ${RESOURCE_TYPES.length - 2} skipped`);
  });

  it('asks Resource Explorer nothing when the pre-check is off (the default)', async () => {
    setUpResourceExplorer(scenario.account);
    const before = scenario.account.calls.length;
    const night = await scenario.night(NIGHT_1);
    expect(callsOf(before).filter((c) => c.service === 'resource-explorer-2')).toEqual([]);
    expect(night.report.listingScope).toBeUndefined();
  });

  it('still lists a type Resource Explorer does not index, though its search shows none', async () => {
    const { account } = scenario;
    setUpResourceExplorer(account);
    setSupportedResourceTypes(
      account,
      FAKE_SUPPORTED_TYPES.filter((t) => t !== 'ec2:instance'),
    );
    // Not indexed, so its search never returns it.
    const instance = unindexedInstance();

    await scenario.night(NIGHT_1, PRECHECK);
    expect(scenario.markOf(instance.arn)).toBeDefined();
  });

  it('a resource the index has not caught up with waits for the weekly full listing; nothing is deleted early', async () => {
    const { account } = scenario;
    setUpResourceExplorer(account);
    const instance = unindexedInstance();

    const before = account.calls.length;
    const friday = await scenario.night(NIGHT_1, PRECHECK);
    expect(describesInstances(callsOf(before))).toBe(false);
    expect(scenario.markOf(instance.arn)).toBeUndefined();
    expect(friday.report.markedCount).toBe(0);

    const monday = await scenario.night(MONDAY, PRECHECK);
    expect(monday.report.listingScope).toEqual({ fullListing: 'the weekly full listing (Mondays, UTC)' });
    expect(scenario.markOf(instance.arn)).toBeDefined();
    expect(account.exists(instance.arn)).toBe(true);
  });

  const DOUBTS: readonly [string, (region: string) => void, RegExp][] = [
    ['no index', () => {}, /has no index in this region/],
    [
      'an index still being built',
      (r) => setUpResourceExplorer(scenario.account, [r], { indexState: 'CREATING' }),
      /is CREATING, not ACTIVE/,
    ],
    [
      'an index younger than 48 hours',
      (r) => setUpResourceExplorer(scenario.account, [r], { indexCreatedAt: new Date(NIGHT_1.getTime() - 3600_000) }),
      /less than 48 hours old/,
    ],
    [
      'a default view with a filter',
      (r) => setUpResourceExplorer(scenario.account, [r], { viewFilter: 'tag.key:ManagedBy' }),
      /default Resource Explorer view has a filter \("tag\.key:ManagedBy"\)/,
    ],
    ['no default view', (r) => setUpResourceExplorer(scenario.account, [r], { defaultView: false }), /no default Resource Explorer view/],
    [
      'more than 1,000 resources',
      (r) => {
        setUpResourceExplorer(scenario.account, [r]);
        for (let i = 0; i < 1000; i += 1) seedIndexedResource(scenario.account, { type: 'ec2:subnet' });
      },
      /more than 1,000 resources/,
    ],
    [
      'a search IAM refuses',
      (r) => {
        setUpResourceExplorer(scenario.account, [r]);
        scenario.account.failNext('Search', () => new FakeAwsError('AccessDeniedException', 'denied by a service control policy'), 20);
      },
      /pre-check failed: .*denied by a service control policy/,
    ],
  ];

  it.each(DOUBTS)('lists every type when in doubt: %s', async (_doubt, arrange, reason) => {
    arrange(REGION);
    const instance = unindexedInstance();

    const night = await scenario.night(NIGHT_1, PRECHECK);

    expect(night.report.listingScope).toEqual({ fullListing: expect.stringMatching(reason) });
    expect(night.report.listingErrors).toEqual([]);
    expect(scenario.markOf(instance.arn)).toBeDefined();
  });

  it("counts only the target account's resources when the view shows other accounts' too", async () => {
    const { account } = scenario;
    setUpResourceExplorer(account);
    // An organization-wide view: another account's queue in this region.
    seedIndexedResource(account, { type: 'sqs:queue', ownerAccountId: '210987654321' });

    const before = account.calls.length;
    const night = await scenario.night(NIGHT_1, PRECHECK);
    expect(callsOf(before).some((c) => c.command === 'ListQueues')).toBe(false);
    expect(night.report.listingScope).toMatchObject({ listedTypes: 1 });
  });
});

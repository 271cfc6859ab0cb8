import { describe, expect, it } from 'vitest';
import { FakeAwsError } from '../fakes/fake-account';
import { seedInstance } from '../fakes/services/ec2';
import { seedIndexedResource, setUpResourceExplorer } from '../fakes/services/resource-explorer';
import { LONG_AGO, NIGHT_1, useJanitorScenario } from './scenario';

/** A Monday: the night of the weekly lists. NIGHT_1 is a Friday. */
const MONDAY = new Date('2026-11-23T02:00:00Z');

describe('what the janitor does not cover, counted weekly where Resource Explorer is set up', () => {
  const scenario = useJanitorScenario();
  const searches = () => scenario.account.calls.filter((c) => c.command === 'Search');

  it("reports on Monday the region's never-tagged resources of types no plug-in covers, and never touches them", async () => {
    const { account } = scenario;
    setUpResourceExplorer(account);
    const subnets = [1, 2].map(() => seedIndexedResource(account, { type: 'ec2:subnet' }));
    seedIndexedResource(account, { type: 'glue:job' });
    seedIndexedResource(account, { type: 'glue:job', tags: { Team: 'data' } });
    seedIndexedResource(account, { type: 'iam:role', region: 'eu-west-1' });
    seedIndexedResource(account, { type: 'glue:job', region: 'us-east-1' });
    seedInstance(account, { launchTime: LONG_AGO });

    const friday = await scenario.night(NIGHT_1);
    expect(friday.report.notCovered).toBeUndefined();
    expect(searches()).toHaveLength(0);

    const monday = await scenario.night(MONDAY);
    expect(monday.report.notCovered).toEqual({
      total: 3,
      complete: true,
      byType: [
        { type: 'ec2:subnet', count: 2 },
        { type: 'glue:job', count: 1 },
      ],
    });
    expect(searches()).toHaveLength(1);
    expect(scenario.postedText()).toContain('Not covered (3)');
    expect(scenario.postedText()).toMatch(/`ec2:subnet` 2/);
    for (const s of subnets) expect(account.exists(s.arn) && account.tagWrites.every((w) => w.arn !== s.arn)).toBe(true);
  });

  it('says nothing where Resource Explorer is not set up (Search answers 401), and the night goes on', async () => {
    seedIndexedResource(scenario.account, { type: 'glue:job' });

    const monday = await scenario.night(MONDAY);

    expect(searches()).toHaveLength(1);
    expect(monday.report.notCovered).toBeUndefined();
    expect(monday.report.listingErrors).toEqual([]);
  });

  it('reports a failed search among what could not be listed, and the night goes on', async () => {
    setUpResourceExplorer(scenario.account);
    scenario.account.failNext(
      'Search',
      () => new FakeAwsError('AccessDeniedException', 'explicitly denied by a service control policy'),
      20,
    );
    const instance = seedInstance(scenario.account, { launchTime: LONG_AGO });

    const monday = await scenario.night(MONDAY);

    expect(monday.report.listingErrors).toEqual([
      {
        type: 'Resource Explorer (never-tagged resources of types not covered)',
        error: expect.stringContaining('explicitly denied by a service control policy'),
      },
    ]);
    expect(scenario.markOf(instance.arn)).toBeDefined();
  });

  it('says "at least" when Resource Explorer stopped at its first 1,000 matches', async () => {
    setUpResourceExplorer(scenario.account);
    for (let i = 0; i < 1001; i += 1) seedIndexedResource(scenario.account, { type: 'glue:job' });

    const monday = await scenario.night(MONDAY);

    // The janitor's own audit bucket (only aws: tags) is one of the 1,000 matches, a covered one.
    expect(monday.report.notCovered).toMatchObject({ total: 999, complete: false });
    expect(scenario.postedText()).toContain('Not covered (at least 999)');
    expect(scenario.postedText()).toContain('counts only its first 1,000 never-tagged matches');
    expect(searches()).toHaveLength(1);
  });
});

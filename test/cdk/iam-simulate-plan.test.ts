import type { SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED, DENIED, decide, EXAMPLE, identityPolicies, janitorTemplate, PARTITION } from './simulate-harness';

/** The plan step reads the organization (accounts, their regions, their tags) and changes none of it. */

const ORG = {
  ...EXAMPLE,
  targets: { regions: 'all-enabled', accounts: { organizationalUnits: ['ou-ab12-abcdefgh'] }, externalId: 'janitor-7f3c' },
  slack: { ...EXAMPLE.slack, routes: [{ channel: '#team-data', accountTags: { Team: 'data' } }] },
};
const MEMBER = `arn:${PARTITION}:account::111111111111:account/o-a1b2c3d4e5/222222222222`;
const MEMBER_IN_ORG = `arn:${PARTITION}:organizations::111111111111:account/o-a1b2c3d4e5/222222222222`;

function planPolicies(config: unknown): SimulationIdentityPolicy[] {
  const janitor = janitorTemplate(config);
  return identityPolicies(janitor.resources, janitor.idOf(janitor.stack.parts.run.node.findChild('PlanRole')));
}

describe('IAM: the plan role over an organization, "all-enabled" and tag routes', () => {
  let plan: SimulationIdentityPolicy[];
  beforeAll(() => {
    plan = planPolicies(ORG);
  });

  it("reads each member's enabled regions and its account tags", async () => {
    expect(await decide(plan, { action: 'account:ListRegions', resource: MEMBER })).toBe(ALLOWED);
    expect(await decide(plan, { action: 'organizations:ListTagsForResource', resource: MEMBER_IN_ORG })).toBe(ALLOWED);
  });

  it('cannot enable or disable a region, tag an account, or act in a member account', async () => {
    expect(await decide(plan, { action: 'account:EnableRegion', resource: MEMBER })).toBe(DENIED);
    expect(await decide(plan, { action: 'account:DisableRegion', resource: MEMBER })).toBe(DENIED);
    expect(await decide(plan, { action: 'organizations:TagResource', resource: MEMBER_IN_ORG })).toBe(DENIED);
    expect(
      await decide(plan, { action: 'sts:AssumeRole', resource: `arn:${PARTITION}:iam::222222222222:role/UntaggedResourceJanitorMember` }),
    ).toBe(DENIED);
  });
});

describe('IAM: the plan role with listed regions and no tag routes', () => {
  it('is not granted what it does not use', async () => {
    const plan = planPolicies({
      ...EXAMPLE,
      targets: { regions: ['eu-west-1'], accounts: { ids: ['222222222222'] }, externalId: 'janitor-7f3c' },
    });
    expect(await decide(plan, { action: 'account:ListRegions', resource: MEMBER })).toBe(DENIED);
    expect(await decide(plan, { action: 'organizations:ListTagsForResource', resource: MEMBER_IN_ORG })).toBe(DENIED);
  });
});

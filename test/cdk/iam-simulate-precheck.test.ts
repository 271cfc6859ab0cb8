import type { SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALLOWED,
  arn,
  DENIED,
  decide,
  EXAMPLE,
  identityPolicies,
  janitorTemplate,
  MEMBER_ACCOUNT,
  memberTemplate,
  sessionOf,
} from './simulate-harness';

/**
 * targets.resourceExplorerPrecheck: the sweep and member roles read the region's Resource Explorer
 * set-up (index, default view, supported types) and search it; they never change it. A view or
 * index the janitor could edit would let it decide what it is shown.
 */

const PRECHECK = { ...EXAMPLE, targets: { resourceExplorerPrecheck: true, externalId: 'janitor-7f3c' } };
const VIEW = arn('resource-explorer-2', 'view/default/5b7c0000-1111-2222-3333-444455556666');
const INDEX = arn('resource-explorer-2', 'index/5b7c0000-1111-2222-3333-444455556666');
/** Actions with no resource type (GetIndex, CreateIndex, CreateView, AssociateDefaultView) are asked on `*`. */
const READS: readonly (readonly [string, string])[] = [
  ['resource-explorer-2:GetIndex', '*'],
  ['resource-explorer-2:GetDefaultView', '*'],
  ['resource-explorer-2:GetView', VIEW],
  ['resource-explorer-2:ListSupportedResourceTypes', '*'],
  ['resource-explorer-2:Search', VIEW],
];
const CHANGES: readonly (readonly [string, string])[] = [
  ['resource-explorer-2:CreateIndex', '*'],
  ['resource-explorer-2:DeleteIndex', INDEX],
  ['resource-explorer-2:UpdateIndexType', INDEX],
  ['resource-explorer-2:CreateView', '*'],
  ['resource-explorer-2:UpdateView', VIEW],
  ['resource-explorer-2:DeleteView', VIEW],
  ['resource-explorer-2:AssociateDefaultView', '*'],
  ['resource-explorer-2:DisassociateDefaultView', '*'],
];

const sweepPolicies = (config: unknown): SimulationIdentityPolicy[] => {
  const janitor = janitorTemplate(config);
  return identityPolicies(janitor.resources, janitor.idOf(janitor.stack.parts.janitor.role.role));
};

describe('IAM: the Resource Explorer pre-check reads, and never changes, what it is shown', () => {
  let sweep: SimulationIdentityPolicy[];
  let member: SimulationIdentityPolicy[];
  beforeAll(() => {
    sweep = sweepPolicies(PRECHECK);
    const stack = memberTemplate(PRECHECK);
    member = identityPolicies(stack.resources, stack.idOf(stack.stack.memberRole.role));
  });

  it.each(READS)('the sweep role may %s', async (action, resource) => {
    expect(await decide(sweep, { action, resource })).toBe(ALLOWED);
  });

  it.each(READS)('a member role may %s in its account', async (action, resource) => {
    const inMember = resource.replace(/:\d{12}:/, `:${MEMBER_ACCOUNT}:`);
    const as = sessionOf('UntaggedResourceJanitorMember', MEMBER_ACCOUNT);
    expect(await decide(member, { action, resource: inMember, resourceAccount: MEMBER_ACCOUNT, as })).toBe(ALLOWED);
  });

  it.each(CHANGES)('neither role may %s', async (action, resource) => {
    expect(await decide(sweep, { action, resource })).toBe(DENIED);
    const as = sessionOf('UntaggedResourceJanitorMember', MEMBER_ACCOUNT);
    expect(await decide(member, { action, resource, resourceAccount: MEMBER_ACCOUNT, as })).toBe(DENIED);
  });

  it('is not granted with the pre-check off (the default): only the weekly Search is', async () => {
    const off = sweepPolicies(EXAMPLE);
    expect(await decide(off, { action: 'resource-explorer-2:Search', resource: VIEW })).toBe(ALLOWED);
    for (const [action, resource] of READS.filter(([a]) => a !== 'resource-explorer-2:Search')) {
      expect(await decide(off, { action, resource })).toBe(DENIED);
    }
  });
});

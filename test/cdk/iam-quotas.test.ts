import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { RESOURCE_TYPE_IDS, RESOURCE_TYPES } from '../../lambda/resources/registry';
import { buildApp, buildMemberApp } from '../../lib/app';
import { packGrants } from '../../lib/iam/pack';
import { IAM_QUOTAS, PACK_TARGET_SIZE, policySize } from '../../lib/iam/policy-size';
import { MAX_LISTED_MEMBER_ACCOUNTS, memberRoleArns } from '../../lib/iam/role-names';
import { sweepGrants } from '../../lib/iam/sweep-grants';
import { type CfnResources, LONGEST, resolve, rolePolicies, sizeOf } from './role-policies';

/**
 * IAM's quotas, checked on the synthesized templates with every registered type enabled and the
 * largest configuration the IAM grants depend on: a role that fits here fits at deploy time.
 * Intrinsics are resolved to the longest values they can take (partition `aws-us-gov`, 63-character
 * bucket names, 64-character role names), so each measured size is an upper bound.
 */

const EXAMPLE = cdkJson.context.janitor;
const ids = Array.from({ length: MAX_LISTED_MEMBER_ACCOUNTS }, (_, i) => String(100_000_000_000 + i));
/** What grows the grants: every type, the most listed accounts before the wildcard, protected buckets, Keep buttons, owner lookup. */
const LARGEST = {
  ...EXAMPLE,
  resourceTypes: [...RESOURCE_TYPE_IDS],
  owners: { fromCloudTrail: true },
  slack: {
    ...EXAMPLE.slack,
    keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'], allowForever: true },
  },
  targets: {
    regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    accounts: { ids },
    externalId: 'a-long-random-external-id-0123456789',
    maxConcurrency: 50,
  },
  protections: { buckets: Array.from({ length: 100 }, (_, i) => `tf-state-${i}-*`) },
};
const context = (extra: Record<string, unknown> = {}) => ({
  ...cdkJson.context,
  janitor: LARGEST,
  'aws:cdk:bundling-stacks': [],
  ...extra,
});

interface RoleSizes {
  readonly role: string;
  readonly inline: number;
  readonly managed: number[];
  readonly trust: number;
}

function sizesOf(stack: Stack): RoleSizes[] {
  const resources = (Template.fromStack(stack).toJSON() as { Resources: CfnResources }).Resources;
  const measure = (document: unknown) => sizeOf(resolve(document, resources, LONGEST));
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([id]) => {
      const { inline, managed, trust } = rolePolicies(resources, id);
      return {
        role: id,
        inline: inline.reduce((sum, p) => sum + measure(p.document), 0),
        managed: managed.map((p) => measure(p.document)),
        trust: measure(trust),
      };
    });
}

function expectWithinQuotas(sizes: readonly RoleSizes[]): void {
  for (const { role, inline, managed, trust } of sizes) {
    expect(inline, `${role}: inline aggregate`).toBeLessThanOrEqual(IAM_QUOTAS.inlinePerRole);
    expect(managed.length, `${role}: managed policies`).toBeLessThanOrEqual(IAM_QUOTAS.managedPoliciesPerRole);
    for (const size of managed) expect(size, `${role}: a managed policy`).toBeLessThanOrEqual(IAM_QUOTAS.managedPolicy);
    expect(trust, `${role}: trust policy`).toBeLessThanOrEqual(IAM_QUOTAS.trustPolicy);
  }
}

describe('every type, the largest configuration', () => {
  let janitor: RoleSizes[];
  let member: RoleSizes[];

  beforeAll(() => {
    janitor = sizesOf(buildApp({ context: context() }).stack);
    member = sizesOf(
      buildMemberApp({ context: context({ janitorMemberOf: '123456789012', janitorOrganizationId: 'o-a1b2c3d4e5' }) }).stack,
    );
  });

  it('the janitor stack: every role within the inline, managed, count and trust quotas', () => {
    expect(janitor.length).toBeGreaterThanOrEqual(6);
    expectWithinQuotas(janitor);
    // The sweep's grants needed more than one managed policy: the packing is exercised, not vacuous.
    expect(Math.max(...janitor.map((r) => r.managed.length))).toBeGreaterThan(1);
  });

  it('the member stack: the sweep and keep roles within the same quotas', () => {
    expect(member).toHaveLength(2);
    expectWithinQuotas(member);
  });

  it('the managed policies keep a margin below 6,144 even at the longest partition', () => {
    for (const size of [...janitor, ...member].flatMap((r) => r.managed)) expect(size).toBeLessThanOrEqual(PACK_TARGET_SIZE);
  });
});

describe('the packing itself (pure), beyond what a configuration reaches today', () => {
  const grants = (buckets: number, accounts: number) =>
    sweepGrants(RESOURCE_TYPES, {
      protectedBuckets: Array.from({ length: buckets }, (_, i) => `some-long-terraform-state-bucket-name-${i}-*`),
      memberRoleArns: memberRoleArns(
        { ...LARGEST.targets, accounts: { includeSelf: true, ids: ids.slice(0, accounts), organizationalUnits: [], exclude: [] } } as never,
        'UntaggedResourceJanitorMember',
      ),
      ownerLookup: true,
    });

  it('splits statements too large for one policy and packs them, each within the size', () => {
    const packs = packGrants(grants(150, 100), { maxSize: PACK_TARGET_SIZE, maxPolicies: IAM_QUOTAS.managedPoliciesPerRole });
    expect(packs.length).toBeGreaterThan(2);
    for (const pack of packs) expect(policySize(pack.map((g) => g.statement))).toBeLessThanOrEqual(PACK_TARGET_SIZE);
    // Nothing lost: the same actions on the same resources, however split.
    const pairs = (gs: ReturnType<typeof grants>) =>
      new Set(
        gs.flatMap((g) =>
          g.statement.actions.flatMap((a) =>
            g.statement.resources.map((r) => `${g.statement.effect} ${a} ${r} ${JSON.stringify(g.statement.conditions ?? {})}`),
          ),
        ),
      );
    expect(pairs(packs.flat())).toEqual(pairs(grants(150, 100)));
  });

  it('fails the synth (not the deploy) when the grants cannot fit a role', () => {
    expect(() => packGrants(grants(2_000, 100), { maxSize: PACK_TARGET_SIZE, maxPolicies: IAM_QUOTAS.managedPoliciesPerRole })).toThrow(
      /a role may carry 10/,
    );
  });
});

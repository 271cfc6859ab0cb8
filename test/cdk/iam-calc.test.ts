import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambda/config';
import { RESOURCE_TYPES } from '../../lambda/resources/registry';
import { keepGrants } from '../../lib/iam/keep-grants';
import { memberTrustConditions } from '../../lib/iam/member-trust';
import { janitorRoleNames } from '../../lib/iam/role-names';
import { allow, deny, mergeGrants } from '../../lib/iam/statement';
import { sweepGrants } from '../../lib/iam/sweep-grants';
import { onlyTagKeys, tagActionKind } from '../../lib/iam/tag-keys';

/** The pure IAM calculation of lib/iam/ (what the simulator specs then evaluate on the templates). */

describe('mergeGrants', () => {
  it('merges statements whose effect, resources and conditions agree (in any key or value order), and no others', () => {
    const merged = mergeGrants([
      allow(['b:Two'], ['*'], 'why b'),
      allow(['a:One'], ['*'], 'why a'),
      allow(['c:Three'], ['*'], 'conditioned', {
        Null: { 'aws:TagKeys': 'false' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['x', 'y'] },
      }),
      allow(['d:Four'], ['*'], 'conditioned', {
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['y', 'x'] },
        Null: { 'aws:TagKeys': 'false' },
      }),
      deny(['e:Five'], ['*'], 'denied'),
      allow(['f:Six'], ['arn:${Partition}:s3:::x'], 'narrow'),
    ]);
    expect(merged.map((g) => [g.statement.effect, g.statement.actions])).toEqual([
      ['Allow', ['a:One', 'b:Two']],
      ['Allow', ['c:Three', 'd:Four']],
      ['Deny', ['e:Five']],
      ['Allow', ['f:Six']],
    ]);
    expect(merged[0]?.why).toBe('why a why b');
  });
});

describe('tag keys', () => {
  it('classifies every plug-in tag action, and refuses an unknown one rather than grant it unscoped', () => {
    for (const action of RESOURCE_TYPES.flatMap((t) => t.iam.tag))
      expect(['write', 'remove', 'read', 'unscopable']).toContain(tagActionKind(action));
    expect(tagActionKind('ec2:CreateTags')).toBe('write');
    expect(tagActionKind('apigateway:DELETE')).toBe('remove');
    expect(tagActionKind('s3:PutBucketTagging')).toBe('unscopable');
    expect(() => tagActionKind('ec2:ReplaceTagsEverywhere')).toThrow(/unknown tag action/);
  });

  it('requires the key to be present: ForAllValues alone would pass a request without tag keys', () => {
    expect(onlyTagKeys(['janitor:delete-after'])).toEqual({
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['janitor:delete-after'] },
      Null: { 'aws:TagKeys': 'false' },
    });
  });

  it("the Keep role's grants never carry a delete action nor the mark among the keys it writes", () => {
    for (const { statement } of keepGrants(RESOURCE_TYPES, { memberRoleArns: [] })) {
      const written = statement.conditions?.['ForAllValues:StringEquals']?.['aws:TagKeys'];
      if (statement.actions.some((a) => !a.startsWith('tag:') && tagActionKind(a) === 'write') && written)
        expect(written).not.toContain('janitor:delete-after');
      for (const action of statement.actions)
        expect(action).not.toMatch(/:(Delete(?!Tags)|Terminate|Deregister|Release|Schedule|Remove(?!Tags))/);
    }
  });

  it("the sweep's tag grants write the mark only", () => {
    const keyed = sweepGrants(RESOURCE_TYPES, { protectedBuckets: [], memberRoleArns: [], ownerLookup: false }).filter(
      (g) => g.statement.conditions?.Null?.['aws:TagKeys'],
    );
    expect(keyed.length).toBeGreaterThan(0);
    for (const g of keyed) expect(g.statement.conditions?.['ForAllValues:StringEquals']?.['aws:TagKeys']).toEqual(['janitor:delete-after']);
  });
});

describe('role names and member trust', () => {
  it("names the janitor's two trusted roles after the stack, within IAM's 64 characters", () => {
    expect(janitorRoleNames('UntaggedResourceJanitor')).toEqual({
      sweep: 'UntaggedResourceJanitor-sweep',
      keep: 'UntaggedResourceJanitor-keep',
    });
    expect(() => janitorRoleNames('J'.repeat(59))).toThrow(ConfigError);
    expect(janitorRoleNames('J'.repeat(58)).sweep).toHaveLength(64);
  });

  it('trusts one exact role ARN, plus the external id and the organization when given', () => {
    expect(
      memberTrustConditions({
        janitorAccountId: '111111111111',
        janitorRoleName: 'J-sweep',
        externalId: 'x-1',
        organizationId: 'o-a1b2c3d4e5',
      }),
    ).toEqual({
      ArnEquals: { 'aws:PrincipalArn': 'arn:${Partition}:iam::111111111111:role/J-sweep' },
      StringEquals: { 'sts:ExternalId': 'x-1', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    });
    expect(memberTrustConditions({ janitorAccountId: '111111111111', janitorRoleName: 'J-keep', organizationId: 'o-a1b2c3d4e5' })).toEqual({
      ArnEquals: { 'aws:PrincipalArn': 'arn:${Partition}:iam::111111111111:role/J-keep' },
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    });
  });
});

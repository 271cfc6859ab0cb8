import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { packGrants } from '../iam/pack';
import { IAM_QUOTAS, PACK_TARGET_SIZE } from '../iam/policy-size';
import { type Grant, type IamConditions, type IamStatement, PARTITION_PLACEHOLDER, sortedUnique } from '../iam/statement';

const withPartition = (value: string, partition: string) => value.split(PARTITION_PLACEHOLDER).join(partition);

/** Conditions with `${Partition}` replaced in their values. */
export function cdkConditions(conditions: IamConditions, partition: string): Record<string, Record<string, string | string[]>> {
  return Object.fromEntries(
    Object.entries(conditions).map(([op, keys]) => [
      op,
      Object.fromEntries(
        Object.entries(keys).map(([k, v]) => [
          k,
          typeof v === 'string' ? withPartition(v, partition) : v.map((x) => withPartition(x, partition)),
        ]),
      ),
    ]),
  );
}

/** The statement for CDK, `${Partition}` replaced in resources and condition values. */
export function cdkStatement(statement: IamStatement, partition: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    effect: statement.effect === 'Deny' ? iam.Effect.DENY : iam.Effect.ALLOW,
    actions: [...statement.actions],
    resources: statement.resources.map((r) => withPartition(r, partition)),
    conditions: statement.conditions ? cdkConditions(statement.conditions, partition) : undefined,
  });
}

/**
 * Acknowledges exactly the wildcards of these Allow statements, as cdk-nag 3 reports them (one
 * finding per wildcard action or resource; the partition as `<AWS::Partition>` when a token), each
 * with the reasons of the statements that have it.
 */
function acknowledgeWildcards(policy: Construct, grants: readonly Grant[], partition: string): void {
  const flat = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
  const reasons = new Map<string, string[]>();
  for (const { statement, why } of grants.filter((g) => g.statement.effect === 'Allow')) {
    const findings = [
      ...statement.actions.filter((a) => a.includes('*')).map((a) => `Action::${a}`),
      ...statement.resources.filter((r) => r.includes('*')).map((r) => `Resource::${withPartition(r, flat)}`),
    ];
    for (const finding of findings) reasons.set(finding, [...(reasons.get(finding) ?? []), why]);
  }
  const acknowledgements = [...reasons].map(([finding, whys]) => ({
    id: `AwsSolutions-IAM5[${finding}]`,
    reason: sortedUnique(whys).join(' '),
  }));
  if (acknowledgements.length > 0) Validations.of(policy).acknowledge(...acknowledgements);
}

/**
 * Attaches the grants to the role as customer managed policies, packed to IAM's quotas (each at
 * most 6,144 characters, at most 10 per role), so a role's grants never hit the 10,240-character
 * inline aggregate however many types are enabled. Throws at synth when they cannot fit.
 */
export function attachGrants(scope: Construct, id: string, role: iam.Role, grants: readonly Grant[]): iam.ManagedPolicy[] {
  const partition = Stack.of(scope).partition;
  const packs = packGrants(grants, { maxSize: PACK_TARGET_SIZE, maxPolicies: IAM_QUOTAS.managedPoliciesPerRole });
  return packs.map((pack, index) => {
    const policy = new iam.ManagedPolicy(scope, `${id}${index + 1}`, {
      description: `Untagged-resource janitor: ${id} ${index + 1} of ${packs.length}`,
      statements: pack.map((g) => cdkStatement(g.statement, partition)),
    });
    role.addManagedPolicy(policy);
    acknowledgeWildcards(policy, pack, partition);
    return policy;
  });
}

import { type IamStatement, PARTITION_PLACEHOLDER, statementJson } from './statement';

/**
 * IAM's quotas on what a role carries, in characters without whitespace
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const IAM_QUOTAS = {
  /** All inline policies of one role together. */
  inlinePerRole: 10_240,
  /** One customer managed policy. */
  managedPolicy: 6_144,
  /** Managed policies attached to one role (default quota; 20 at most on request). */
  managedPoliciesPerRole: 10,
  /** A role's trust policy (default quota; 4,096 at most on request). */
  trustPolicy: 2_048,
} as const;

/** What the packing fills a managed policy to: below 6,144, so that CloudFormation's and IAM's reading of the JSON may differ a little. */
export const PACK_TARGET_SIZE = IAM_QUOTAS.managedPolicy - 144;

/** The longest partition name (`aws-us-gov`, `aws-iso-b` are shorter or equal): sizes are upper bounds. */
const LONGEST_PARTITION = 'aws-us-gov';

export const policyDocument = (statements: readonly IamStatement[]) => ({
  Version: '2012-10-17',
  Statement: statements.map(statementJson),
});

/** The characters IAM counts for a policy of these statements, the partition at its longest. */
export function policySize(statements: readonly IamStatement[]): number {
  return JSON.stringify(policyDocument(statements)).split(PARTITION_PLACEHOLDER).join(LONGEST_PARTITION).replace(/\s/g, '').length;
}

import { ConfigError, type JanitorConfig } from '../../lambda/config';

/** IAM role names: at most 64 characters. */
export const MAX_ROLE_NAME = 64;

/**
 * The janitor stack's two roles that member accounts trust, by fixed name so each member role can
 * trust exactly one ARN: `<stack>-sweep` (the nightly sweep) and `<stack>-keep` (Keep buttons).
 */
export interface JanitorRoleNames {
  readonly sweep: string;
  readonly keep: string;
}

export function janitorRoleNames(stackName: string): JanitorRoleNames {
  const names = { sweep: `${stackName}-sweep`, keep: `${stackName}-keep` };
  const tooLong = Object.values(names).filter((name) => name.length > MAX_ROLE_NAME);
  if (tooLong.length > 0) {
    throw new ConfigError([
      `janitorStackName: at most ${MAX_ROLE_NAME - '-sweep'.length} characters, since the janitor's roles are named after it (${tooLong.join(', ')})`,
    ]);
  }
  return names;
}

/** A role's ARN pattern, `${Partition}` for the partition and `*` for any account. */
export const roleArn = (accountId: string, roleName: string): string => `arn:\${Partition}:iam::${accountId}:role/${roleName}`;

/**
 * Above this many listed accounts the grant names the role in any account (as for OUs): the member
 * roles' trust is the gate, and a grant per account would outgrow IAM's policy quotas.
 */
export const MAX_LISTED_MEMBER_ACCOUNTS = 100;

/**
 * The member roles (of `roleName`) a janitor role may assume: by account id when every member is
 * listed, any account's role of that name when OUs are resolved at run time. None for the janitor's
 * account alone.
 */
export function memberRoleArns(targets: JanitorConfig['targets'], roleName: string): string[] {
  const ids = [...new Set(targets.accounts.ids)];
  if (targets.accounts.organizationalUnits.length > 0 || ids.length > MAX_LISTED_MEMBER_ACCOUNTS) return [roleArn('*', roleName)];
  return ids.map((id) => roleArn(id, roleName));
}

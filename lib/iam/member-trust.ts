import { roleArn } from './role-names';
import type { IamConditions } from './statement';

export interface MemberTrust {
  /** The janitor's account: the trust policy's principal. */
  readonly janitorAccountId: string;
  /** The one janitor role allowed in, by its fixed name. */
  readonly janitorRoleName: string;
  readonly externalId?: string;
  /** `o-…`: the caller must also belong to this organization. */
  readonly organizationId?: string;
}

/**
 * The conditions on a member role's trust: the exact ARN of one janitor role (aws:PrincipalArn,
 * which for an assumed-role session is the role's ARN, so a role merely named alike elsewhere or a
 * sibling role of the janitor stack does not match), plus the external id and/or the organization.
 * A principal ARN condition rather than the role as Principal: that one IAM resolves to the role's
 * unique id at save time, so it would fail before the janitor is deployed and break when its role is
 * replaced (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
export function memberTrustConditions(trust: MemberTrust): IamConditions {
  const equals: Record<string, string> = {};
  if (trust.externalId) equals['sts:ExternalId'] = trust.externalId;
  if (trust.organizationId) equals['aws:PrincipalOrgID'] = trust.organizationId;
  return {
    ArnEquals: { 'aws:PrincipalArn': roleArn(trust.janitorAccountId, trust.janitorRoleName) },
    ...(Object.keys(equals).length > 0 ? { StringEquals: equals } : {}),
  };
}

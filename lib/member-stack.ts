import { BootstraplessSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ConfigError, type JanitorConfig } from '../lambda/config';
import { enabledResourceTypes } from '../lambda/resources/registry';
import { JanitorRole } from './constructs/janitor-role';
import { attachGrants, cdkConditions } from './constructs/packed-policies';
import { keepGrants } from './iam/keep-grants';
import { type MemberTrust, memberTrustConditions } from './iam/member-trust';
import { janitorRoleNames } from './iam/role-names';

export interface JanitorMemberStackProps extends StackProps {
  /** Already validated: the same configuration as the janitor's, so both agree on types, role names and external id. */
  readonly config: JanitorConfig;
  /** The account the janitor is deployed in. */
  readonly janitorAccountId: string;
  /** The janitor's stack name: its `-sweep` and `-keep` roles are the only ones let in. */
  readonly janitorStackName: string;
  /** `o-...`: additionally require the caller to belong to this organization. */
  readonly organizationId?: string;
}

/**
 * What a member account needs: the sweep role (`targets.memberRoleName`, exactly the janitor's
 * sweep permissions) and, with Keep buttons, a tag-only keep role (`targets.keepMemberRoleName`).
 * Each trusts exactly one janitor role's ARN, with the external id (and/or from inside the
 * organization). No assets and no bootstrap dependency, so the same template deploys with
 * `cdk deploy` or as a CloudFormation StackSet.
 */
export class JanitorMemberStack extends Stack {
  readonly memberRole: JanitorRole;
  readonly keepRole?: iam.Role;

  constructor(scope: Construct, id: string, props: JanitorMemberStackProps) {
    super(scope, id, { ...props, synthesizer: new BootstraplessSynthesizer() });
    const { config } = props;
    validate(props);
    const names = janitorRoleNames(props.janitorStackName);
    const types = enabledResourceTypes(config.resourceTypes);
    const trustFor = (janitorRoleName: string) =>
      this.trustedBy({
        janitorAccountId: props.janitorAccountId,
        janitorRoleName,
        externalId: config.targets.externalId,
        organizationId: props.organizationId,
      });

    this.memberRole = new JanitorRole(this, 'MemberRole', {
      resourceTypes: types,
      roleName: config.targets.memberRoleName,
      lookUpOwnersInCloudTrail: config.owners.fromCloudTrail,
      resourceExplorerPrecheck: config.targets.resourceExplorerPrecheck,
      protectedBuckets: config.protections.buckets,
      iac: { cloudFormation: config.iac.cloudFormation.enabled, stateSources: [] },
      assumedBy: trustFor(names.sweep),
      description: `Untagged-resource janitor (account ${props.janitorAccountId}, role ${names.sweep}): inventories, tags and deletes the enabled resource types here`,
    });

    if (config.slack.keepButtons) {
      this.keepRole = new iam.Role(this, 'KeepRole', {
        roleName: config.targets.keepMemberRoleName,
        assumedBy: trustFor(names.keep),
        description: `Untagged-resource janitor (account ${props.janitorAccountId}, role ${names.keep}): Keep buttons exempt resources here; tags only`,
      });
      attachGrants(this, 'KeepGrants', this.keepRole, keepGrants(types, { memberRoleArns: [] }));
    }
  }

  /** The janitor's account as principal, narrowed to one role's ARN (and the external id / organization). */
  private trustedBy(trust: MemberTrust): iam.IPrincipal {
    return new iam.AccountPrincipal(trust.janitorAccountId).withConditions(cdkConditions(memberTrustConditions(trust), this.partition));
  }
}

function validate(props: JanitorMemberStackProps): void {
  if (!/^\d{12}$/.test(props.janitorAccountId)) {
    throw new ConfigError([`janitorMemberOf: must be the janitor's 12-digit account id, got ${JSON.stringify(props.janitorAccountId)}`]);
  }
  if (!props.config.targets.externalId && !props.organizationId) {
    throw new ConfigError([
      'janitor.targets.externalId: required for the member roles (or give janitorOrganizationId): without either, the trust would rest on the role name alone',
    ]);
  }
  if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    throw new ConfigError([
      `janitorOrganizationId: must be an organization id like "o-a1b2c3d4e5", got ${JSON.stringify(props.organizationId)}`,
    ]);
  }
}

import { BootstraplessSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ConfigError, type JanitorConfig } from '../lambda/config';
import { enabledResourceTypes } from '../lambda/resources/registry';
import { JanitorRole } from './constructs/janitor-role';

export interface JanitorMemberStackProps extends StackProps {
  /** Already validated: the same configuration as the janitor's, so both agree on types, role name and external id. */
  readonly config: JanitorConfig;
  /** The account the janitor is deployed in. */
  readonly janitorAccountId: string;
  /** The janitor's stack name: only roles of that stack may assume the member role. */
  readonly janitorStackName: string;
  /** `o-...`: additionally require the caller to belong to this organization. */
  readonly organizationId?: string;
}

/**
 * What a member account needs: one role, named `targets.memberRoleName`, with exactly the janitor's
 * sweep permissions, assumable only by the janitor stack's roles in the janitor account, and only
 * with the external id (and/or from inside the organization). No assets and no bootstrap
 * dependency, so the same template deploys with `cdk deploy` or as a CloudFormation StackSet.
 */
export class JanitorMemberStack extends Stack {
  readonly memberRole: JanitorRole;

  constructor(scope: Construct, id: string, props: JanitorMemberStackProps) {
    super(scope, id, { ...props, synthesizer: new BootstraplessSynthesizer() });
    const { config } = props;
    if (!/^\d{12}$/.test(props.janitorAccountId)) {
      throw new ConfigError([`janitorMemberOf: must be the janitor's 12-digit account id, got ${JSON.stringify(props.janitorAccountId)}`]);
    }
    if (!config.targets.externalId && !props.organizationId) {
      throw new ConfigError([
        'janitor.targets.externalId: required for the member role (or give janitorOrganizationId): without either, any role named like the janitor\'s in that account could assume it',
      ]);
    }
    if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new ConfigError([`janitorOrganizationId: must be an organization id like "o-a1b2c3d4e5", got ${JSON.stringify(props.organizationId)}`]);
    }

    const conditions: Record<string, Record<string, string>> = {
      // The janitor's generated role names start with its stack name.
      ArnLike: { 'aws:PrincipalArn': `arn:${this.partition}:iam::${props.janitorAccountId}:role/${props.janitorStackName}-*` },
    };
    if (config.targets.externalId) conditions.StringEquals = { 'sts:ExternalId': config.targets.externalId };
    if (props.organizationId) conditions.StringEquals = { ...conditions.StringEquals, 'aws:PrincipalOrgID': props.organizationId };

    this.memberRole = new JanitorRole(this, 'MemberRole', {
      resourceTypes: enabledResourceTypes(config.resourceTypes),
      roleName: config.targets.memberRoleName,
      lookUpOwnersInCloudTrail: config.owners.fromCloudTrail,
      assumedBy: new iam.AccountPrincipal(props.janitorAccountId).withConditions(conditions),
      description: `Untagged-resource janitor (account ${props.janitorAccountId}, stack ${props.janitorStackName}): inventories, tags and deletes the enabled resource types here`,
    });
  }
}
